import { regexes, z } from 'zod';
import type { Stage } from '../db/types';
import { isoDate, readDateCell, type DateOrder } from './dates';
import type { CsvRowError } from './errors';
import type { ColumnTarget, ContactField, CsvMapping } from './mapping';
import { halfWidthDigits, parseNumberCell } from './numbers';
import type { CsvRecord } from './parse';
import { stageKey } from './stage-labels';
import { FALSY, TRUTHY, parseStage, splitTags } from './values';

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
  /** When the contact was last in touch, by the source system (it feeds the contact's last-contact date). */
  lastContact?: number;
  /** The contact's id in the system the file came from. */
  externalId?: string;
  custom: Record<string, string>;
}

/** One distinct value of the stage column: how it reads and where it occurs. */
export interface StageValue {
  /** stageKey of the value: what the user's stage choices are keyed by. */
  key: string;
  /** The value as first written in the file. */
  value: string;
  count: number;
  /** The stage it reads as; null when Kizuna does not know it (the contact gets the default stage). */
  stage: Stage | null;
  /** Its first rows (up to MAX_STAGE_ROWS). */
  rows: number[];
}

export interface ValidatedRows {
  valid: ImportRow[];
  /** Every problem found, in row order (a row can have several). */
  invalid: CsvRowError[];
  invalidRowCount: number;
  /** Data rows seen, valid or not. */
  total: number;
  /** Problems that did not stop a valid row (an unknown stage, an impossible date): it imports without what the warning names. */
  warnings: CsvRowError[];
  warningRowCount: number;
  /** The stage column's distinct values (up to MAX_STAGE_VALUES), in order of first appearance. */
  stageValues: StageValue[];
}

/** Distinct stage values tallied; past this, further new values are still read and warned about, not listed. */
export const MAX_STAGE_VALUES = 200;
export const MAX_STAGE_ROWS = 1000;

const text = z.string().max(100_000);

/** The row's rules, the source of every error message (exported for the check's equivalence test). */
export const RowSchema = z.looseObject({
  email: z.email({ error: (issue) => (issue.input === undefined ? 'Email is required' : `Not a valid email address: "${String(issue.input).slice(0, 80)}"`) }).max(320),
  name: text.optional(),
  company: text.optional(),
  owner: text.optional(),
  externalId: z.string().max(200, 'An external id is at most 200 characters').optional(),
  // The notes module's limit: a longer note would fail when written.
  notes: z.string().max(20_000, 'A note is at most 20,000 characters').optional(),
  tags: z.string().transform(splitTags).optional(),
  doNotContact: z.stringbool({ truthy: TRUTHY, falsy: FALSY, error: 'Use yes/no, true/false, 1/0 or はい/いいえ' }).optional(),
});

export type MappedCells = Partial<Record<ContactField, string>> & { custom: Record<string, string> };

type RowData = z.output<typeof RowSchema>;
const TRUTHY_SET = new Set(TRUTHY.map((v) => v.toLowerCase()));
const FALSY_SET = new Set(FALSY.map((v) => v.toLowerCase()));
const TEXT_MAX: Partial<Record<ContactField, number>> = { name: 100_000, company: 100_000, owner: 100_000, externalId: 200, notes: 20_000 };

/**
 * RowSchema's checks as plain code, compiled once from the columns the mapping fills (issue 16: zod per row cost about
 * 8–10× papaparse on a 100,000-row file; zod's own z.compile generates code with new Function, which an extension page's
 * CSP forbids). It only accepts: a row it does not pass (or any field it does not know) goes to RowSchema, whose
 * issues are the error messages, so those read exactly as before. Returns null for such a row.
 */
export function compileRowCheck(mapping: CsvMapping): (mapped: MappedCells) => RowData | null {
  const fields = new Set<ContactField>();
  for (const target of mapping.columns) if (target.kind === 'field') fields.add(target.field);
  const texts = [...fields].filter((field) => TEXT_MAX[field] !== undefined) as ('name' | 'company' | 'owner' | 'externalId' | 'notes')[];
  const tags = fields.has('tags');
  const doNotContact = fields.has('doNotContact');
  return (mapped) => {
    const email = mapped.email;
    if (email === undefined || email.length > 320 || !regexes.email.test(email)) return null;
    // What toImportRow reads of RowSchema's output (the rest it takes from the mapped cells).
    const data: RowData = { email };
    for (const field of texts) {
      const value = mapped[field];
      if (value === undefined) continue;
      if (value.length > TEXT_MAX[field]!) return null;
      data[field] = value;
    }
    if (tags && mapped.tags !== undefined) data.tags = splitTags(mapped.tags);
    if (doNotContact && mapped.doNotContact !== undefined) {
      const key = mapped.doNotContact.toLowerCase();
      if (TRUTHY_SET.has(key)) data.doNotContact = true;
      else if (FALSY_SET.has(key)) data.doNotContact = false;
      else return null;
    }
    return data;
  };
}

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
  // Per row of a 100,000-row file: no array to filter and join.
  const familyFirst = order === 'family-given';
  const first = familyFirst ? m.lastName : m.firstName;
  const second = familyFirst ? m.firstName : m.lastName;
  if (first && second) return `${first} ${second}`;
  return first || second || undefined;
}

const clip = (value: string) => value.slice(0, 40);
// Cheap test before reading a custom cell as a date: only cells that start like one.
const DATE_START = /^[\d０-９]{1,4}[-/.年／－．]/;

/** A streaming zod validator of mapped rows: email, yes/no and text limits reject a row; stage, dates and numbers that cannot be read only warn. */
export function createRowValidator(header: string[], mapping: CsvMapping) {
  const columnOf = new Map<string, string>();
  const customColumnOf = new Map<string, string>();
  mapping.columns.forEach((target, i) => {
    if (target.kind === 'field') columnOf.set(target.field, header[i] ?? target.field);
    if (target.kind === 'custom') customColumnOf.set(target.key, header[i] ?? target.key);
  });
  const stages = mapping.stages ?? {};
  const fieldTypes = mapping.fieldTypes ?? {};
  const order: DateOrder = mapping.dateOrder ?? 'month-first';
  const firstRowOf = new Map<string, number>();
  const stageValues = new Map<string, StageValue>();
  const result: ValidatedRows = { valid: [], invalid: [], invalidRowCount: 0, total: 0, warnings: [], warningRowCount: 0, stageValues: [] };
  const invalidRows = new Set<number>();
  const reject = (error: CsvRowError) => {
    result.invalid.push(error);
    if (!invalidRows.has(error.row)) {
      invalidRows.add(error.row);
      result.invalidRowCount++;
    }
  };
  let lastWarnedRow = 0;
  const warn = (row: number, column: string, reason: string) => {
    result.warnings.push({ row, column, reason });
    // Rows are validated in order, so a row's warnings are adjacent.
    if (row !== lastWarnedRow) result.warningRowCount++;
    lastWarnedRow = row;
  };

  // A stage column holds few distinct values: read each once.
  const stageOf = new Map<string, { key: string; stage: Stage | undefined }>();
  const readStage = (row: number, value: string): Stage | undefined => {
    let reading = stageOf.get(value);
    if (!reading) {
      reading = { key: stageKey(value), stage: parseStage(value, stages) };
      if (stageOf.size < MAX_STAGE_VALUES * 5) stageOf.set(value, reading);
    }
    const { key, stage } = reading;
    let tally = stageValues.get(key);
    if (!tally && stageValues.size < MAX_STAGE_VALUES) {
      tally = { key, value: value.slice(0, 80), count: 0, stage: stage ?? null, rows: [] };
      stageValues.set(key, tally);
    }
    if (tally) {
      tally.count++;
      if (tally.rows.length < MAX_STAGE_ROWS) tally.rows.push(row);
    }
    if (!stage) warn(row, columnOf.get('stage') ?? 'stage', `Unknown stage "${clip(value)}": imported with the default stage`);
    return stage;
  };

  const readDate = (row: number, field: ContactField, value: string): number | undefined => {
    const reading = readDateCell(value, order);
    if (reading.ok) return reading.ms;
    const column = columnOf.get(field) ?? field;
    if (reading.impossible) warn(row, column, `Impossible date "${clip(value)}": left empty`);
    else warn(row, column, `Not a date "${clip(value)}": left empty (use YYYY-MM-DD)`);
    return undefined;
  };

  const readCustom = (row: number, custom: Record<string, string>): Record<string, string> => {
    for (const [key, value] of Object.entries(custom)) {
      const type = fieldTypes[key];
      const column = customColumnOf.get(key) ?? key;
      if (type === 'number') {
        const n = parseNumberCell(value);
        if (n === undefined) warn(row, column, `Not a number "${clip(value)}": kept as text, not read as a number`);
        else custom[key] = String(n);
      } else if (type === 'date' || DATE_START.test(value)) {
        const reading = readDateCell(value, order);
        if (reading.ok) {
          if (type === 'date') custom[key] = isoDate(reading.ms);
        } else if (reading.impossible) warn(row, column, `Impossible date "${clip(value)}": kept as text, not read as a date`);
        else if (type === 'date') warn(row, column, `Not a date "${clip(value)}": kept as text, not read as a date`);
        else custom[key] = halfWidthDigits(value);
      } else custom[key] = halfWidthDigits(value);
    }
    return custom;
  };

  // Built field by field (no spreads or deletes): this runs for every row of 100,000-row files.
  const toImportRow = (row: number, data: RowData, mapped: MappedCells): ImportRow => {
    const out: ImportRow = { row, email: data.email, tags: data.tags ?? [], custom: readCustom(row, mapped.custom) };
    const name = fullName(mapped, mapping.nameOrder);
    if (name !== undefined) out.name = name;
    if (data.company !== undefined) out.company = data.company;
    if (mapped.stage !== undefined) {
      const stage = readStage(row, mapped.stage);
      if (stage) out.stage = stage;
    }
    if (data.owner !== undefined) out.owner = data.owner;
    if (data.notes !== undefined) out.notes = data.notes;
    if (data.doNotContact !== undefined) out.doNotContact = data.doNotContact ? 1 : 0;
    for (const field of ['customerSince', 'churnedAt', 'lastContact'] as const) {
      const value = mapped[field];
      const ms = value === undefined ? undefined : readDate(row, field, value);
      if (ms !== undefined) out[field] = ms;
    }
    if (data.externalId !== undefined) out.externalId = data.externalId;
    return out;
  };

  const check = compileRowCheck(mapping);

  return {
    /** Validates a chunk of parsed records. */
    add(records: CsvRecord[]): void {
      for (const record of records) {
        result.total++;
        const mapped = mapCells(record.cells, mapping.columns);
        let data = check(mapped);
        if (!data) {
          const parsed = RowSchema.safeParse(mapped);
          if (!parsed.success) {
            for (const issue of parsed.error.issues) {
              const column = columnOf.get(issue.path.join('.')) ?? String(issue.path[0] ?? '');
              reject({ row: record.row, column, reason: issue.message });
            }
            continue;
          }
          data = parsed.data;
        }
        const first = firstRowOf.get(data.email);
        if (first !== undefined) {
          reject({ row: record.row, column: columnOf.get('email') ?? 'email', reason: `Same email as row ${first}` });
          continue;
        }
        firstRowOf.set(data.email, record.row);
        result.valid.push(toImportRow(record.row, data, mapped));
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
      result.stageValues = [...stageValues.values()];
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
