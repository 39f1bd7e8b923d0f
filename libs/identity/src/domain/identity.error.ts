import { DomainError, ErrorKind } from '@escr/kernel';

/** Errors of the Identity context. Codes starting with SE- follow the real router's security errors. */
export class IdentityError extends DomainError {
  private constructor(code: string, message: string, kind: ErrorKind, headers: Record<string, string> = {}) {
    super(code, message, kind, headers);
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

  /** The real router's SE-0000; the detail, when given, names what the route requires. */
  static accessDenied(detail?: string): IdentityError {
    return new IdentityError('SE-0000', detail ? `Access denied: ${detail}` : 'Access denied', 'forbidden');
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

  static invalidRefreshToken(): IdentityError {
    return new IdentityError('SE-0005', 'The refresh token is invalid, expired, already used or revoked; log in again', 'unauthenticated');
  }

  static tooManyAttempts(retryAfterSeconds: number): IdentityError {
    return new IdentityError(
      'SE-0429',
      `Too many attempts from this client address; retry after ${retryAfterSeconds} s`,
      'too_many_requests',
      { 'Retry-After': String(retryAfterSeconds) },
    );
  }

  static invalidInvitation(): IdentityError {
    return new IdentityError(
      'ID-0005',
      'The invitation token is invalid, expired, revoked or already used; ask your authorised person for a new invitation',
      'invalid',
    );
  }

  static invalidResetToken(): IdentityError {
    return new IdentityError('ID-0006', 'The password reset token is invalid, expired or already used; request a new reset e-mail', 'invalid');
  }

  static userNotFound(userId: string, organisationId: number): IdentityError {
    return new IdentityError('ID-0007', `No user ${userId} in organisation ${organisationId}`, 'not_found');
  }

  static lastAuthorisedPerson(userId: string, organisationId: number): IdentityError {
    return new IdentityError(
      'ID-0008',
      `User ${userId} is the last active authorised person of organisation ${organisationId}; ` +
        'make another user AUTHORISED_PERSON first',
      'conflict',
    );
  }

  static invitationNotFound(invitationId: string, organisationId: number): IdentityError {
    return new IdentityError('ID-0009', `No pending invitation ${invitationId} in organisation ${organisationId}`, 'not_found');
  }
}
