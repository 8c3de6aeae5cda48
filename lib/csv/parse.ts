import Papa from 'papaparse';
import { CsvError, type CsvRowError } from './errors';
import { checkHeaderDelimiter, guessDelimiter, guessNewline, type Delimiter, type Newline } from './sniff';

/** Longest cell accepted, in characters; a longer cell rejects its row (not the file). */
export const MAX_CELL_CHARS = 100_000;
/** Longest unfinished row held in memory; past it the file is rejected (almost always an unclosed quote). */
export const MAX_ROW_CHARS = 16 * 1024 * 1024;
const SNIFF_CHARS = 64 * 1024;

/** One data row: `row` is its spreadsheet row number (header = 1; blank rows are counted, then skipped). */
export interface CsvRecord {
  row: number;
  cells: string[];
}

export interface CsvProgress {
  rows: number;
  chars: number;
  /** 0–1 when the total size is known. */
  fraction: number | null;
}

export type CsvSource = string | AsyncIterable<string> | ReadableStream<string>;

export interface ParseCsvOptions {
  /** Forces the delimiter; otherwise it is guessed from the first rows. */
  delimiter?: Delimiter;
  chunkChars?: number;
  maxCellChars?: number;
  maxRowChars?: number;
  /** Total characters of a streamed source, for `fraction`. */
  totalChars?: number;
  /** Stop after this many data rows (preview). */
  maxRows?: number;
  signal?: AbortSignal;
  onProgress?: (progress: CsvProgress) => void;
  /** Receives each chunk's rows; the parser waits for it, so it can validate or write before the next chunk. */
  onRows?: (records: CsvRecord[], header: string[]) => void | Promise<void>;
}

export interface ParsedCsv {
  header: string[];
  delimiter: Delimiter;
  newline: Newline;
  /** Data rows read (blank rows excluded, rejected rows included). */
  rowCount: number;
  /** The rows, when no `onRows` was given. */
  records: CsvRecord[];
  /** Rows the parser itself rejected (malformed quotes, oversized cell, extra cells). */
  rowErrors: CsvRowError[];
  truncated: boolean;
}

async function* chunksOf(source: CsvSource, size: number): AsyncGenerator<string> {
  if (typeof source === 'string') {
    for (let i = 0; i < source.length; i += size) yield source.slice(i, i + size);
  } else if ('getReader' in source) {
    const reader = source.getReader();
    try {
      for (let r = await reader.read(); !r.done; r = await reader.read()) yield r.value;
    } finally {
      reader.releaseLock();
    }
  } else {
    yield* source;
  }
}

// A macrotask, so a Cancel click or a progress repaint can run between chunks.
const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

// Whether cells past the header's hold anything (without copying them: this runs per row).
function extraCells(cells: string[], from: number): boolean {
  for (let i = from; i < cells.length; i++) if (cells[i].trim() !== '') return true;
  return false;
}

function isBlank(cells: string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}

/** Streams CSV text through papaparse chunk by chunk (delimiter guessed, progress, AbortSignal); throws CsvError for fatal problems. */
export async function parseCsv(source: CsvSource, options: ParseCsvOptions = {}): Promise<ParsedCsv> {
  const { signal, onRows, onProgress, maxRows = Infinity } = options;
  const maxCell = options.maxCellChars ?? MAX_CELL_CHARS;
  const maxRow = options.maxRowChars ?? MAX_ROW_CHARS;
  const total = typeof source === 'string' ? source.length : (options.totalChars ?? null);
  const chunks = chunksOf(source, options.chunkChars ?? 1024 * 1024)[Symbol.asyncIterator]();
  signal?.throwIfAborted();

  let pending = '';
  let done = false;
  while (pending.length < SNIFF_CHARS && !done) {
    const next = await chunks.next();
    if (next.done) done = true;
    else pending += next.value;
  }
  if (pending.charCodeAt(0) === 0xfeff) pending = pending.slice(1);
  if (done && pending.trim() === '') throw new CsvError('empty', 'The file is empty.');

  const newline = guessNewline(pending.slice(0, SNIFF_CHARS));
  const delimiter = options.delimiter ?? guessDelimiter(pending.slice(0, SNIFF_CHARS), newline, done);
  const parser = new Papa.Parser({ delimiter, newline });
  const result: ParsedCsv = { header: [], delimiter, newline, rowCount: 0, records: [], rowErrors: [], truncated: false };
  let header: string[] | undefined;
  let rowNumber = 0;
  let chars = 0;
  let carry = '';

  const take = (cells: string[], quoteError: boolean, batch: CsvRecord[]) => {
    rowNumber++;
    if (isBlank(cells)) return;
    if (!header) {
      header = cells.map((cell) => cell.trim());
      checkHeaderDelimiter(header, delimiter);
      result.header = header;
      return;
    }
    result.rowCount++;
    const reject = (column: number, reason: string) => result.rowErrors.push({ row: rowNumber, column: header![column] ?? '', reason });
    const long = cells.findIndex((cell) => cell.length > maxCell);
    if (quoteError) reject(-1, 'A quoted cell is not closed properly (a " inside a cell must be doubled as "").');
    else if (long >= 0) reject(long, `Cell is longer than ${maxCell.toLocaleString('en')} characters.`);
    else if (extraCells(cells, header.length)) reject(header.length, `Row has ${cells.length} cells but the header has ${header.length}; check quotes and separators.`);
    else batch.push({ row: rowNumber, cells });
  };

  // Text-editor lines before `carry`, so an unclosed quote can also be placed by line (a quoted cell
  // with line breaks makes lines and rows differ).
  let linesBefore = 0;
  const lineBreak = newline === '\r' ? '\r' : '\n';
  const linesIn = (text: string, end = text.length) => {
    let n = 0;
    for (let i = text.indexOf(lineBreak); i !== -1 && i < end; i = text.indexOf(lineBreak, i + 1)) n++;
    return n;
  };
  const unclosedQuote = (row: number, text: string, index: number) =>
    new CsvError('unclosed-quote', 'A quoted cell is never closed (a " opens here with no closing ").', row, linesBefore + linesIn(text, index) + 1);

  const feed = async (text: string, final: boolean) => {
    const aggregate = carry + text;
    const parsed = parser.parse(aggregate, 0, !final);
    const rows: string[][] = parsed.data;
    const badRows = new Set<number>();
    for (const error of parsed.errors as Papa.ParseError[]) {
      // papaparse's index is just past the opening quote.
      if (error.code === 'MissingQuotes') throw unclosedQuote(rowNumber + 1 + (error.row ?? 0), aggregate, Math.max(0, (error.index ?? 1) - 1));
      if (error.row !== undefined && error.row < rows.length) badRows.add(error.row);
    }
    const consumed = final ? aggregate.length : parsed.meta.cursor;
    linesBefore += linesIn(aggregate, consumed);
    carry = final ? '' : aggregate.slice(consumed);
    const batch: CsvRecord[] = [];
    for (let i = 0; i < rows.length; i++) {
      if (result.rowCount >= maxRows) {
        result.truncated = true;
        break;
      }
      take(rows[i], badRows.has(i), batch);
    }
    if (onRows && batch.length > 0) await onRows(batch, result.header);
    else result.records.push(...batch);
    chars += text.length;
    onProgress?.({ rows: result.rowCount, chars, fraction: total ? Math.min(1, chars / total) : null });
    if (carry.length > maxRow) {
      const unclosed = parser.parse(carry, 0, false).errors.find((e: Papa.ParseError) => e.code === 'MissingQuotes');
      if (unclosed) throw unclosedQuote(rowNumber + 1, carry, Math.max(0, (unclosed.index ?? 1) - 1));
      throw new CsvError('row-too-large', `Row is longer than ${maxRow.toLocaleString('en')} characters.`, rowNumber + 1);
    }
  };

  await feed(pending, done);
  while (!done && result.rowCount < maxRows) {
    signal?.throwIfAborted();
    await yieldToEventLoop();
    signal?.throwIfAborted();
    const next = await chunks.next();
    if (next.done) {
      done = true;
      await feed('', true);
    } else await feed(next.value, false);
  }
  if (!done) {
    result.truncated = true;
    await chunks.return?.(undefined);
  }
  if (!header) throw new CsvError('empty', 'The file has no header row.');
  return result;
}
