import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { liveQuery } from 'dexie';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import type { Contact } from '../../../lib/db/types';
import { insertSorted } from '../../../lib/db/tag-members';
import { changeTagMembership } from '../../../lib/workspace/bulk';
import { zoneAfterEachStep } from './zone';

function contact(id: number, tags: number[]): Contact {
  return { id, email: `c${id}@x.com`, name: `C${id}`, tags, stage: 'lead', owner: '', custom: {}, doNotContact: 0, createdAt: 1, updatedAt: 1 };
}

/** The contact rows as IndexedDB holds them, below the middleware. */
async function rawContacts(db: KizunaDb): Promise<Record<string, unknown>[]> {
  const idb = db.backendDB();
  return new Promise((resolve, reject) => {
    const request = idb.transaction('contacts').objectStore('contacts').getAll();
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

describe('tag membership kept out of the contact rows', () => {
  let db: KizunaDb;
  let n = 0;
  beforeEach(async () => {
    db = createDb(`tag-members-${++n}`);
    await db.tags.bulkAdd([1, 2, 3].map((id) => ({ id, name: `t${id}`, key: `t${id}`, color: '#1a73e8' })));
  });
  afterEach(async () => db.delete());

  it('stores tags as membership rows per tag and block, and reads them back on every kind of read', async () => {
    // Ids in three blocks of 2,048.
    await db.contacts.bulkAdd([contact(1, [2, 1]), contact(2100, [1]), contact(5000, []), contact(5001, [3])]);
    expect((await rawContacts(db)).some((row) => 'tags' in row)).toBe(false);
    expect(await db.tagMembers.toArray()).toEqual([
      { tagId: 1, block: 0, ids: [1] },
      { tagId: 1, block: 1, ids: [2100] },
      { tagId: 2, block: 0, ids: [1] },
      { tagId: 3, block: 2, ids: [5001] },
    ]);
    const expected = { 1: [1, 2], 2100: [1], 5000: [], 5001: [3] };
    const tagsOf = (rows: (Contact | undefined)[]) => Object.fromEntries(rows.map((c) => [c!.id, c!.tags]));
    expect((await db.contacts.get(1))?.tags).toEqual([1, 2]);
    expect(tagsOf(await db.contacts.bulkGet([5001, 1, 2100, 5000]))).toEqual(expected);
    expect(tagsOf(await db.contacts.toArray())).toEqual(expected);
    expect(tagsOf(await db.contacts.where('email').startsWith('c').toArray())).toEqual(expected);
    // A JavaScript filter reads through a cursor.
    expect(tagsOf(await db.contacts.filter((c) => c.tags.includes(1)).toArray())).toEqual({ 1: [1, 2], 2100: [1] });
    expect(await db.contacts.bulkGet([2])).toEqual([undefined]);
  });

  it('follows puts, updates, deletes and clears', async () => {
    await db.contacts.bulkAdd([contact(1, [1]), contact(2, [1, 2]), contact(3, [])]);
    await db.contacts.update(1, { tags: [2, 3] });
    await db.contacts.put(contact(3, [1]));
    // A partial update that does not name tags keeps them.
    await db.contacts.update(2, { name: 'Renamed' });
    expect((await db.contacts.toArray()).map((c) => [c.id, c.tags])).toEqual([[1, [2, 3]], [2, [1, 2]], [3, [1]]]);
    await db.contacts.delete(2);
    expect(await db.tagMembers.toArray()).toEqual([
      { tagId: 1, block: 0, ids: [3] },
      { tagId: 2, block: 0, ids: [1] },
      { tagId: 3, block: 0, ids: [1] },
    ]);
    await db.contacts.where('id').below(3).delete();
    expect(await db.tagMembers.toArray()).toEqual([{ tagId: 1, block: 0, ids: [3] }]);
    await db.contacts.clear();
    expect(await db.tagMembers.count()).toBe(0);
  });

  it('updates that do not name tags keep membership as it is (even when changed underneath); those that do change it', async () => {
    await db.contacts.bulkAdd([contact(1, [1]), contact(2, [2])]);
    const before = await db.tagMembers.toArray();
    // Membership edited underneath (as a bulk tag does): updates of other fields keep it.
    await db.tagMembers.put({ tagId: 3, block: 0, ids: [1] });
    await db.contacts.update(1, { name: 'Renamed', updatedAt: 5 });
    await db.contacts.bulkUpdate([{ key: 2, changes: { lastInboundAt: 40 } }]);
    await db.contacts.where('id').equals(2).modify({ owner: 'kim' });
    expect(await db.tagMembers.toArray()).toEqual([...before, { tagId: 3, block: 0, ids: [1] }]);
    expect((await db.contacts.get(1))?.tags).toEqual([1, 3]);
    await db.contacts.update(2, { tags: [1] });
    await db.contacts.where('id').equals(1).modify((c) => void (c.tags = [2]));
    expect((await db.contacts.toArray()).map((c) => c.tags)).toEqual([[2], [1]]);
    // An update naming tags without a value clears them.
    await db.contacts.update(2, { tags: undefined as unknown as number[] });
    expect((await db.contacts.get(2))?.tags).toEqual([]);
  });

  it('two contact writes in one transaction both keep their tags (membership writes run in turn)', async () => {
    await db.contacts.bulkAdd([contact(1, []), contact(2, []), contact(3, [])]);
    await db.transaction('rw', db.contacts, async () => {
      await Promise.all([db.contacts.put(contact(1, [1])), db.contacts.put(contact(2, [1])), db.contacts.update(3, { tags: [1, 2] })]);
    });
    expect((await db.contacts.toArray()).map((c) => c.tags)).toEqual([[1], [1], [1, 2]]);
  });

  it('a membership write that fails aborts the whole transaction, even when the caller catches the error', async () => {
    await db.contacts.bulkAdd([contact(1, [1])]);
    // A tag id that is not a valid key part makes the membership write fail after the contact write.
    await expect(
      db.transaction('rw', db.contacts, async () => {
        await db.contacts.update(1, { name: 'Changed' });
        await db.contacts.update(1, { tags: [Number.NaN] }).catch(() => undefined);
      }),
    ).rejects.toThrow();
    expect(await db.contacts.get(1)).toMatchObject({ name: 'C1', tags: [1] });
  });

  it('a failed transaction leaves membership as it was', async () => {
    await db.contacts.bulkAdd([contact(1, [1])]);
    await expect(
      db.transaction('rw', db.contacts, async () => {
        await db.contacts.update(1, { tags: [2] });
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    expect((await db.contacts.get(1))?.tags).toEqual([1]);
  });

  it('a live query of a contact sees a bulk tag change, which writes no contact row', async () => {
    await db.contacts.bulkAdd([contact(1, [])]);
    const seen: number[][] = [];
    const subscription = liveQuery(() => db.contacts.get(1)).subscribe((c) => c && seen.push(c.tags));
    await expect.poll(() => seen.length).toBe(1);
    await changeTagMembership(db, [1], [3], true);
    await expect.poll(() => seen).toEqual([[], [3]]);
    subscription.unsubscribe();
  });

  // Dexie keeps a transaction's zone across native awaits only for a limited number of microtasks; a
  // helper that awaits Dexie in parallel and then returns without another Dexie call (as the CSV
  // import's loadExisting does on an empty book) lost its caller's transaction when this layer took
  // more microtasks to answer.
  for (const seeded of [false, true]) {
    it(`keeps the caller's transaction across nested helpers and parallel reads (${seeded ? 'with' : 'without'} contacts)`, async () => {
      if (seeded) await db.contacts.bulkAdd([contact(1, [1])]);
      const reads: (() => Promise<unknown>)[] = [
        () => Promise.all([db.contacts.toArray(), db.tags.toArray()]),
        () => Promise.all([db.contacts.get(1), db.contacts.bulkGet([1, 2]), db.tags.toArray()]),
        () => Promise.all([db.contacts.filter(() => true).toArray(), db.tags.toArray()]),
        () => Promise.all([db.contacts.where('id').below(5).toArray(), db.companies.toArray()]),
      ];
      const log = await zoneAfterEachStep(db, reads, () => db.contacts.put(contact(2, [2])));
      expect(log).toEqual(Array(reads.length * 2 * 3 + 1).fill('in'));
    });
  }

  it('insertSorted keeps ids ascending and unique', () => {
    const ids = [2, 5, 9];
    expect([insertSorted(ids, 1), insertSorted(ids, 5), insertSorted(ids, 7), insertSorted(ids, 10)]).toEqual([true, false, true, true]);
    expect(ids).toEqual([1, 2, 5, 7, 9, 10]);
  });
});
