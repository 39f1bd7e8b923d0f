import { CsvOperation, CsvValidationError } from '../domain/csv-layout.js';
import { findRepeatedCardNumbers, validateCsvHeader, validateCsvRow } from '../domain/csv-row-validator.js';
import { CsvFile } from './csv-reader.js';

/**
 * Returns every problem of a read CSV file for an operation, in row order: reading problems, the header,
 * each row, and card numbers repeated across rows. Rows are checked only when the header is valid.
 */
export function validateCsvFile(operation: CsvOperation, file: CsvFile): CsvValidationError[] {
  const errors = [...file.errors];
  if (file.header.length === 0) return errors;

  const headerErrors = validateCsvHeader(operation, file.header);
  if (headerErrors.length > 0) return [...headerErrors, ...errors];

  for (const { rowNumber, record } of file.rows) errors.push(...validateCsvRow(operation, rowNumber, record));
  errors.push(...findRepeatedCardNumbers(file.rows));

  return errors.sort((left, right) => left.rowNumber - right.rowNumber);
}
