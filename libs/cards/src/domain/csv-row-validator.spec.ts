import { CsvRecord } from './csv-layout';
import { findRepeatedCardNumbers, validateCsvHeader, validateCsvRow } from './csv-row-validator';

const ESCN = '4b171400-b51e-103d-9234-001123456789';
const VALID: CsvRecord = {
  personIdentifier: 'urn:schac:personalUniqueCode:int:esi:fr:12345',
  cardNumber: ESCN,
  issuerIdentifier: '123456789',
  cardType: 'SMART_PASSIVE',
  cardStatusType: 'ACTIVE',
  issuedAt: '2026-09-01',
  expiresAt: '2030-08-31',
  displayName: 'Card of John',
  processorIdentifier: '',
};

describe('validateCsvRow', () => {
  it('accepts a complete row for each operation', () => {
    expect(validateCsvRow('CREATE', 2, VALID)).toEqual([]);
    expect(validateCsvRow('UPDATE', 2, VALID)).toEqual([]);
    expect(validateCsvRow('DELETE', 2, { cardNumber: ESCN })).toEqual([]);
  });

  it('accepts CREATE without a card number', () => {
    expect(validateCsvRow('CREATE', 2, { ...VALID, cardNumber: '' })).toEqual([]);
  });

  it('requires the card number for UPDATE and DELETE', () => {
    for (const operation of ['UPDATE', 'DELETE'] as const) {
      const errors = validateCsvRow(operation, 3, { ...VALID, cardNumber: ' ' });

      expect(errors).toEqual([{ rowNumber: 3, fieldName: 'cardNumber', errorMessage: `is required for ${operation}`, params: { value: '' } }]);
    }
  });

  it.each([
    ['cardNumber', 'not-an-escn', 'is not an ESCN'],
    ['personIdentifier', 'student-42', 'must be urn:schac:personalUniqueCode'],
    ['issuerIdentifier', '12345', 'must be the issuer PIC: exactly 9 digits'],
    ['cardType', 'PLASTIC', 'must be one of UNKNOWN, PASSIVE'],
    ['cardStatusType', 'EXPIRED', 'must be ACTIVE or INACTIVE'],
    ['issuedAt', '01/09/2026', 'must be a date in the form yyyy-MM-dd'],
    ['expiresAt', '2027-02-29', 'must be a date in the form yyyy-MM-dd'],
    ['displayName', 'x'.repeat(256), 'must be at most 255 characters'],
  ] as const)('reports an invalid %s', (field, value, message) => {
    const errors = validateCsvRow('CREATE', 7, { ...VALID, [field]: value });

    expect(errors).toHaveLength(1);
    expect(errors[0].rowNumber).toBe(7);
    expect(errors[0].fieldName).toBe(field);
    expect(errors[0].errorMessage).toContain(message);
    expect(errors[0].params.value).toBe(value);
  });

  it('reports an expiry before the issue date', () => {
    const errors = validateCsvRow('CREATE', 2, { ...VALID, issuedAt: '2030-01-01', expiresAt: '2029-12-31' });

    expect(errors).toEqual([
      { rowNumber: 2, fieldName: 'expiresAt', errorMessage: 'is before issuedAt 2030-01-01', params: { value: '2029-12-31', issuedAt: '2030-01-01' } },
    ]);
  });

  it('reports every missing value of a row', () => {
    const errors = validateCsvRow('CREATE', 4, {});

    expect(errors.map((error) => error.fieldName)).toEqual([
      'personIdentifier',
      'issuerIdentifier',
      'cardType',
      'cardStatusType',
      'issuedAt',
      'expiresAt',
    ]);
  });

  it('ignores the card columns for DELETE', () => {
    expect(validateCsvRow('DELETE', 2, { cardNumber: ESCN, cardType: 'PLASTIC', issuedAt: 'soon' })).toEqual([]);
  });
});

describe('validateCsvHeader', () => {
  it('accepts the template columns in any order', () => {
    expect(validateCsvHeader('CREATE', ['expiresAt', 'issuedAt', 'cardStatusType', 'cardType', 'issuerIdentifier', 'personIdentifier'])).toEqual([]);
  });

  it('reports unknown, repeated and missing columns on row 1', () => {
    const errors = validateCsvHeader('DELETE', ['escn', 'displayName', 'displayName']);

    expect(errors.map((error) => [error.rowNumber, error.fieldName])).toEqual([
      [1, 'escn'],
      [1, 'displayName'],
      [1, 'cardNumber'],
    ]);
    expect(errors[0].errorMessage).toContain('unknown column');
    expect(errors[1].errorMessage).toBe('column appears more than once');
    expect(errors[2].errorMessage).toBe('missing column, which DELETE needs');
  });
});

describe('findRepeatedCardNumbers', () => {
  it('reports a card number repeated in another row, ignoring case', () => {
    const errors = findRepeatedCardNumbers([
      { rowNumber: 2, record: { cardNumber: ESCN } },
      { rowNumber: 3, record: { cardNumber: '' } },
      { rowNumber: 4, record: { cardNumber: ESCN.toUpperCase() } },
    ]);

    expect(errors).toEqual([{ rowNumber: 4, fieldName: 'cardNumber', errorMessage: 'repeats the card number of row 2', params: { value: ESCN, row: '2' } }]);
  });
});
