import { parseString } from 'fast-csv';
import { CsvColumn, CsvRecord, CsvValidationError, HEADER_ROW_NUMBER } from '../domain/csv-layout.js';

/** A CSV file split into its header and its data rows, with the problems found while reading it. */
export interface CsvFile {
  delimiter: ',' | ';';
  header: string[];
  rows: { rowNumber: number; record: CsvRecord }[];
  errors: CsvValidationError[];
}

const BYTE_ORDER_MARK = '\uFEFF';

/**
 * Returns the delimiter of the header line: a semicolon when it has more semicolons than commas
 * outside double quotes, otherwise a comma.
 */
export function detectDelimiter(text: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const character of text) {
    if (character === '"') quoted = !quoted;
    else if (!quoted && (character === '\n' || character === '\r')) break;
    else if (!quoted && character === ',') commas++;
    else if (!quoted && character === ';') semicolons++;
  }

  return semicolons > commas ? ';' : ',';
}

function fileProblem(rowNumber: number, errorMessage: string, params: Record<string, string> = {}): CsvValidationError {
  return { rowNumber, fieldName: '', errorMessage, params };
}

/**
 * Reads a CSV file: UTF-8 with an optional byte order mark, a header row of column names, then one
 * record per card. Records are numbered from 1 for the header, so the first data row is 2. A quoted
 * value may span lines, so the number counts records, not lines. Rows with every value empty are
 * skipped but keep their number. Reading stops after `maxRows` data rows.
 */
export async function readCsv(content: Buffer, maxRows: number): Promise<CsvFile> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return { delimiter: ',', header: [], rows: [], errors: [fileProblem(0, 'the file is not valid UTF-8; save it as UTF-8 and upload it again')] };
  }
  if (text.startsWith(BYTE_ORDER_MARK)) text = text.slice(1);

  const delimiter = detectDelimiter(text);
  const file: CsvFile = { delimiter, header: [], rows: [], errors: [] };
  if (text.trim() === '') {
    file.errors.push(fileProblem(HEADER_ROW_NUMBER, 'the file is empty; the first row must name the columns'));

    return file;
  }

  let rowNumber = 0;
  await new Promise<void>((resolve) => {
    const stream = parseString<string[], string[]>(text, { delimiter, headers: false, ignoreEmpty: false });
    stream.on('data', (values: string[]) => {
      rowNumber++;
      if (rowNumber === HEADER_ROW_NUMBER) {
        file.header = values.map((value) => value.trim());

        return;
      }
      if (values.every((value) => value.trim() === '')) return;
      if (file.rows.length === maxRows) {
        if (file.errors.every((error) => error.params.limit === undefined)) {
          file.errors.push(fileProblem(rowNumber, `the file has more than ${maxRows} data rows; split it into smaller files`, { limit: String(maxRows) }));
        }

        return;
      }
      if (values.length !== file.header.length) {
        file.errors.push(
          fileProblem(rowNumber, `has ${values.length} values but the header has ${file.header.length} columns; check the delimiter ${delimiter} and the quotes`, {
            values: String(values.length),
            columns: String(file.header.length),
          }),
        );

        return;
      }
      const record: CsvRecord = {};
      file.header.forEach((column, index) => {
        record[column as CsvColumn] = values[index];
      });
      file.rows.push({ rowNumber, record });
    });
    stream.on('error', (error: Error) => {
      file.errors.push(fileProblem(rowNumber + 1, `cannot be parsed as CSV: ${error.message}`));
      resolve();
    });
    stream.on('end', () => resolve());
  });

  return file;
}
