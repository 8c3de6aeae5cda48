import { afterEach, describe, expect, it } from 'vitest';
import { contactStoreOf } from '../../../lib/contacts/dexie-store';
import { updateProfile } from '../../../lib/contacts/profile';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import type { Stage } from '../../../lib/db/types';
import { DAY_MS, LOOP_LIMIT, stageLoop } from '../../../lib/playbooks/loop-guard';
import type { StoredAuditEntry } from '../../../lib/playbooks/run';
import { runPlaybooks } from '../../../lib/playbooks/run';
import { playbookStoreOf } from '../../../lib/playbooks/store';
import type { Playbook } from '../../../lib/playbooks/types';
import { highRiskPlaybook, known } from './fixtures';

const NOW = Date.UTC(2026, 11, 2, 8);
const MINUTE = 60_000;
/** "When a contact's stage becomes one of `to` (from one of `from`), set the stage to `sets`." */
const setter = (id: string, to: Stage[], sets: Stage, from: Stage[] = []): Playbook =>
  highRiskPlaybook({ id, name: id.toUpperCase(), trigger: { type: 'stage-change', from, to }, actions: [{ type: 'set-stage', stage: sets }] });

describe('stageLoop: a loop the definitions make visible, refused on save', () => {
  it('A: stage → advocate sets customer; B: stage → customer sets advocate: B closes the loop, on its set-stage field', () => {
    const a = setter('a', ['advocate'], 'customer');
    const b = setter('b', ['customer'], 'advocate');
    expect(stageLoop(a, [])).toBeUndefined();
    expect(stageLoop(b, [a])).toEqual({ path: 'actions.0.stage', key: 'pbErrStageLoop', params: ['B → A → B'] });
    // Editing a stored playbook is checked against the others, not against its own old version.
    expect(stageLoop(a, [a, b])).toMatchObject({ params: ['A → B → A'] });
    expect(stageLoop(b, [b])).toBeUndefined();
  });

  it('finds a longer chain, and names the field of the first set-stage action', () => {
    const a = setter('a', ['lead'], 'customer');
    const b = setter('b', ['customer'], 'at-risk');
    const c = highRiskPlaybook({
      id: 'c',
      name: 'C',
      trigger: { type: 'stage-change', from: [], to: ['at-risk'] },
      actions: [
        { type: 'create-task', owner: '', taskType: 'call', title: 'x', dueInDays: 1 },
        { type: 'set-stage', stage: 'lead' },
      ],
    });
    expect(stageLoop(c, [a, b])).toEqual({ path: 'actions.1.stage', key: 'pbErrStageLoop', params: ['C → A → B → C'] });
  });

  it('no loop: a chain that ends, a `from` the other never leaves, a stage already set, triggers other than stages', () => {
    const a = setter('a', ['advocate'], 'customer');
    expect(stageLoop(setter('b', ['customer'], 'churned'), [a])).toBeUndefined();
    // B fires only on lead → customer; A's change is advocate → customer.
    expect(stageLoop(setter('b', ['customer'], 'advocate', ['lead']), [a])).toBeUndefined();
    expect(stageLoop(highRiskPlaybook({ id: 'b', actions: [{ type: 'set-stage', stage: 'advocate' }] }), [a])).toBeUndefined();
  });

  it('PlaybookStore.save refuses the playbook that closes the loop and writes nothing', async () => {
    const db = createDb(`loop-guard-save-${Math.random()}`);
    try {
      const store = playbookStoreOf(db);
      expect((await store.save(setter('a', ['advocate'], 'customer'), known, 1)).ok).toBe(true);
      expect(await store.save(setter('b', ['customer'], 'advocate'), known, 2)).toEqual({ ok: false, issues: [{ path: 'actions.0.stage', key: 'pbErrStageLoop', params: ['B → A → B'] }] });
      expect((await store.list()).map((p) => p.id)).toEqual(['a']);
    } finally {
      await db.delete();
    }
  });
});

describe('the loop guard at run time (a clocked history: a run a minute)', () => {
  let db: KizunaDb;
  afterEach(async () => {
    await db?.delete();
  });

  it('a contact moved by a stage-setting chain LOOP_LIMIT times in 24 h is left alone, with the reason in the playbook log; the next day it acts again', async () => {
    db = createDb(`loop-guard-run-${Math.random()}`);
    await contactStoreOf(db).add({ email: 'c1@example.com', name: 'C1', tags: [], stage: 'lead', owner: 'rep@example.com', custom: {}, doNotContact: 0, createdAt: 0, updatedAt: 0 });
    // Stored as an earlier version would have let them (the save check refuses the second now).
    await db.playbooks.bulkPut([
      { ...setter('a', ['advocate'], 'customer'), createdAt: 1 },
      { ...setter('b', ['customer'], 'advocate'), createdAt: 2 },
    ]);
    const store = playbookStoreOf(db);
    await store.setCursor(NOW - MINUTE);
    const options = { owners: known.owners, templateIds: known.templateIds, ledger: [], cap: 500 };
    const byPlaybooks = async () => (await db.activities.where('kind').equals('stage').sortBy('at')).filter((a) => a.playbookId).map((a) => [a.playbookId, a.toStage]);

    await updateProfile(db, 1, { stage: 'customer' }, NOW - 1000);
    for (let run = 0; run < LOOP_LIMIT + 3; run++) await runPlaybooks(db, { ...options, now: NOW + run * MINUTE });
    // B answers the user's change, then A and B answer each other until playbooks moved it LOOP_LIMIT times.
    expect(await byPlaybooks()).toEqual(Array.from({ length: LOOP_LIMIT }, (_, i) => (i % 2 === 0 ? ['b', 'advocate'] : ['a', 'customer'])));
    const log = (await db.playbookLog.toArray()) as StoredAuditEntry[];
    const held = log.filter((r) => r.held);
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({
      contactId: 1,
      playbookId: LOOP_LIMIT % 2 === 0 ? 'b' : 'a',
      actions: [],
      held: { key: 'pbLoopGuard', params: [String(LOOP_LIMIT)] },
      event: { type: 'stage', by: LOOP_LIMIT % 2 === 0 ? 'a' : 'b' },
    });
    expect(log).toHaveLength(LOOP_LIMIT + 1);

    // A day later the window has passed: a change by the user starts the chain again (and the guard stops it again).
    const later = NOW + DAY_MS + 60 * MINUTE;
    const stage = (await contactStoreOf(db).get(1))!.stage;
    await updateProfile(db, 1, { stage: stage === 'customer' ? 'advocate' : 'customer' }, later - 1000);
    await runPlaybooks(db, { ...options, now: later });
    expect(await byPlaybooks()).toHaveLength(LOOP_LIMIT + 1);
  });

  it('a chain that ends is never held: a playbook acting on a change another made, once', async () => {
    db = createDb(`loop-guard-end-${Math.random()}`);
    await contactStoreOf(db).add({ email: 'c1@example.com', name: 'C1', tags: [], stage: 'lead', owner: 'rep@example.com', custom: {}, doNotContact: 0, createdAt: 0, updatedAt: 0 });
    await db.playbooks.bulkPut([
      { ...setter('a', ['customer'], 'advocate'), createdAt: 1 },
      { ...setter('b', ['advocate'], 'churned'), createdAt: 2 },
    ]);
    await playbookStoreOf(db).setCursor(NOW - MINUTE);
    await updateProfile(db, 1, { stage: 'customer' }, NOW - 1000);
    for (let run = 0; run < 4; run++) await runPlaybooks(db, { owners: known.owners, templateIds: known.templateIds, ledger: [], cap: 500, now: NOW + run * MINUTE });
    expect((await contactStoreOf(db).get(1))!.stage).toBe('churned');
    expect(((await db.playbookLog.toArray()) as StoredAuditEntry[]).filter((r) => r.held)).toEqual([]);
  });
});
