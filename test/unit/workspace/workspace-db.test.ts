import { readFileSync } from 'node:fs';
import { contactStoreOf } from '../../../lib/contacts/dexie-store';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupDatabase, backupCounts, readAllTables, restoreBackup, RestoreBlockedError } from '../../../lib/backup/db';
import { readBackupText, validateBackup } from '../../../lib/backup/format';
import { createDb, LATEST_VERSION, type KizunaDb } from '../../../lib/db/schema';
import type { Contact } from '../../../lib/db/types';
import { MergeChangedError, mergeContacts, unmergeContacts } from '../../../lib/workspace/merge';
import { applyBulk } from '../../../lib/workspace/bulk';

let db: KizunaDb;
let n = 0;
beforeEach(() => {
  db = createDb(`workspace-db-${++n}`);
});
afterEach(async () => db.delete());

const base = { name: '', tags: [] as number[], stage: 'lead' as const, owner: '', custom: {}, doNotContact: 0 as const, createdAt: 1, updatedAt: 1 };
const everything = async () => readAllTables(db);

describe('merge and undo in the database', () => {
  it('merges two contacts keeping tags, notes, history, alerts and campaign recipients, and undo puts everything back', async () => {
    const vip = await db.tags.add({ name: 'VIP', key: 'vip', color: '#000000' });
    const jp = await db.tags.add({ name: 'JP', key: 'jp', color: '#000000' });
    const ann = await contactStoreOf(db).add({ ...base, email: 'ann@acme.com', name: 'Ann Lee', tags: [vip], createdAt: 5 });
    const alias = await contactStoreOf(db).add({ ...base, email: 'ann+news@acme.com', owner: 'sato', tags: [jp], custom: { plan: 'Pro' }, doNotContact: 1, createdAt: 3 });
    const other = await contactStoreOf(db).add({ ...base, email: 'bob@acme.com' });
    await db.activities.bulkAdd([
      { kind: 'note', contactIds: [alias], at: 10, text: 'alias note' },
      { kind: 'email', contactIds: [alias, other], at: 11, messageId: 'm1' },
      { kind: 'stage', contactIds: [alias], at: 12, fromStage: 'lead', toStage: 'customer' },
      { kind: 'note', contactIds: [ann], at: 13, text: 'primary note' },
    ] as never[]);
    await db.alerts.add({ key: `${alias}:intent:m1`, contactId: alias, kind: 'intent', at: 11, open: 1 } as never);
    // A follow-up still due to the alias: after the merge it goes out from (and lands on) the merged contact.
    await db.campaignRecipients.add({ id: 'c1:alias', campaignId: 'c1', contactId: alias, email: 'ann+news@acme.com', step: 0, state: 'queued', attempts: 0, sentMessageIds: [] } as never);
    const before = await everything();

    const record = await mergeContacts(db, ann, [alias], 100);
    expect(await contactStoreOf(db).get(alias)).toBeUndefined();
    const merged = (await contactStoreOf(db).get(ann)) as Contact;
    expect(merged).toMatchObject({ email: 'ann@acme.com', name: 'Ann Lee', owner: 'sato', custom: { plan: 'Pro' }, doNotContact: 1, createdAt: 3, updatedAt: 100 });
    expect(merged.tags.sort()).toEqual([vip, jp].sort());
    const history = await db.activities.where('contactIds').equals(ann).toArray();
    expect(history.map((a) => a.at).sort()).toEqual([10, 11, 12, 13]);
    expect((await db.activities.where('messageId').equals('m1').first())!.contactIds.sort()).toEqual([ann, other].sort());
    expect((await db.alerts.toArray())[0].contactId).toBe(ann);
    expect((await db.campaignRecipients.get('c1:alias'))?.contactId).toBe(ann);

    await unmergeContacts(db, record);
    expect(await everything()).toEqual(before);
  });

  it('refuses to undo once the merged contact was edited, writing nothing', async () => {
    const a = await contactStoreOf(db).add({ ...base, email: 'a@x.com' });
    const b = await contactStoreOf(db).add({ ...base, email: 'a+1@x.com' });
    const record = await mergeContacts(db, a, [b], 100);
    await db.contacts.update(a, { name: 'Edited', updatedAt: 200 });
    const before = await everything();
    await expect(unmergeContacts(db, record)).rejects.toThrow(MergeChangedError);
    expect(await everything()).toEqual(before);
  });

  it('refuses to undo once the merged contact was bulk-tagged (which does not touch updatedAt)', async () => {
    await db.tags.add({ id: 7, name: 'Renewal', key: 'renewal', color: '#000000' } as never);
    const a = await contactStoreOf(db).add({ ...base, email: 'a@x.com' });
    const b = await contactStoreOf(db).add({ ...base, email: 'a+1@x.com' });
    const record = await mergeContacts(db, a, [b], 100);
    await applyBulk(db, [a], { kind: 'addTags', tagIds: [7] });
    const before = await everything();
    await expect(unmergeContacts(db, record)).rejects.toThrow(MergeChangedError);
    expect(await everything()).toEqual(before);
  });

  it('refuses to merge a contact that no longer exists, writing nothing', async () => {
    const a = await contactStoreOf(db).add({ ...base, email: 'a@x.com' });
    const before = await everything();
    await expect(mergeContacts(db, a, [999], 5)).rejects.toThrow(/no longer exists/);
    expect(await everything()).toEqual(before);
  });
});

/** The newest fixture in backup shape: version 5 changed only how tags are stored, not a backup's rows. */
const BACKUP_FIXTURE = 4;
const fixture = (v: number) => JSON.parse(readFileSync(join(import.meta.dirname, `../../fixtures/db/v${v}.json`), 'utf8'));
/** The backup fixture as a backup of the latest version holds it: the tables added since (version 10: tasks, 11: playbooks) empty. */
const latest = () => ({ ...fixture(BACKUP_FIXTURE), tasks: [], playbooks: [], playbookLog: [], sequences: [], enrolments: [] });

describe('backup and restore in the database', () => {
  it('round-trips every table: back up, wipe, restore, same rows', async () => {
    const check = validateBackup({ format: 'kizuna-backup', schemaVersion: LATEST_VERSION, exportedAt: 'x', tables: latest() });
    if (!check.ok) throw new Error(check.errors.join('\n'));
    await restoreBackup(db, check.backup);
    const backup = await backupDatabase(db, Date.UTC(2026, 0, 1));
    expect(backup.schemaVersion).toBe(LATEST_VERSION);
    expect(backupCounts(backup)).toMatchObject({ contacts: 2, alerts: 1, segments: 1, riskModels: 1, templates: 1 });
    const text = JSON.stringify(backup);
    await db.contacts.clear();
    await contactStoreOf(db).add({ ...base, email: 'stray@x.com' });
    const again = readBackupText(text);
    if (!again.ok) throw new Error(again.errors.join('\n'));
    await restoreBackup(db, again.backup);
    expect(await readAllTables(db)).toEqual(backup.tables);
  });

  it('never rewinds sending: refuses while a campaign can send, pauses restored live campaigns, keeps unsubscribes and the ledger', async () => {
    const campaign = (id: string, status: 'running' | 'done') => ({
      id,
      name: `Campaign ${id}`,
      target: { kind: 'selection' as const, contactIds: [1] },
      steps: [{ templateId: 1, delayDays: 0, condition: 'no-reply' as const }],
      from: { address: 'me@x.com' },
      cc: [],
      bcc: [],
      startAt: 1,
      ratePerMinute: 10,
      jitter: 0,
      accountType: 'gmail' as const,
      status,
      createdAt: 1,
      updatedAt: 1,
    });
    const tables = { ...latest(), campaigns: [campaign('old-run', 'running')], sendLedger: [{ id: 1, at: 5, count: 1, kind: 'send' }] };
    const check = validateBackup({ format: 'kizuna-backup', schemaVersion: LATEST_VERSION, exportedAt: 'x', tables });
    if (!check.ok) throw new Error(check.errors.join('\n'));

    // A campaign that can still send here: nothing is written.
    await db.campaigns.add(campaign('live', 'running'));
    const before = await everything();
    await expect(restoreBackup(db, check.backup)).rejects.toThrow(RestoreBlockedError);
    expect(await everything()).toEqual(before);

    // Finished here; since the backup, dana unsubscribed and 2 messages were sent.
    await db.campaigns.update('live', { status: 'done' });
    await contactStoreOf(db).add({ ...base, email: 'dana@acme.com', doNotContact: 1 });
    await db.sendLedger.bulkAdd([
      { at: 100, count: 1, kind: 'send' },
      { at: 200, count: 2, kind: 'test' },
    ]);
    await restoreBackup(db, check.backup);
    expect(await db.campaigns.get('old-run')).toMatchObject({ status: 'paused', pauseReason: 'restored from a backup' });
    expect((await contactStoreOf(db).byEmail('dana@acme.com'))!.doNotContact).toBe(1);
    expect((await db.sendLedger.toArray()).map((e) => e.at)).toEqual([100, 200]);
  });

  it('backs up a company without a domain (named by hand or by a CSV import)', async () => {
    await db.companies.add({ name: '田中商事', fields: {} } as never);
    const check = readBackupText(JSON.stringify(await backupDatabase(db)));
    expect(check.ok && check.backup.tables.companies).toEqual([{ id: 1, name: '田中商事', fields: {} }]);
  });

  it('restores a version 1 backup through the migrations', async () => {
    const check = readBackupText(JSON.stringify({ format: 'kizuna-backup', schemaVersion: 1, exportedAt: 'x', tables: fixture(1) }));
    if (!check.ok) throw new Error(check.errors.join('\n'));
    await restoreBackup(db, check.backup);
    expect((await contactStoreOf(db).all()).map((c) => c.email)).toEqual(['dana@acme.com', 'kim@gmail.com']);
    expect(await db.templates.count()).toBe(0);
    expect(await db.alerts.count()).toBe(0);
    expect(await db.activities.count()).toBe(fixture(1).activities.length);
  });

  it('an invalid file writes nothing and the stored data stays', async () => {
    await contactStoreOf(db).add({ ...base, email: 'keep@x.com' });
    const before = await everything();
    const tables = latest();
    tables.alerts[0].contactId = 0;
    const check = readBackupText(JSON.stringify({ format: 'kizuna-backup', schemaVersion: LATEST_VERSION, exportedAt: 'x', tables }));
    expect(check).toEqual({ ok: false, errors: ['tables.alerts[0].contactId: Too small: expected number to be >0'] });
    expect(await everything()).toEqual(before);
  });

  it('a restore that fails while writing rolls back to the data stored before', async () => {
    await contactStoreOf(db).add({ ...base, email: 'keep@x.com' });
    const before = await everything();
    const check = validateBackup({ format: 'kizuna-backup', schemaVersion: LATEST_VERSION, exportedAt: 'x', tables: latest() });
    if (!check.ok) throw new Error('fixture invalid');
    // Bypass validation to force a write error: two contacts with one email break the unique index.
    const broken = structuredClone(check.backup);
    broken.tables.contacts.push({ ...broken.tables.contacts[0], id: 50 });
    await expect(restoreBackup(db, broken)).rejects.toThrow();
    expect(await everything()).toEqual(before);
  });
});

describe('integrity of schema v3 tables', () => {
  it('refuses repeated alert keys', () => {
    const tables = latest();
    tables.alerts.push({ ...tables.alerts[0], id: 2 });
    const check = validateBackup({ format: 'kizuna-backup', schemaVersion: LATEST_VERSION, exportedAt: 'x', tables });
    expect(check.ok ? [] : check.errors).toEqual(['tables.alerts[1].key: Same key as tables.alerts[0]']);
  });

  it('restores a file with rows that name missing contacts, leaving those rows out and counting them', async () => {
    const tables = latest();
    // As the app wrote them before issue #14: history and an alert of a contact deleted meanwhile.
    tables.activities.push(
      { id: 10, kind: 'email', contactIds: [77], at: 5, messageId: 'g-gone', direction: 'in' },
      { id: 11, kind: 'email', contactIds: [1, 77], at: 6, messageId: 'g-shared', direction: 'out' },
      { id: 12, kind: 'note', contactIds: [77], at: 7, text: 'gone' },
    );
    tables.alerts.push({ ...tables.alerts[0], id: 2, key: '77:intent:g-gone', contactId: 77 });
    const check = readBackupText(JSON.stringify({ format: 'kizuna-backup', schemaVersion: LATEST_VERSION, exportedAt: 'x', tables }));
    if (!check.ok) throw new Error(check.errors.join('\n'));
    expect(check.leftOut).toMatchObject({ activities: 2, activityContacts: 1, alerts: 1 });
    await restoreBackup(db, check.backup);
    expect((await db.activities.where('contactIds').equals(1).toArray()).map((a) => a.id).sort((a, b) => a - b)).toEqual([1, 2, 3, 11]);
    expect((await db.activities.get(11))!.contactIds).toEqual([1]);
    expect(await db.activities.bulkGet([10, 12])).toEqual([undefined, undefined]);
    expect((await db.alerts.toArray()).map((a) => a.contactId)).toEqual([1]);
  });
});
