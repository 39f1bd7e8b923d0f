import { isCalendarDate, normaliseEscn } from '@escr/kernel';
import { CARD_TYPE_KEYS, WRITABLE_CARD_STATUSES } from './card.types.js';
import { checkEsi } from './esi.js';
import {
  CSV_COLUMNS,
  CsvColumn,
  CsvOperation,
  CsvRecord,
  CsvValidationError,
  HEADER_ROW_NUMBER,
  REQUIRED_COLUMNS,
} from './csv-layout.js';

const TEXT_MAX_LENGTH = 255;

function problem(rowNumber: number, fieldName: string, errorMessage: string, params: Record<string, string> = {}): CsvValidationError {
  return { rowNumber, fieldName, errorMessage, params };
}

/**
 * Checks the header row: every name must be a known column, no column may repeat, and the columns
 * that the operation needs must be present.
 */
export function validateCsvHeader(operation: CsvOperation, header: string[]): CsvValidationError[] {
  const errors: CsvValidationError[] = [];
  const seen = new Set<string>();
  for (const name of header) {
    if (!(CSV_COLUMNS as readonly string[]).includes(name)) {
      errors.push(problem(HEADER_ROW_NUMBER, name, `unknown column; expected names are ${CSV_COLUMNS.join(', ')}`, { value: name }));
    } else if (seen.has(name)) {
      errors.push(problem(HEADER_ROW_NUMBER, name, 'column appears more than once', { value: name }));
    }
    seen.add(name);
  }
  for (const column of REQUIRED_COLUMNS[operation]) {
    if (!seen.has(column)) {
      errors.push(problem(HEADER_ROW_NUMBER, column, `missing column, which ${operation} needs`, { operation }));
    }
  }

  return errors;
}

/**
 * Checks one data row for an operation, without looking at stored data: required values, formats,
 * enumerations and the date order. Returns every problem of the row, or an empty array.
 */
export function validateCsvRow(operation: CsvOperation, rowNumber: number, record: CsvRecord): CsvValidationError[] {
  const errors: CsvValidationError[] = [];
  const value = (column: CsvColumn) => record[column]?.trim() ?? '';
  const fail = (column: CsvColumn, message: string, params: Record<string, string> = {}) =>
    errors.push(problem(rowNumber, column, message, { value: value(column), ...params }));

  for (const column of REQUIRED_COLUMNS[operation]) {
    if (value(column) === '') fail(column, `is required for ${operation}`);
  }

  const cardNumber = value('cardNumber');
  if (cardNumber !== '' && normaliseEscn(cardNumber) === null) {
    fail('cardNumber', 'is not an ESCN: expected a version-1 UUID whose last group is a 3-digit prefix and the 9-digit PIC');
  }
  if (operation === 'DELETE') return errors;

  const personIdentifier = value('personIdentifier');
  if (personIdentifier !== '') {
    const esi = checkEsi(personIdentifier);
    if (!esi.valid) fail('personIdentifier', esi.reason);
  }

  const issuer = value('issuerIdentifier');
  if (issuer !== '' && !/^[0-9]{9}$/.test(issuer)) fail('issuerIdentifier', 'must be the issuer PIC: exactly 9 digits');

  const cardType = value('cardType');
  if (cardType !== '' && !(CARD_TYPE_KEYS as string[]).includes(cardType)) {
    fail('cardType', `must be one of ${CARD_TYPE_KEYS.join(', ')}`, { expected: CARD_TYPE_KEYS.join(',') });
  }

  const status = value('cardStatusType');
  if (status !== '' && !(WRITABLE_CARD_STATUSES as string[]).includes(status)) {
    fail('cardStatusType', 'must be ACTIVE or INACTIVE (EXPIRED follows from expiresAt)', { expected: 'ACTIVE,INACTIVE' });
  }

  const issuedAt = value('issuedAt');
  const expiresAt = value('expiresAt');
  const issuedValid = issuedAt !== '' && isCalendarDate(issuedAt);
  const expiresValid = expiresAt !== '' && isCalendarDate(expiresAt);
  if (issuedAt !== '' && !issuedValid) fail('issuedAt', 'must be a date in the form yyyy-MM-dd, for example 2030-12-31');
  if (expiresAt !== '' && !expiresValid) fail('expiresAt', 'must be a date in the form yyyy-MM-dd, for example 2030-12-31');
  if (issuedValid && expiresValid && expiresAt < issuedAt) {
    fail('expiresAt', `is before issuedAt ${issuedAt}`, { issuedAt });
  }

  for (const column of ['displayName', 'processorIdentifier'] as const) {
    if (value(column).length > TEXT_MAX_LENGTH) fail(column, `must be at most ${TEXT_MAX_LENGTH} characters`);
  }

  return errors;
}

/**
 * Checks the rows of one file against each other: a card number may appear in one row only, because the
 * rows are applied together.
 */
export function findRepeatedCardNumbers(rows: { rowNumber: number; record: CsvRecord }[]): CsvValidationError[] {
  const firstRow = new Map<string, number>();
  const errors: CsvValidationError[] = [];
  for (const { rowNumber, record } of rows) {
    const escn = normaliseEscn(record.cardNumber?.trim() ?? '');
    if (escn === null) continue;

    const first = firstRow.get(escn);
    if (first === undefined) {
      firstRow.set(escn, rowNumber);
    } else {
      errors.push(problem(rowNumber, 'cardNumber', `repeats the card number of row ${first}`, { value: escn, row: String(first) }));
    }
  }

  return errors;
}
