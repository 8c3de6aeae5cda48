/** Why a whole CSV file cannot be read (row-level problems are reported per row instead). */
export type CsvErrorCode =
  | 'empty'
  | 'encoding'
  | 'wrong-delimiter'
  | 'unclosed-quote'
  | 'row-too-large'
  | 'no-email-column';

/** A CSV problem that stops the import; `row` is 1-based with the header as row 1, as spreadsheets count. */
export class CsvError extends Error {
  override readonly name = 'CsvError';
  constructor(
    readonly code: CsvErrorCode,
    message: string,
    readonly row?: number,
  ) {
    super(row === undefined ? message : `Row ${row}: ${message}`);
  }
}

/** One rejected row: its spreadsheet row number, the column (header text, '' when none) and the reason. */
export interface CsvRowError {
  row: number;
  column: string;
  reason: string;
}
