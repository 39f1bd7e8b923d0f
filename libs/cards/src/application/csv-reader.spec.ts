import { detectDelimiter, readCsv } from './csv-reader';

describe('detectDelimiter', () => {
  it('picks the delimiter of the header line', () => {
    expect(detectDelimiter('a,b,c\n1;2;3;4')).toBe(',');
    expect(detectDelimiter('a;b;c\n1,2,3,4')).toBe(';');
    expect(detectDelimiter('"a;b";c,d\n')).toBe(',');
    expect(detectDelimiter('single')).toBe(',');
  });
});

describe('readCsv', () => {
  it('numbers the header 1 and data rows from 2', async () => {
    const file = await readCsv(Buffer.from('cardNumber,displayName\r\nx,One\r\ny,Two\r\n'), 100);

    expect(file.header).toEqual(['cardNumber', 'displayName']);
    expect(file.rows).toEqual([
      { rowNumber: 2, record: { cardNumber: 'x', displayName: 'One' } },
      { rowNumber: 3, record: { cardNumber: 'y', displayName: 'Two' } },
    ]);
    expect(file.errors).toEqual([]);
  });

  it('strips a byte order mark and reads semicolons', async () => {
    const file = await readCsv(Buffer.from('\uFEFFcardNumber;displayName\nx;"Card; of Zoë"\n'), 100);

    expect(file.delimiter).toBe(';');
    expect(file.header).toEqual(['cardNumber', 'displayName']);
    expect(file.rows[0].record.displayName).toBe('Card; of Zoë');
  });

  it('counts a quoted line break as one record', async () => {
    const file = await readCsv(Buffer.from('cardNumber,displayName\nx,"Card\nof John"\ny,Two\n'), 100);

    expect(file.rows.map((row) => row.rowNumber)).toEqual([2, 3]);
    expect(file.rows[0].record.displayName).toBe('Card\nof John');
  });

  it('skips blank rows but keeps their numbers', async () => {
    const file = await readCsv(Buffer.from('cardNumber\nx\n\ny\n'), 100);

    expect(file.rows.map((row) => row.rowNumber)).toEqual([2, 4]);
  });

  it('reports a row with the wrong number of values', async () => {
    const file = await readCsv(Buffer.from('cardNumber,displayName\nx\n'), 100);

    expect(file.rows).toEqual([]);
    expect(file.errors).toHaveLength(1);
    expect(file.errors[0].rowNumber).toBe(2);
    expect(file.errors[0].errorMessage).toContain('has 1 values but the header has 2 columns');
  });

  it('reports invalid UTF-8', async () => {
    const file = await readCsv(Buffer.from([0x63, 0x61, 0xff, 0x0a]), 100);

    expect(file.errors[0].errorMessage).toContain('not valid UTF-8');
  });

  it('reports an empty file', async () => {
    const file = await readCsv(Buffer.from('\uFEFF\n'), 100);

    expect(file.errors[0].rowNumber).toBe(1);
    expect(file.errors[0].errorMessage).toContain('the file is empty');
  });

  it('stops after the maximum number of rows', async () => {
    const file = await readCsv(Buffer.from('cardNumber\na\nb\nc\nd\n'), 2);

    expect(file.rows).toHaveLength(2);
    expect(file.errors).toEqual([
      { rowNumber: 4, fieldName: '', errorMessage: 'the file has more than 2 data rows; split it into smaller files', params: { limit: '2' } },
    ]);
  });
});
