// Work an import does in proportion to its rows, counted (issue 16): what the check and the write do once per import
// or once per distinct value must not come back per row or twice.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { previewCsv, readCsvForImport } from '../../../lib/csv/import';
import { planImport } from '../../../lib/csv/plan-import';
import { cleanTagName } from '../../../lib/contacts/tags';
import type { ValidatedRows } from '../../../lib/csv/validate';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import { contactStoreOf } from '../../../lib/contacts/dexie-store';
import { applyImport, checkImport } from '../../../lib/workspace/apply-import';
import { activityStoreOf } from '../../../lib/activities/dexie-store';

vi.mock('../../../lib/csv/plan-import', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../lib/csv/plan-import')>();
  return { ...original, planImport: vi.fn(original.planImport) };
});
vi.mock('../../../lib/contacts/tags', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../lib/contacts/tags')>();
  return { ...original, cleanTagName: vi.fn(original.cleanTagName) };
});

const ROWS = 1500;
const NOW = Date.UTC(2026, 11, 3);

function csv(rows: number): string {
  const lines = ['Email,Name,Company,Tags,Notes,Annual Revenue'];
  for (let i = 0; i < rows; i++) lines.push(`p${i}@c${i % 20}.example,P ${i},Company ${i % 20},"vip; t${i % 4}",${i % 10 === 0 ? 'Called' : ''},${(i % 50) * 1000}`);
  return lines.join('\n');
}

async function rowsOf(text: string): Promise<ValidatedRows> {
  const { mapping } = await previewCsv(text);
  const read = await readCsvForImport(text, mapping);
  if (read.status !== 'ok') throw new Error('no rows');
  return read.rows;
}

let db: KizunaDb;
let n = 0;
beforeEach(() => {
  db = createDb(`import-work-${++n}`);
  vi.mocked(planImport).mockClear();
  vi.mocked(cleanTagName).mockClear();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await db.delete();
});

describe('the check', () => {
  it('reads a number column of plain digits without normalizing each cell', async () => {
    const text = csv(ROWS);
    const { mapping } = await previewCsv(text);
    expect(mapping.fieldTypes?.[mapping.columns.flatMap((c) => (c.kind === 'custom' ? [c.key] : []))[0]]).toBe('number');
    const normalize = vi.spyOn(String.prototype, 'normalize');
    const read = await readCsvForImport(text, mapping);
    const calls = normalize.mock.calls.length;
    normalize.mockRestore();
    if (read.status !== 'ok') throw new Error('no rows');
    expect(read.rows.valid).toHaveLength(ROWS);
    expect(Object.values(read.rows.valid[3].custom)).toEqual(['3000']);
    expect(calls).toBe(0);
  });

  it('copies no array per row to join a full name or to look past the header', async () => {
    const text = ['Email,First Name,Last Name', ...Array.from({ length: ROWS }, (_, i) => `p${i}@c.example,Given${i},Family${i}`)].join('\n');
    const { mapping } = await previewCsv(text);
    const calls = (['slice', 'filter', 'join'] as const).map((method) => vi.spyOn(Array.prototype, method));
    const read = await readCsvForImport(text, mapping);
    const counts = calls.map((spy) => spy.mock.calls.length);
    for (const spy of calls) spy.mockRestore();
    if (read.status !== 'ok') throw new Error('no rows');
    expect(read.rows.valid[7].name).toBe('Given7 Family7');
    expect(Math.max(...counts)).toBeLessThan(ROWS / 10);
  });
});

describe('the write', () => {
  it('uses the dry run’s plan while the book is as the dry run read it: one plan per import', async () => {
    const rows = await rowsOf(csv(ROWS));
    const checked = await checkImport(db, rows, 'fill-empty');
    expect(planImport).toHaveBeenCalledTimes(1);
    const result = await applyImport(db, rows, 'fill-empty', { now: NOW, checked });
    expect(planImport).toHaveBeenCalledTimes(1);
    expect(result.counts.new).toBe(ROWS);
    expect(await contactStoreOf(db).count()).toBe(ROWS);
  });

  it('plans again when a contact of the file was added since the dry run (updated, not duplicated)', async () => {
    const rows = await rowsOf(csv(ROWS));
    const checked = await checkImport(db, rows, 'fill-empty');
    await contactStoreOf(db).add({ email: 'p7@c7.example', name: '', tags: [], stage: 'lead', owner: '', custom: {}, doNotContact: 0, createdAt: 1, updatedAt: 1 });
    const result = await applyImport(db, rows, 'fill-empty', { now: NOW, checked });
    expect(planImport).toHaveBeenCalledTimes(2);
    expect(result.counts).toMatchObject({ new: ROWS - 1, updated: 1 });
    expect(await contactStoreOf(db).count()).toBe(ROWS);
    expect((await contactStoreOf(db).byEmail('p7@c7.example'))?.name).toBe('P 7');
  });

  it('plans again for another policy or other rows than the dry run’s', async () => {
    const rows = await rowsOf(csv(10));
    const checked = await checkImport(db, rows, 'fill-empty');
    await applyImport(db, rows, 'overwrite', { now: NOW, checked });
    expect(planImport).toHaveBeenCalledTimes(2);
    const others = await rowsOf(csv(12));
    const result = await applyImport(db, others, 'fill-empty', { now: NOW, checked });
    expect(planImport).toHaveBeenCalledTimes(3);
    expect(result.counts.new).toBe(2);
  });

  it('writes the notes of every chunk in one activity write, in row order', async () => {
    // More than one chunk of writes (5,000 each): notes in both.
    const rows = await rowsOf(csv(5100));
    const checked = await checkImport(db, rows, 'fill-empty');
    const addMany = vi.spyOn(activityStoreOf(db), 'addMany');
    const result = await applyImport(db, rows, 'fill-empty', { now: NOW, checked });
    expect(result.notes).toBe(510);
    expect(addMany).toHaveBeenCalledTimes(1);
    const notes = await db.activities.orderBy('id').toArray();
    const ids = await Promise.all([0, 10, 5090].map(async (i) => (await contactStoreOf(db).byEmail(`p${i}@c${i % 20}.example`))!.id));
    expect([notes[0], notes[1], notes[509]].map((a) => a.contactIds[0])).toEqual(ids);
  });

  it('reads the tags and the companies once, and cleans each tag name once, not once per row', async () => {
    const rows = await rowsOf(csv(ROWS));
    const checked = await checkImport(db, rows, 'fill-empty');
    const companies = vi.spyOn(db.companies, 'toArray');
    const tags = vi.spyOn(contactStoreOf(db).tags, 'list');
    vi.mocked(cleanTagName).mockClear();
    const result = await applyImport(db, rows, 'fill-empty', { now: NOW, checked });
    expect(result.createdTags).toBe(5);
    expect(result.createdCompanies).toBe(20);
    expect(companies).toHaveBeenCalledTimes(1);
    expect(tags).toHaveBeenCalledTimes(1);
    // Five distinct names: each cleaned when the tags are resolved and when first looked up (the store may clean them too).
    expect(vi.mocked(cleanTagName).mock.calls.length).toBeLessThan(30);
    const stored = await contactStoreOf(db).byEmail('p5@c5.example');
    expect(stored?.tags).toHaveLength(2);
  });
});
