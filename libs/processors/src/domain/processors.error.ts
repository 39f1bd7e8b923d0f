import { DomainError, ErrorKind } from '@escr/kernel';

/** Errors of the Processors context. */
export class ProcessorsError extends DomainError {
  private constructor(code: string, message: string, kind: ErrorKind) {
    super(code, message, kind);
  }

  static invalidVatNumber(value: string): ProcessorsError {
    return new ProcessorsError(
      'PR-0001',
      `Invalid VAT number ${value}: give the two-letter country prefix followed by 2 to 13 letters or digits, for example BE0123456789`,
      'invalid',
    );
  }

  static unknownProcessor(vatNumber: string): ProcessorsError {
    return new ProcessorsError('PR-0002', `No processor with VAT number ${vatNumber} is registered; register it first`, 'not_found');
  }

  static notAuthorisedPerson(organisationId: number): ProcessorsError {
    return new ProcessorsError(
      'SE-0005',
      `Access denied: only the authorised person of organisation ${organisationId} may link or unlink its processors`,
      'forbidden',
    );
  }

  static notAnIssuer(organisationId: number): ProcessorsError {
    return new ProcessorsError(
      'PR-0003',
      `Organisation ${organisationId} is not an HEI or public authority, so it cannot link processors`,
      'conflict',
    );
  }

  static issuerUnavailable(organisationId: number, status: string): ProcessorsError {
    return new ProcessorsError('PR-0004', `Organisation ${organisationId} is ${status} and cannot link processors`, 'conflict');
  }

  static notLinked(vatNumber: string, organisationId: number): ProcessorsError {
    return new ProcessorsError('PR-0005', `Processor ${vatNumber} is not linked to organisation ${organisationId}`, 'not_found');
  }

  static processorUnavailable(vatNumber: string, status: string): ProcessorsError {
    return new ProcessorsError('PR-0006', `Processor ${vatNumber} is ${status} and cannot be linked`, 'conflict');
  }
}
