import Papa from 'papaparse';
import { formatZoned } from '../reports/zone';
import { columnValue, type ColumnKey, type SegmentContact } from '../segments/columns';

export interface ExportColumn {
  key: ColumnKey;
  /** The header text (e.g. a custom field's label). */
  header: string;
}

export interface ExportOptions {
  /** Tag names by id (tags are exported as names, joined with "; "). */
  tagNames: Map<number, string>;
  /** Zone for dates, written as "YYYY-MM-DD HH:mm" (default UTC). */
  timeZone?: string;
}

/** Cells starting with these could run as a formula in Excel, Sheets or LibreOffice (OWASP CSV injection). */
export const FORMULA_START = /^[=+\-@\t\r]/;

const DATE_COLUMNS = new Set<ColumnKey>(['lastContact', 'lastInboundAt', 'lastOutboundAt', 'customerSince', 'churnedAt', 'createdAt', 'updatedAt']);

function cell(c: SegmentContact, key: ColumnKey, options: ExportOptions): string {
  const value = columnValue(c, key);
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.map((id) => options.tagNames.get(id) ?? `#${id}`).join('; ');
  if (key === 'doNotContact') return value === 1 ? 'yes' : 'no';
  if (typeof value === 'number' && DATE_COLUMNS.has(key)) return formatZoned(value, options.timeZone);
  return String(value);
}

/** Contacts → Excel-ready CSV: UTF-8 BOM, CRLF, RFC 4180 quoting, formula cells (=, +, -, @, tab, CR) prefixed with an apostrophe. */
export function exportContactsCsv(contacts: readonly SegmentContact[], columns: ExportColumn[], options: ExportOptions): string {
  const data = contacts.map((c) => columns.map((col) => cell(c, col.key, options)));
  // papaparse's own escapeFormulae pattern ends in `.*$`, which misses cells with a line break: use a prefix test.
  const csv = Papa.unparse({ fields: columns.map((col) => col.header), data }, { newline: '\r\n', quotes: false, escapeFormulae: FORMULA_START, header: true });
  // With no data rows papaparse already ends the header with a line break.
  return `\uFEFF${csv.endsWith('\r\n') ? csv : `${csv}\r\n`}`;
}
