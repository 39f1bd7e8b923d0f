/** Operations of a CSV file: every row of a file is one card to create, update or delete. */
export type CsvOperation = 'CREATE' | 'UPDATE' | 'DELETE';
export const CSV_OPERATIONS: CsvOperation[] = ['CREATE', 'UPDATE', 'DELETE'];

/**
 * The CSV columns, named after the fields of CardUpdateView, in the order of the template that
 * GET /cards/csv-config describes. Files may order their columns differently, because the header row
 * names them.
 */
export const CSV_COLUMNS = [
  'personIdentifier',
  'cardNumber',
  'issuerIdentifier',
  'cardType',
  'cardStatusType',
  'issuedAt',
  'expiresAt',
  'displayName',
  'processorIdentifier',
] as const;

export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** One data row, by column name. A column that the file does not have is absent. */
export type CsvRecord = Partial<Record<CsvColumn, string>>;

/** Columns each operation needs. DELETE identifies the card only, the other columns are ignored. */
export const REQUIRED_COLUMNS: Record<CsvOperation, CsvColumn[]> = {
  CREATE: ['personIdentifier', 'issuerIdentifier', 'cardType', 'cardStatusType', 'issuedAt', 'expiresAt'],
  UPDATE: ['cardNumber', 'personIdentifier', 'issuerIdentifier', 'cardType', 'cardStatusType', 'issuedAt', 'expiresAt'],
  DELETE: ['cardNumber'],
};

/** Number of the header row. The first data row is row 2, and every later record adds one. */
export const HEADER_ROW_NUMBER = 1;

/** One problem of a CSV file, in the shape of the real router's CsvValidationError. */
export interface CsvValidationError {
  rowNumber: number;
  fieldName: string;
  errorMessage: string;
  params: Record<string, string>;
}

/** Returns the column-to-index map of the template, as GET /cards/csv-config returns it. */
export function csvTemplateLayout(): Record<CsvColumn, number> {
  return Object.fromEntries(CSV_COLUMNS.map((column, index) => [column, index])) as Record<CsvColumn, number>;
}
