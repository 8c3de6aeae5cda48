import Papa from 'papaparse';
import { formatZoned } from '../reports/zone';
import { columnValue, type ColumnKey, type SegmentContact } from '../segments/columns';
import type { Task } from '../tasks/types';

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

/** The columns of a tasks CSV, in order. */
export const TASK_COLUMNS = ['title', 'type', 'dueAt', 'owner', 'contactEmail', 'contactName', 'done', 'doneAt', 'snoozedUntil', 'notes', 'createdAt', 'createdBy'] as const;
export type TaskColumn = (typeof TASK_COLUMNS)[number];

export interface TaskExportOptions {
  /** Each task's contact (tasks whose contact is gone get empty cells). */
  contacts: ReadonlyMap<number, { email: string; name: string }>;
  /** Header text per column (the UI's language); default the column keys. */
  headers?: Partial<Record<TaskColumn, string>>;
  /** Zone for dates, written as "YYYY-MM-DD HH:mm" (default UTC). */
  timeZone?: string;
}

/** Tasks → Excel-ready CSV, with the same quoting and formula neutralising as exportContactsCsv. */
export function exportTasksCsv(tasks: readonly Task[], options: TaskExportOptions): string {
  const date = (t?: number) => (t === undefined ? '' : formatZoned(t, options.timeZone));
  const data = tasks.map((t) => {
    const who = options.contacts.get(t.contactId);
    const cells: Record<TaskColumn, string> = {
      title: t.title,
      type: t.type,
      dueAt: date(t.dueAt),
      owner: t.owner,
      contactEmail: who?.email ?? '',
      contactName: who?.name ?? '',
      done: t.done === 1 ? 'yes' : 'no',
      doneAt: date(t.doneAt),
      snoozedUntil: date(t.snoozedUntil),
      notes: t.notes,
      createdAt: date(t.createdAt),
      createdBy: t.createdBy,
    };
    return TASK_COLUMNS.map((c) => cells[c]);
  });
  const fields = TASK_COLUMNS.map((c) => options.headers?.[c] ?? c);
  const csv = Papa.unparse({ fields, data }, { newline: '\r\n', quotes: false, escapeFormulae: FORMULA_START, header: true });
  return `\uFEFF${csv.endsWith('\r\n') ? csv : `${csv}\r\n`}`;
}
