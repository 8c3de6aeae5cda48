import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { previewCsv, readCsvForImport } from '../../../lib/csv/import';
import type { ImportPolicy } from '../../../lib/csv/plan-import';
import type { ValidatedRows } from '../../../lib/csv/validate';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import { applyImport, dryRunImport } from '../../../lib/workspace/apply-import';
import { contactStoreOf } from '../../../lib/contacts/dexie-store';
import { backupDatabase } from '../../../lib/backup/db';
import { readBackupText } from '../../../lib/backup/format';

let db: KizunaDb;
let n = 0;
const NOW = Date.UTC(2026, 5, 1);

async function rowsOf(csv: string): Promise<ValidatedRows> {
  const { mapping } = await previewCsv(csv);
  const read = await readCsvForImport(csv, mapping);
  if (read.status !== 'ok') throw new Error('no rows');
  return read.rows;
}

const CSV = [
  'Email,Name,Company,Stage,Tags,Notes,Plan',
  'ann@acme.com,Ann Lee,Acme,customer,VIP;renewal,Met at expo,Pro',
  'bob@beta.jp,,Beta,lead,vip,,',
  'not-an-email,X,,,,,',
  'kim@gmail.com,Kim Novak,,churned,,,Free',
].join('\n');

beforeEach(async () => {
  db = createDb(`apply-import-${++n}`);
  const tag = await db.tags.add({ name: 'VIP', key: 'vip', color: '#1a73e8' });
  await contactStoreOf(db).add({
    email: 'kim@gmail.com',
    name: '',
    tags: [tag],
    stage: 'customer',
    owner: 'sato',
    custom: { plan: 'Team' },
    doNotContact: 0,
    createdAt: 1,
    updatedAt: 1,
  });
  await db.activities.add({ kind: 'note', contactIds: [1], at: 1, text: 'old note' });
});
afterEach(async () => db.delete());

const snapshot = async () => ({
  contacts: await contactStoreOf(db).all(),
  tags: await db.tags.toArray(),
  companies: await db.companies.toArray(),
  activities: await db.activities.toArray(),
});

describe('applyImport', () => {
  it('counts new, updated, unchanged and invalid in the dry run without writing', async () => {
    const before = await snapshot();
    const plan = await dryRunImport(db, await rowsOf(CSV), 'fill-empty');
    expect(plan.counts).toEqual({ new: 2, updated: 1, unchanged: 0, invalid: 1, skipped: 0 });
    expect(await snapshot()).toEqual(before);
  });

  it('writes new contacts with companies, tags and notes, and fills an existing contact’s empty fields', async () => {
    const result = await applyImport(db, await rowsOf(CSV), 'fill-empty', { now: NOW });
    expect(result).toMatchObject({ counts: { new: 2, updated: 1, invalid: 1 }, createdTags: 1, createdCompanies: 2, notes: 1, stageChanges: 0 });
    const ann = (await contactStoreOf(db).byEmail('ann@acme.com'))!;
    const tags = await db.tags.toArray();
    expect(tags.map((t) => t.name).sort()).toEqual(['VIP', 'renewal']);
    expect(ann.tags.map((id) => tags.find((t) => t.id === id)!.name).sort()).toEqual(['VIP', 'renewal']);
    expect((await db.companies.get(ann.companyId!))!.name).toBe('Acme');
    expect(ann).toMatchObject({ name: 'Ann Lee', stage: 'customer', custom: { plan: 'Pro' }, createdAt: NOW });
    expect((await db.activities.where('contactIds').equals(ann.id).toArray()).map((a) => a.text)).toEqual(['Met at expo']);
    const bob = (await contactStoreOf(db).byEmail('bob@beta.jp'))!;
    expect(bob.tags).toEqual([tags.find((t) => t.key === 'vip')!.id]);
    // fill-empty: the name was empty so it is set; stage and plan already had values.
    const kim = (await contactStoreOf(db).byEmail('kim@gmail.com'))!;
    expect(kim).toMatchObject({ name: 'Kim Novak', stage: 'customer', custom: { plan: 'Team' }, updatedAt: NOW });
    expect(await db.activities.where('kind').equals('stage').count()).toBe(0);
  });

  it('overwrite changes the stage and records it as a stage activity', async () => {
    const result = await applyImport(db, await rowsOf(CSV), 'overwrite', { now: NOW });
    expect(result.stageChanges).toBe(1);
    const kim = (await contactStoreOf(db).byEmail('kim@gmail.com'))!;
    expect(kim).toMatchObject({ stage: 'churned', custom: { plan: 'Free' } });
    expect(await db.activities.where('kind').equals('stage').toArray()).toEqual([expect.objectContaining({ contactIds: [kim.id], fromStage: 'customer', toStage: 'churned', at: NOW })]);
  });

  it('skip leaves existing contacts untouched and counts them unchanged', async () => {
    const result = await applyImport(db, await rowsOf(CSV), 'skip', { now: NOW });
    expect(result.counts).toEqual({ new: 2, updated: 0, unchanged: 1, invalid: 1, skipped: 1 });
    expect((await contactStoreOf(db).get(1))!.updatedAt).toBe(1);
  });

  it('a second identical import changes nothing', async () => {
    const rows = await rowsOf(CSV);
    await applyImport(db, rows, 'overwrite', { now: NOW });
    const before = await snapshot();
    const again = await applyImport(db, rows, 'overwrite', { now: NOW + 1 });
    expect(again.counts).toMatchObject({ new: 0, updated: 0, unchanged: 3 });
    expect(await snapshot()).toEqual(before);
  });

  it('a cancelled import of 12,000 rows leaves nothing written', async () => {
    const lines = ['email,name,company,tags,notes'];
    for (let i = 0; i < 12_000; i++) lines.push(`p${i}@c${i % 50}.com,P ${i},Co ${i % 50},t${i % 7},note ${i}`);
    const rows = await rowsOf(lines.join('\n'));
    const before = await snapshot();
    const controller = new AbortController();
    const seen: number[] = [];
    await expect(
      applyImport(db, rows, 'fill-empty', {
        signal: controller.signal,
        onProgress: ({ done }) => {
          seen.push(done);
          if (done >= 5000) controller.abort();
        },
      }),
    ).rejects.toThrow();
    expect(seen).toContain(5000);
    expect(await snapshot()).toEqual(before);
  }, 30_000);

  it('a failure in the middle of the writes rolls everything back', async () => {
    const rows = await rowsOf(CSV);
    const before = await snapshot();
    // Two rows with one email reach the writer (past the validator): the unique email index refuses the second add.
    const broken: ValidatedRows = { ...rows, valid: [...rows.valid, { ...rows.valid[0], row: 99 }] };
    await expect(applyImport(db, broken, 'fill-empty', { now: NOW })).rejects.toThrow();
    expect(await snapshot()).toEqual(before);
  });

  it('a large import stages its new contacts (lib/contacts/staging.ts) and reads exactly as one written row by row, before and after filing', async () => {
    const lines = ['email,name,company,stage,tags,notes'];
    for (let i = 0; i < 1500; i++) lines.push(`p${i}@c${i % 40}.com,P ${i},Co ${i % 40},${i % 3 ? 'lead' : 'customer'},t${i % 7};VIP,${i % 10 ? '' : `note ${i}`}`);
    lines.push('kim@gmail.com,Kim Novak,,churned,vip,again');
    const rows = await rowsOf(lines.join('\n'));
    const plain = await applyImport(db, rows, 'overwrite', { now: NOW, stageFrom: Infinity });
    const expected = await snapshot();
    await db.delete();
    db = createDb(`apply-import-${++n}`);
    const tag = await db.tags.add({ name: 'VIP', key: 'vip', color: '#1a73e8' });
    await contactStoreOf(db).add({ email: 'kim@gmail.com', name: '', tags: [tag], stage: 'customer', owner: 'sato', custom: { plan: 'Team' }, doNotContact: 0, createdAt: 1, updatedAt: 1 });
    await db.activities.add({ kind: 'note', contactIds: [1], at: 1, text: 'old note' });
    const staged = await applyImport(db, rows, 'overwrite', { now: NOW });
    expect(plain.staged).toBe(0);
    expect(staged).toEqual({ ...plain, staged: 1500 });
    expect(await db.contactStage.count()).toBeGreaterThan(0);
    expect(await snapshot()).toEqual(expected);
    await contactStoreOf(db).fileStaged();
    expect(await db.contactStage.count()).toBe(0);
    expect(await snapshot()).toEqual(expected);
  }, 30_000);

  it('a staged import that fails rolls everything back too', async () => {
    const rows = await rowsOf(CSV);
    const before = await snapshot();
    const broken: ValidatedRows = { ...rows, valid: [...rows.valid, { ...rows.valid[0], row: 99 }] };
    await expect(applyImport(db, broken, 'fill-empty', { now: NOW, stageFrom: 1 })).rejects.toThrow();
    expect(await snapshot()).toEqual(before);
    expect(await db.contactStage.count()).toBe(0);
  });

  it('writes rows a backup accepts, long and spaced tag names included', async () => {
    const long = `${'Very  long '.repeat(8)}tag`;
    await applyImport(db, await rowsOf(`email,company,tags,stage\nx@y.com,Y Ltd,"${long}; ok",customer\nz@y.com,y ltd,${long.toUpperCase()},lead`), 'overwrite', { now: NOW });
    const check = readBackupText(JSON.stringify(await backupDatabase(db, NOW)));
    expect(check.ok ? [] : check.errors).toEqual([]);
    const tags = await db.tags.toArray();
    expect(tags.filter((t) => t.name.startsWith('Very'))).toEqual([expect.objectContaining({ name: 'Very long '.repeat(6).trim() })]);
    expect(await db.companies.count()).toBe(1);
  });

  it('stores the external id and the last-contact date, and a backup keeps the external id', async () => {
    await applyImport(db, await rowsOf('Email,Contact ID,Last Activity Date,売上\nnew@x.com,C-77,2025-11-03 14:20,"３万円"\n'), 'fill-empty', { now: NOW });
    const contact = (await contactStoreOf(db).byEmail('new@x.com'))!;
    expect(contact).toMatchObject({ externalId: 'C-77', lastOutboundAt: Date.UTC(2025, 10, 3, 14, 20), custom: { revenue: '30000' } });
    const text = JSON.stringify(await backupDatabase(db, NOW));
    const check = readBackupText(text);
    expect(check.ok ? [] : check.errors).toEqual([]);
    expect(JSON.parse(text).tables.contacts.find((c: { email: string }) => c.email === 'new@x.com').externalId).toBe('C-77');
    const bad = JSON.parse(text);
    bad.tables.contacts.find((c: { email: string }) => c.email === 'new@x.com').externalId = 77;
    expect(readBackupText(JSON.stringify(bad)).ok).toBe(false);
  });

  it.each<ImportPolicy>(['fill-empty', 'overwrite'])('%s never adds a note that the contact already has', async (policy) => {
    const rows = await rowsOf('email,notes\nkim@gmail.com,old note');
    const result = await applyImport(db, rows, policy, { now: NOW });
    expect(result.counts).toMatchObject({ updated: 0, unchanged: 1 });
    expect(await db.activities.count()).toBe(1);
  });
});
