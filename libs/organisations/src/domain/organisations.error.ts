import { DomainError, ErrorKind } from '@escr/kernel';

/** Errors of the Organisations & Legal context. */
export class OrganisationsError extends DomainError {
  private constructor(code: string, message: string, kind: ErrorKind) {
    super(code, message, kind);
  }

  static notEligible(reason: string): OrganisationsError {
    return new OrganisationsError('OR-0001', `Registration rejected: ${reason}`, 'unprocessable');
  }

  static picTaken(pic: string): OrganisationsError {
    return new OrganisationsError('OR-0002', `An organisation with PIC ${pic} is already registered`, 'conflict');
  }

  static notFound(reference: string | number): OrganisationsError {
    return new OrganisationsError('OR-0003', `No organisation ${reference}`, 'not_found');
  }

  static notMember(organisationId: number): OrganisationsError {
    return new OrganisationsError('SE-0004', `Access denied: you do not act for organisation ${organisationId}`, 'forbidden');
  }

  static invalidTransition(organisationId: number, status: string, action: string): OrganisationsError {
    return new OrganisationsError('OR-0004', `Organisation ${organisationId} is ${status} and cannot be ${action}`, 'conflict');
  }

  static notVetted(organisationId: number): OrganisationsError {
    return new OrganisationsError(
      'LG-0002',
      `Organisation ${organisationId} is awaiting vetting by the operations staff and cannot manage cards yet`,
      'forbidden',
    );
  }

  static legalDocumentsNotAccepted(organisationId: number, missing: string[]): OrganisationsError {
    return new OrganisationsError(
      'LG-0001',
      `The legal documents of organisation ${organisationId} are not accepted (${missing.join(', ')}). Its authorised person must accept them at GET /api/organisations/${organisationId}/legal-documents`,
      'forbidden',
    );
  }

  static discontinued(organisationId: number): OrganisationsError {
    return new OrganisationsError('LG-0004', `Organisation ${organisationId} is discontinued`, 'forbidden');
  }

  static staleDocument(type: string, version: number): OrganisationsError {
    return new OrganisationsError(
      'LG-0003',
      `The ${type} text you accepted (version ${version}) is no longer the current one: fetch the legal documents again and accept the new text`,
      'conflict',
    );
  }

  static unknownDocument(type: string, version: number): OrganisationsError {
    return new OrganisationsError('LG-0005', `${type} version ${version} is not the current version to accept`, 'conflict');
  }

  static vatNumberTaken(vatNumber: string): OrganisationsError {
    return new OrganisationsError('OR-0005', `A processor with VAT number ${vatNumber} is already registered`, 'conflict');
  }

  static rejected(organisationId: number): OrganisationsError {
    return new OrganisationsError(
      'LG-0006',
      `The registration of organisation ${organisationId} was rejected by the operations staff; register again with corrected data`,
      'forbidden',
    );
  }

  static notAuthorisedPerson(organisationId: number): OrganisationsError {
    return new OrganisationsError(
      'SE-0005',
      `Access denied: only the authorised person of organisation ${organisationId} may do this`,
      'forbidden',
    );
  }

  static notAnIssuer(organisationId: number): OrganisationsError {
    return new OrganisationsError(
      'OR-0006',
      `Organisation ${organisationId} is a processor; only HEIs and public authorities have a Joint Controllership Arrangement`,
      'conflict',
    );
  }

  static invalidPublication(field: string, value: string, fix: string): OrganisationsError {
    return new OrganisationsError('LG-0007', `Invalid ${field} ${value}: ${fix}`, 'invalid');
  }

  static invalidSettings(field: string, value: string, fix: string): OrganisationsError {
    return new OrganisationsError('OR-0007', `Invalid ${field} ${value}: ${fix}`, 'invalid');
  }
}
