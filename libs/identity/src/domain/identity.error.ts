import { DomainError, ErrorKind } from '@escr/kernel';

/** Errors of the Identity context. Codes starting with SE- follow the real router's security errors. */
export class IdentityError extends DomainError {
  private constructor(code: string, message: string, kind: ErrorKind) {
    super(code, message, kind);
  }

  static authenticationRequired(): IdentityError {
    return new IdentityError(
      'SE-0001',
      'Authentication required: send an API token or an access token as "Authorization: Bearer <token>"',
      'unauthenticated',
    );
  }

  static invalidToken(): IdentityError {
    return new IdentityError('SE-0002', 'The token is invalid, expired or revoked', 'unauthenticated');
  }

  static invalidCredentials(): IdentityError {
    return new IdentityError('SE-0003', 'Invalid e-mail address or password', 'unauthenticated');
  }

  static accessDenied(): IdentityError {
    return new IdentityError('SE-0000', 'Access denied', 'forbidden');
  }

  static notAMember(organisationId: number): IdentityError {
    return new IdentityError('SE-0004', `Access denied: you do not act for organisation ${organisationId}`, 'forbidden');
  }

  static emailTaken(email: string): IdentityError {
    return new IdentityError('ID-0001', `An account with e-mail ${email} already exists`, 'conflict');
  }

  static weakPassword(reason: string): IdentityError {
    return new IdentityError('ID-0002', `password: ${reason}`, 'invalid');
  }

  static tokenNotFound(tokenId: string): IdentityError {
    return new IdentityError('ID-0003', `No API token ${tokenId} in this organisation`, 'not_found');
  }

  static invalidExpiry(reason: string): IdentityError {
    return new IdentityError('ID-0004', `expiresAt: ${reason}`, 'invalid');
  }
}
