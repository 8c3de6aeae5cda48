import Papa from 'papaparse';
import { CsvError } from './errors';

export const DELIMITERS = [',', ';', '\t'] as const;
export type Delimiter = (typeof DELIMITERS)[number];
export type Newline = '\r\n' | '\n' | '\r';

const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'vertical bar' };

/** The line ending used between rows, ignoring line breaks inside quoted cells (papaparse's rule). */
export function guessNewline(sample: string): Newline {
  const outside = sample.replace(/"[^]*?"/g, '');
  const r = outside.split('\r');
  const n = outside.split('\n');
  if (r.length === 1 || (n.length > 1 && n[0].length < r[0].length)) return '\n';
  const withN = r.filter((part) => part[0] === '\n').length;
  return withN >= r.length / 2 ? '\r\n' : '\r';
}

function fieldCounts(sample: string, delimiter: string, newline: Newline, whole: boolean): number[] {
  const parser = new Papa.Parser({ delimiter, newline, preview: 20 });
  const rows: string[][] = parser.parse(sample, 0, !whole).data;
  return rows.filter((row) => row.length > 1 || row[0] !== '').map((row) => row.length);
}

/** The delimiter (comma, semicolon, tab) that splits the first rows into equal cell counts, most cells first; comma if none. */
export function guessDelimiter(sample: string, newline: Newline, whole = false): Delimiter {
  let best: Delimiter = ',';
  let bestScore = 0;
  for (const delimiter of DELIMITERS) {
    const counts = fieldCounts(sample, delimiter, newline, whole);
    if (counts.length === 0 || counts[0] < 2) continue;
    const consistent = counts.filter((n) => n === counts[0]).length / counts.length;
    const score = consistent * 1000 + counts[0];
    if (score > bestScore) [best, bestScore] = [delimiter, score];
  }
  return best;
}

/** Throws `wrong-delimiter` when the header reads as one column containing another separator. */
export function checkHeaderDelimiter(header: string[], delimiter: string): void {
  const nonEmpty = header.filter((h) => h.trim() !== '');
  if (nonEmpty.length !== 1) return;
  const other = [...DELIMITERS, '|'].find((d) => d !== delimiter && nonEmpty[0].includes(d));
  if (!other) return;
  const supported = (DELIMITERS as readonly string[]).includes(other);
  throw new CsvError(
    'wrong-delimiter',
    `The header is read as one column "${nonEmpty[0].slice(0, 80)}" with ${DELIMITER_NAMES[delimiter]} as separator, ` +
      `but it looks ${DELIMITER_NAMES[other]}-separated. ` +
      (supported ? `Choose ${DELIMITER_NAMES[other]} as the separator.` : 'Save the file as comma, semicolon or tab separated.'),
    1,
  );
}
