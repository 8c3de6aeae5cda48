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
  // The notes module's limit: a longer note would fail when written.
  notes: z.string().max(20_000, 'A note is at most 20,000 characters').optional(),
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
});

// Built field by field (no spreads or deletes): this runs for every row of 100,000-row files.
function toImportRow(row: number, data: z.output<typeof RowSchema>, mapped: MappedCells, order: CsvMapping['nameOrder']): ImportRow {
  const out: ImportRow = { row, email: data.email, tags: data.tags ?? [], custom: mapped.custom };
  const name = fullName(mapped, order);
  if (name !== undefined) out.name = name;
  if (data.company !== undefined) out.company = data.company;
  if (data.stage !== undefined) out.stage = data.stage;
  if (data.owner !== undefined) out.owner = data.owner;
  if (data.notes !== undefined) out.notes = data.notes;
  if (data.doNotContact !== undefined) out.doNotContact = data.doNotContact ? 1 : 0;
  if (data.customerSince !== undefined) out.customerSince = data.customerSince;
  if (data.churnedAt !== undefined) out.churnedAt = data.churnedAt;
  return out;
}

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

/** A streaming zod validator of mapped rows: email, stage, yes/no and date cells, and emails repeated in the file. */
export function createRowValidator(header: string[], mapping: CsvMapping) {
  const columnOf = new Map<string, string>();
  mapping.columns.forEach((target, i) => {
    if (target.kind === 'field') columnOf.set(target.field, header[i] ?? target.field);
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
        result.valid.push(toImportRow(record.row, parsed.data, mapped, mapping.nameOrder));
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
