import { afterEach, describe, expect, it } from 'vitest';
import { backupDatabase, restoreBackup } from '../../../lib/backup/db';
import { readBackupText } from '../../../lib/backup/format';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import { playbookStoreOf } from '../../../lib/playbooks/store';
import { TEAM_READ_ONLY, TeamReadOnlyError } from '../../../lib/team/outbox';
import { highRiskPlaybook, known } from './fixtures';

// fake-indexeddb (test/unit/setup.ts): a fresh database per test.
let n = 0;
const opened: KizunaDb[] = [];
function freshDb(): KizunaDb {
  const db = createDb(`playbook-store-${++n}`);
  opened.push(db);
  return db;
}
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

describe('PlaybookStore', () => {
  it('saves a valid playbook, keeps its creation time on edit, and lists oldest first', async () => {
    const store = playbookStoreOf(freshDb());
    expect(await store.save(highRiskPlaybook({ id: 'b' }), known, 100)).toMatchObject({ ok: true });
    expect(await store.save(highRiskPlaybook({ id: 'a' }), known, 200)).toMatchObject({ ok: true });
    await store.save(highRiskPlaybook({ id: 'b', name: 'Renamed' }), known, 300);
    const list = await store.list();
    expect(list.map((p) => [p.id, p.name, p.createdAt, p.updatedAt])).toEqual([
      ['b', 'Renamed', 100, 300],
      ['a', 'High risk to CS', 200, 200],
    ]);
  });

  it('refuses a read-only team member’s save, switch and delete (TeamReadOnlyError), keeping the playbook as it was', async () => {
    const db = freshDb();
    const store = playbookStoreOf(db);
    await store.save(highRiskPlaybook({ id: 'a' }), known, 100);
    await db.contactMeta.put({ key: TEAM_READ_ONLY, value: 1 });
    await expect(store.save(highRiskPlaybook({ id: 'b' }), known, 200)).rejects.toBeInstanceOf(TeamReadOnlyError);
    await expect(store.save(highRiskPlaybook({ id: 'a', name: 'Renamed' }), known, 200)).rejects.toBeInstanceOf(TeamReadOnlyError);
    await expect(store.setEnabled('a', false, 200)).rejects.toBeInstanceOf(TeamReadOnlyError);
    await expect(store.delete('a')).rejects.toBeInstanceOf(TeamReadOnlyError);
    expect((await store.list()).map((p) => [p.id, p.name, p.enabled, p.updatedAt])).toEqual([['a', 'High risk to CS', true, 100]]);
  });

  it('refuses an invalid playbook with the named field and writes nothing', async () => {
    const store = playbookStoreOf(freshDb());
    const result = await store.save(highRiskPlaybook({ actions: [{ type: 'enrol', sequenceId: 'gone' }] }), known, 1);
    expect(result).toEqual({ ok: false, issues: [expect.objectContaining({ path: 'actions.0.sequenceId', key: 'pbErrDeletedSequence' })] });
    expect(await store.list()).toEqual([]);
  });

  it('pauses with a reason, and switching on or saving clears it', async () => {
    const store = playbookStoreOf(freshDb());
    await store.save(highRiskPlaybook(), known, 1);
    await store.pause('pb-high', { key: 'pbErrDeletedSequence', params: ['win-back'] }, 2);
    expect(await store.get('pb-high')).toMatchObject({ enabled: false, pausedReason: { key: 'pbErrDeletedSequence' } });
    await store.setEnabled('pb-high', true, 3);
    expect(await store.get('pb-high')).not.toHaveProperty('pausedReason');
    await store.pause('pb-high', { key: 'pbErrDeletedSequence', params: ['win-back'] }, 4);
    await store.save(highRiskPlaybook({ enabled: true }), known, 5);
    expect(await store.get('pb-high')).not.toHaveProperty('pausedReason');
  });

  it('reads a playbook log newest first, the done keys among those asked, and the run cursor', async () => {
    const db = freshDb();
    const store = playbookStoreOf(db);
    const row = (key: string, playbookId: string, at: number) => ({ key, playbookId, contactId: 1, at, event: { type: 'tag' as const, tagId: 1 }, actions: [] });
    await db.playbookLog.bulkAdd([row('k1', 'p', 10), row('k2', 'p', 30), row('k3', 'q', 20), row('k4', 'p', 20)]);
    expect((await store.log('p')).map((r) => r.key)).toEqual(['k2', 'k4', 'k1']);
    expect(await store.doneKeys(['k1', 'k3', 'nope'])).toEqual(new Set(['k1', 'k3']));
    expect(await store.cursor()).toBeUndefined();
    await store.setCursor(1234);
    expect(await store.cursor()).toBe(1234);
  });
});

describe('playbooks in the backup', () => {
  it('a backup holds the playbooks, their log, sequences and enrolments, and a restore brings them back (not the run cursor)', async () => {
    const source = freshDb();
    const store = playbookStoreOf(source);
    await store.save(highRiskPlaybook(), known, 5);
    await store.putSequence({ id: 'win-back', name: 'Win-back', steps: [], sendWithoutApproval: false, allowConcurrent: false });
    await source.contacts.add({ id: 1, email: 'dana@acme.com', name: 'Dana', tags: [], stage: 'customer', owner: '', custom: {}, doNotContact: 0, createdAt: 1, updatedAt: 1 } as never);
    const event = { type: 'band' as const, band: 'high' as const, score: 80 };
    await source.playbookLog.add({
      key: 'pb:pb-high:1:band:high:d',
      playbookId: 'pb-high',
      contactId: 1,
      at: 6,
      event,
      actions: [{ type: 'set-owner', key: 'pb:pb-high:1:band:high:d:0', contactId: 1, owner: 'cs@example.com' }],
    });
    await source.enrolments.add({ id: 'pb:pb-high:1:band:high:d:2', contactId: 1, sequenceId: 'win-back', playbookId: 'pb-high', state: 'awaiting-approval', createdAt: 6, updatedAt: 6 });
    await store.setCursor(6);

    const check = readBackupText(JSON.stringify(await backupDatabase(source, 10)));
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    const target = freshDb();
    await restoreBackup(target, check.backup);
    for (const table of ['playbooks', 'playbookLog', 'sequences', 'enrolments'] as const) expect(await target.table(table).toArray(), table).toEqual(await source.table(table).toArray());
    expect(await playbookStoreOf(target).cursor()).toBeUndefined();
  });
});
