import { DomainError, ErrorKind } from '@escr/kernel';
import { CsvValidationError } from '../domain/csv-layout.js';

/** Shown in an import's error message, before pointing to validate-csv for the full list. */
const LISTED_PROBLEMS = 5;

function describe(error: CsvValidationError): string {
  const field = error.fieldName ? ` ${error.fieldName}` : '';

  return `row ${error.rowNumber}${field}: ${error.errorMessage}`;
}

/** Errors of CSV validation and card imports, part of the Cards context. */
export class CsvError extends DomainError {
  private constructor(code: string, message: string, kind: ErrorKind) {
    super(code, message, kind);
  }

  static missingFile(): CsvError {
    return new CsvError('CSV-0001', 'file: missing. Send the CSV file as the multipart/form-data part named file', 'invalid');
  }

  static unsupportedFileType(received: string): CsvError {
    return new CsvError('CSV-0002', `file: content type ${received} is not CSV. Send the part as text/csv`, 'unsupported_media_type');
  }

  static tooLarge(limitBytes: number): CsvError {
    return new CsvError('CSV-0003', `file: larger than the limit of ${limitBytes} bytes. Split it into smaller files`, 'payload_too_large');
  }

  static malformedUpload(detail: string): CsvError {
    return new CsvError('CSV-0004', `The multipart upload is invalid: ${detail}. Send one part named file`, 'invalid');
  }

  static invalidRows(errors: CsvValidationError[]): CsvError {
    const listed = errors.slice(0, LISTED_PROBLEMS).map(describe).join('; ');
    const more = errors.length > LISTED_PROBLEMS ? ` and ${errors.length - LISTED_PROBLEMS} more` : '';

    return new CsvError(
      'CSV-0005',
      `Nothing was imported, because the file has ${errors.length} problems: ${listed}${more}. ` +
        'POST /esc-rest/api/v2/cards/validate-csv lists them all',
      'invalid',
    );
  }

  /** A row that passed validation but failed when applied. The error keeps the code and kind of the cause. */
  static rowFailed(rowNumber: number, cause: DomainError): CsvError {
    return new CsvError(cause.code, `Nothing was imported, because row ${rowNumber} failed: ${cause.message}`, cause.kind);
  }

  static notOwnOrganisation(organisationId: number): CsvError {
    return new CsvError('SE-0004', `Access denied: you can import cards only for your own organisation, not organisation ${organisationId}`, 'forbidden');
  }
}
