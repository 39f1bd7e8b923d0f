import { DomainError, ErrorKind } from '@escr/kernel';

/** Errors of the deprecated API V1 adapter, part of the Cards context. */
export class V1Error extends DomainError {
  private constructor(code: string, message: string, kind: ErrorKind) {
    super(code, message, kind);
  }

  static missingExpiryDate(esi: string): V1Error {
    return new V1Error(
      'V1-0001',
      `expiryDate: no card expiry date is known for student ${esi}; send it with PUT /esc-rest/api/v1/students/{europeanStudentIdentifier} first`,
      'unprocessable',
    );
  }

  static cardOfAnotherStudent(escn: string, esi: string): V1Error {
    return new V1Error('ER-0001', `No card with ESCN ${escn} belongs to student ${esi}`, 'not_found');
  }
}
