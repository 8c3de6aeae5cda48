import { z } from 'zod';
import type { Stage } from '../db/types';
import type { CsvRowError } from './errors';
import type { ColumnTarget, ContactField, CsvMapping } from './mapping';
import type { CsvRecord } from './parse';
import { FALSY, TRUTHY, parseDateCell, parseStage, splitTags } from './values';

/** A valid CSV row, ready to plan: only the fields its cells filled are present. */
export interface ImportRow {
  row: number;
  email: string;
  name?: string;
  company?: string;
  stage?: Stage;
  owner?: string;
  tags: string[];
  notes?: string;
  doNotContact?: 0 | 1;
  customerSince?: number;
  churnedAt?: number;
  custom: Record<string, string>;
}

export interface ValidatedRows {
  valid: ImportRow[];
  /** Every problem found, in row order (a row can have several). */
  invalid: CsvRowError[];
  invalidRowCount: number;
  /** Data rows seen, valid or not. */
  total: number;
}

const text = z.string().max(100_000);
const date = z.string().transform((value, ctx) => {
  const ms = parseDateCell(value);
  if (ms === undefined) ctx.addIssue({ code: 'custom', message: `Not a date: "${value.slice(0, 40)}" (use YYYY-MM-DD)` });
  return ms ?? 0;
});

const RowSchema = z.looseObject({
  email: z
    .email({ error: (issue) => (issue.input === undefined ? 'Email is required' : `Not a valid email address: "${String(issue.input).slice(0, 80)}"`) })
    .max(320),
  name: text.optional(),
  company: text.optional(),
  owner: text.optional(),
  notes: text.optional(),
  tags: z.string().transform(splitTags).optional(),
  stage: z
    .string()
    .transform((value, ctx) => {
      const stage = parseStage(value);
      if (!stage) ctx.addIssue({ code: 'custom', message: `Unknown stage "${value.slice(0, 40)}" (use lead, customer, at-risk, churned, advocate, or リード, 顧客, 要注意, 解約, 推奨者)` });
      return stage ?? 'lead';
    })
    .optional(),
  doNotContact: z.stringbool({ truthy: TRUTHY, falsy: FALSY, error: 'Use yes/no, true/false, 1/0 or はい/いいえ' }).optional(),
  customerSince: date.optional(),
  churnedAt: date.optional(),
  custom: z.record(z.string(), z.string()),
});

type MappedCells = Partial<Record<ContactField, string>> & { custom: Record<string, string> };

function mapCells(cells: string[], columns: ColumnTarget[]): MappedCells {
  const out: MappedCells = { custom: {} };
  for (let i = 0; i < columns.length; i++) {
    const target = columns[i];
    const value = (cells[i] ?? '').trim();
    if (value === '' || target.kind === 'ignore') continue;
    if (target.kind === 'custom') out.custom[target.key] = value;
    else out[target.field] = target.field === 'email' ? value.toLowerCase() : value;
  }
  return out;
}

function fullName(m: MappedCells, order: CsvMapping['nameOrder']): string | undefined {
  if (m.name) return m.name;
  const parts = order === 'family-given' ? [m.lastName, m.firstName] : [m.firstName, m.lastName];
  const joined = parts.filter(Boolean).join(' ');
  return joined || undefined;
}

/**
 * A streaming validator for mapped CSV rows (zod): email required and valid, stage among the stages
 * or their Japanese labels, yes/no and date cells; a later row with an email already seen in the file is invalid.
 */
export function createRowValidator(header: string[], mapping: CsvMapping) {
  const columnOf = new Map<string, string>();
  mapping.columns.forEach((target, i) => {
    if (target.kind === 'field') columnOf.set(target.field, header[i] ?? target.field);
    if (target.kind === 'custom') columnOf.set(`custom.${target.key}`, header[i] ?? target.key);
  });
  const firstRowOf = new Map<string, number>();
  const result: ValidatedRows = { valid: [], invalid: [], invalidRowCount: 0, total: 0 };
  const invalidRows = new Set<number>();
  const reject = (error: CsvRowError) => {
    result.invalid.push(error);
    if (!invalidRows.has(error.row)) {
      invalidRows.add(error.row);
      result.invalidRowCount++;
    }
  };

  return {
    /** Validates a chunk of parsed records. */
    add(records: CsvRecord[]): void {
      for (const record of records) {
        result.total++;
        const mapped = mapCells(record.cells, mapping.columns);
        const parsed = RowSchema.safeParse(mapped);
        if (!parsed.success) {
          for (const issue of parsed.error.issues) {
            const column = columnOf.get(issue.path.join('.')) ?? String(issue.path[0] ?? '');
            reject({ row: record.row, column, reason: issue.message });
          }
          continue;
        }
        const first = firstRowOf.get(parsed.data.email);
        if (first !== undefined) {
          reject({ row: record.row, column: columnOf.get('email') ?? 'email', reason: `Same email as row ${first}` });
          continue;
        }
        firstRowOf.set(parsed.data.email, record.row);
        const { doNotContact, firstName: _f, lastName: _l, ...rest } = parsed.data;
        const row: ImportRow = { ...rest, row: record.row, tags: rest.tags ?? [], name: fullName(mapped, mapping.nameOrder) };
        if (row.name === undefined) delete row.name;
        if (doNotContact !== undefined) row.doNotContact = doNotContact ? 1 : 0;
        result.valid.push(row);
      }
    },
    /** Counts rows the parser rejected, so they appear with the validation errors. */
    addParseErrors(errors: CsvRowError[]): void {
      for (const error of errors) {
        result.total++;
        reject(error);
      }
    },
    /** The rows so far, invalid ones sorted by row number. */
    result(): ValidatedRows {
      result.invalid.sort((a, b) => a.row - b.row);
      return result;
    },
  };
}

/** Validates all records at once (see createRowValidator). */
export function validateRows(header: string[], mapping: CsvMapping, records: CsvRecord[]): ValidatedRows {
  const validator = createRowValidator(header, mapping);
  validator.add(records);
  return validator.result();
}
