import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contactStoreOf } from '../../../lib/contacts/dexie-store';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import type { Contact } from '../../../lib/db/types';
import { updateProfile } from '../../../lib/contacts/profile';
import { applyBulk, BulkError, changedCount, ensureTags, planBulk, undoBulk, validateAction } from '../../../lib/workspace/bulk';

const NOW = Date.UTC(2026, 0, 10);

function contact(id: number, over: Partial<Contact> = {}): Contact {
  return { id, email: `c${id}@x.com`, name: `C${id}`, tags: [], stage: 'lead', owner: '', custom: {}, doNotContact: 0, createdAt: 1, updatedAt: 1, ...over };
}

describe('planBulk (pure)', () => {
  const rows = [contact(1, { tags: [1] }), contact(2, { tags: [2] }), undefined, contact(3, { tags: [1, 2], stage: 'customer', customerSince: 5 })];

  it('lists only the rows that change, with copies of them as they were', () => {
    const plan = planBulk([contact(1, { owner: 'sato' }), contact(2, { owner: 'kim' })], { kind: 'setOwner', owner: 'sato' }, NOW);
    expect(plan.before.map((c) => c.id)).toEqual([2]);
    expect(plan.after).toEqual([{ ...contact(2), owner: 'sato', updatedAt: NOW }]);
    expect(plan.before[0].owner).toBe('kim');
  });

  it('sets owner (trimmed) and do-not-contact', () => {
    expect(planBulk(rows, { kind: 'setOwner', owner: ' sato ' }, NOW).after.map((c) => c.owner)).toEqual(['sato', 'sato', 'sato']);
    const dnc = planBulk([contact(1), contact(2, { doNotContact: 1 })], { kind: 'setDoNotContact', value: true }, NOW);
    expect(dnc.after.map((c) => [c.id, c.doNotContact])).toEqual([[1, 1]]);
  });

  it('records each stage change as a stage activity and keeps the customer dates like a profile edit', () => {
    const plan = planBulk(rows, { kind: 'setStage', stage: 'churned' }, NOW);
    expect(plan.after.map((c) => [c.id, c.stage, c.churnedAt])).toEqual([
      [1, 'churned', NOW],
      [2, 'churned', NOW],
      [3, 'churned', NOW],
    ]);
    expect(plan.stageActivities).toEqual([
      { kind: 'stage', contactIds: [1], at: NOW, fromStage: 'lead', toStage: 'churned' },
      { kind: 'stage', contactIds: [2], at: NOW, fromStage: 'lead', toStage: 'churned' },
      { kind: 'stage', contactIds: [3], at: NOW, fromStage: 'customer', toStage: 'churned' },
    ]);
    const won = planBulk([contact(1)], { kind: 'setStage', stage: 'customer' }, NOW).after[0];
    expect(won.customerSince).toBe(NOW);
    expect('churnedAt' in won).toBe(false);
    expect(planBulk(rows, { kind: 'setStage', stage: 'customer' }, NOW).before.map((c) => c.id)).toEqual([1, 2]);
  });

  it('refuses an unknown stage, an empty tag list and an over-long owner', () => {
    expect(() => planBulk(rows, { kind: 'setStage', stage: 'won' as never }, NOW)).toThrow('unknown stage');
    expect(() => validateAction({ kind: 'addTags', tagIds: [] })).toThrow('at least one tag');
    expect(() => planBulk(rows, { kind: 'setOwner', owner: 'x'.repeat(321) }, NOW)).toThrow('320');
  });
});

describe('applyBulk / undoBulk (IndexedDB)', () => {
  let db: KizunaDb;
  let n = 0;
  beforeEach(async () => {
    db = createDb(`bulk-${++n}`);
    await db.tags.bulkAdd(Array.from({ length: 9 }, (_, i) => ({ id: i + 1, name: `t${i + 1}`, key: `t${i + 1}`, color: '#1a73e8' })));
    await contactStoreOf(db).restore(Array.from({ length: 25 }, (_, i) => contact(i + 1, { tags: i % 2 ? [1] : [], owner: `o${i % 3}` })));
  });
  afterEach(async () => db.delete());

  const all = () => contactStoreOf(db).all();

  it('tags by writing tag membership only, in one step, and undo restores exactly the previous tags', async () => {
    const before = await all();
    const progress: number[] = [];
    const undo = await applyBulk(
      db,
      before.map((c) => c.id),
      { kind: 'addTags', tagIds: [1, 7] },
      { chunkSize: 10, now: NOW, onProgress: (p) => progress.push(p.done) },
    );
    expect(progress).toEqual([0, 25]);
    const tagged = await all();
    expect(tagged.map((c) => c.tags)).toEqual(before.map(() => [1, 7]));
    // The contact rows themselves are not rewritten.
    expect(tagged.map((c) => c.updatedAt)).toEqual(before.map((c) => c.updatedAt));
    expect(undo.before).toEqual([]);
    expect(undo.tagChanges).toEqual([
      { tagId: 1, ids: before.filter((c) => !c.tags.includes(1)).map((c) => c.id) },
      { tagId: 7, ids: before.map((c) => c.id) },
    ]);
    expect(changedCount(undo)).toBe(25);
    expect(await db.tagMembers.count()).toBe(2);
    expect(await undoBulk(db, undo)).toEqual({ restored: 25, skipped: 0 });
    expect(await all()).toEqual(before);
  });

  it('removes tags and puts them back on undo; a contact deleted since stays deleted', async () => {
    const before = await all();
    const undo = await applyBulk(db, [1, 2, 3, 4], { kind: 'removeTags', tagIds: [1] }, { now: NOW });
    expect(undo.tagChanges).toEqual([{ tagId: 1, ids: [2, 4] }]);
    expect((await contactStoreOf(db).getMany([2, 4])).map((c) => c!.tags)).toEqual([[], []]);
    await contactStoreOf(db).delete([4]);
    expect(await undoBulk(db, undo)).toEqual({ restored: 1, skipped: 1 });
    expect(await all()).toEqual(before.filter((c) => c.id !== 4));
  });

  it('refuses a tag that no longer exists, writing nothing', async () => {
    const before = await all();
    const error = (await applyBulk(db, [1, 2], { kind: 'addTags', tagIds: [1, 99] }).catch((e: unknown) => e)) as BulkError;
    expect(error).toBeInstanceOf(BulkError);
    expect(error.message).toBe('no tag 99');
    expect(error.undo.tagChanges).toEqual([]);
    expect(await all()).toEqual(before);
  });

  it('a failure part way keeps the chunks already written undoable (BulkError carries their record)', async () => {
    const before = await all();
    const store = contactStoreOf(db);
    const put = store.put;
    let calls = 0;
    (store as { put: unknown }).put = (...args: Parameters<typeof put>) => (++calls === 2 ? Promise.reject(new Error('disk full')) : put(...args));
    const error = (await applyBulk(
      db,
      before.map((c) => c.id),
      { kind: 'setOwner', owner: 'kim' },
      { chunkSize: 10, now: NOW },
    ).catch((e: unknown) => e)) as BulkError;
    (store as { put: unknown }).put = put;
    expect(error).toBeInstanceOf(BulkError);
    expect(error.message).toBe('disk full');
    expect(error.undo.before.map((c) => c.id)).toEqual(before.slice(0, 10).map((c) => c.id));
    expect((await all()).filter((c) => c.owner === 'kim')).toHaveLength(10);
    await undoBulk(db, error.undo);
    expect(await all()).toEqual(before);
  });

  it('undo leaves a contact edited after the action as it is, and says how many', async () => {
    const before = await all();
    const undo = await applyBulk(db, [1, 2, 3], { kind: 'setOwner', owner: 'kim' }, { now: NOW });
    await contactStoreOf(db).update(2, { name: 'Edited in the sidebar', updatedAt: NOW + 5 });
    expect(await undoBulk(db, undo)).toEqual({ restored: 2, skipped: 1 });
    const after = await all();
    expect(after[0]).toEqual(before[0]);
    expect(after[1]).toMatchObject({ name: 'Edited in the sidebar', owner: 'kim' });
    expect(after[2]).toEqual(before[2]);
  });

  it('undo of a tag action takes out only what it added: a tag the user removed since stays removed, other edits stay', async () => {
    const undo = await applyBulk(db, [1, 2, 3], { kind: 'addTags', tagIds: [9] }, { now: NOW });
    await contactStoreOf(db).update(2, { name: 'Edited in the sidebar', updatedAt: NOW + 5 });
    await contactStoreOf(db).setTags(new Map([[3, []]]));
    expect(await undoBulk(db, undo)).toEqual({ restored: 2, skipped: 1 });
    expect((await contactStoreOf(db).getMany([1, 2, 3])).map((c) => [c!.name, c!.tags])).toEqual([
      ['C1', []],
      ['Edited in the sidebar', [1]],
      ['C3', []],
    ]);
  });

  it('undo of a row action keeps tags added since by a bulk tag (which does not touch updatedAt)', async () => {
    const owners = await applyBulk(db, [1, 2], { kind: 'setOwner', owner: 'kim' }, { now: NOW });
    await applyBulk(db, [1, 2], { kind: 'addTags', tagIds: [7] }, { now: NOW + 1 });
    expect(await undoBulk(db, owners)).toEqual({ restored: 2, skipped: 0 });
    expect((await contactStoreOf(db).getMany([1, 2])).map((c) => [c!.owner, c!.tags])).toEqual([
      ['o0', [7]],
      ['o1', [1, 7]],
    ]);
  });

  it('counts a multi-tag undo per contact: restored when any tag came back, skipped when none could', async () => {
    const undo = await applyBulk(db, [1, 3], { kind: 'addTags', tagIds: [2, 3] }, { now: NOW });
    await contactStoreOf(db).setTags(new Map([[1, []]]));
    await contactStoreOf(db).setTags(new Map([[3, [2]]]));
    expect(await undoBulk(db, undo)).toEqual({ restored: 1, skipped: 1 });
    expect((await contactStoreOf(db).getMany([1, 3])).map((c) => c!.tags)).toEqual([[], []]);
  });

  it('redo re-applies the same action to the same contacts', async () => {
    const undo = await applyBulk(db, [1, 2, 3], { kind: 'setOwner', owner: 'kim' }, { now: NOW });
    await undoBulk(db, undo);
    expect((await contactStoreOf(db).getMany([1, 2, 3])).map((c) => c!.owner)).toEqual(['o0', 'o1', 'o2']);
    await applyBulk(db, undo.ids, undo.action, { now: NOW + 1 });
    expect((await contactStoreOf(db).getMany([1, 2, 3])).map((c) => c!.owner)).toEqual(['kim', 'kim', 'kim']);
  });

  it('a stage change writes the same rows and history as a profile edit; undo removes that history', async () => {
    await updateProfile(db, 1, { stage: 'customer' }, NOW);
    const byProfile = await contactStoreOf(db).get(1);
    const undo = await applyBulk(db, [2], { kind: 'setStage', stage: 'customer' }, { now: NOW });
    const byBulk = await contactStoreOf(db).get(2);
    expect({ ...byBulk, id: 1, email: 'c1@x.com', name: 'C1', tags: byProfile!.tags, owner: byProfile!.owner }).toEqual(byProfile);
    const stages = await db.activities.where('kind').equals('stage').toArray();
    expect(stages.map((a) => [a.contactIds, a.fromStage, a.toStage, a.at])).toEqual([
      [[1], 'lead', 'customer', NOW],
      [[2], 'lead', 'customer', NOW],
    ]);
    await undoBulk(db, undo);
    expect((await contactStoreOf(db).get(2))!.stage).toBe('lead');
    expect(await db.activities.where('contactIds').equals(2).count()).toBe(0);
    expect(await db.activities.where('contactIds').equals(1).count()).toBe(1);
  });

  it('delete removes own activities and alerts, unlinks shared ones; undo puts everything back', async () => {
    await db.activities.bulkAdd([
      { kind: 'note', contactIds: [1], at: 1, text: 'mine' },
      { kind: 'email', contactIds: [1, 2], at: 2, messageId: 'm1', direction: 'in' },
      { kind: 'email', contactIds: [3], at: 3, messageId: 'm2', direction: 'in' },
    ] as never);
    await db.alerts.add({ key: '1:high-risk:x', contactId: 1, kind: 'high-risk', at: 1, open: 1 } as never);
    const contactsBefore = await all();
    const activitiesBefore = await db.activities.orderBy('id').toArray();
    const alertsBefore = await db.alerts.toArray();
    const undo = await applyBulk(db, [1, 99], { kind: 'delete' }, { now: NOW });
    expect(await contactStoreOf(db).get(1)).toBeUndefined();
    expect(await contactStoreOf(db).count()).toBe(24);
    const left = await db.activities.orderBy('id').toArray();
    expect(left.map((a) => [a.messageId ?? a.text, a.contactIds])).toEqual([
      ['m1', [2]],
      ['m2', [3]],
    ]);
    expect(await db.alerts.count()).toBe(0);
    await undoBulk(db, undo);
    expect(await all()).toEqual(contactsBefore);
    expect(await db.activities.orderBy('id').toArray()).toEqual(activitiesBefore);
    expect(await db.alerts.toArray()).toEqual(alertsBefore);
  });

  it('stops between chunks when aborted; the undo record holds what was written', async () => {
    const controller = new AbortController();
    const undo = await applyBulk(
      db,
      Array.from({ length: 25 }, (_, i) => i + 1),
      { kind: 'setDoNotContact', value: true },
      {
        chunkSize: 10,
        onProgress: (p) => p.done === 10 && controller.abort(),
        signal: controller.signal,
      },
    );
    expect(undo.before.map((c) => c.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(
      await db.contacts
        .where('id')
        .above(10)
        .filter((c) => c.doNotContact === 1)
        .count(),
    ).toBe(0);
  });

  it('ensureTags reuses tags whatever the case and creates the missing ones', async () => {
    const [vip] = await ensureTags(db, ['VIP']);
    const tags = await ensureTags(db, [' vip ', 'Renewal 2026', 'vip']);
    expect(tags.map((t) => t.name)).toEqual(['VIP', 'Renewal 2026']);
    expect(tags[0].id).toBe(vip.id);
    await expect(ensureTags(db, ['  '])).rejects.toThrow('1–60');
  });
});
