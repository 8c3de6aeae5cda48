/** Why a whole CSV file cannot be read (row-level problems are reported per row instead). */
export type CsvErrorCode = 'empty' | 'encoding' | 'wrong-delimiter' | 'unclosed-quote' | 'row-too-large' | 'no-email-column';

/**
 * A CSV problem that stops the import. `row` is 1-based with the header as row 1, as spreadsheets
 * count; `line` is the text-editor line where the problem starts, when it can differ from the row
 * (cells with line breaks). `detail` is the message without the row, for a UI that shows the row itself.
 */
export class CsvError extends Error {
  override readonly name = 'CsvError';
  readonly detail: string;
  constructor(
    readonly code: CsvErrorCode,
    message: string,
    readonly row?: number,
    readonly line?: number,
  ) {
    super(row === undefined ? message : `Row ${row}: ${message}`);
    this.detail = message;
  }
}

/** One problem of one row: its spreadsheet row number, the column (header text, '' when none) and the reason. */
export interface CsvRowError {
  row: number;
  column: string;
  reason: string;
}
