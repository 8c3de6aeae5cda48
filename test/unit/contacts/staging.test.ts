import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { liveQuery } from 'dexie';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import type { Contact } from '../../../lib/db/types';
import { contactStoreOf, createDexieContactStore, type DexieContactStore } from '../../../lib/contacts/dexie-store';
import { STAGE_BLOCK } from '../../../lib/contacts/staging';
import type { NewContact } from '../../../lib/contacts/store';
import { zoneAfterEachStep } from '../db/zone';

function person(n: number, tags: number[] = []): NewContact {
  return { email: `p${String(n).padStart(5, '0')}@x.com`, name: `P${n}`, tags, stage: 'lead', owner: n % 2 ? 'alex' : 'mia', custom: {}, doNotContact: 0, createdAt: 1, updatedAt: 1 };
}

/** The rows of a store as IndexedDB holds them. */
function rawCount(db: KizunaDb, store: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = db.backendDB().transaction(store).objectStore(store).count();
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

const ids = (rows: (Contact | undefined)[]) => rows.map((c) => c?.id);

describe('staged contacts (a large import packed, filed in the background) in the Dexie ContactStore', () => {
  let db: KizunaDb;
  let store: DexieContactStore;
  let n = 0;
  beforeEach(async () => {
    db = createDb(`contact-staging-${++n}`);
    store = createDexieContactStore(db);
    await store.tags.put([1, 2].map((id) => ({ id, name: `t${id}`, key: `t${id}`, color: '#1a73e8' })));
  });
  afterEach(async () => db.delete());
  const stage = (rows: NewContact[]) => store.addMany(rows, { packed: true });

  it('stores them packed, with ids from the counter after every id ever used', async () => {
    await store.addMany([person(0), person(1), person(2)]);
    await store.delete([3]);
    const staged = await stage(Array.from({ length: 2500 }, (_, i) => person(10 + i, i % 3 === 0 ? [1] : [])));
    expect(staged[0]).toBe(4);
    expect(staged.at(-1)).toBe(2503);
    expect(await rawCount(db, 'contacts')).toBe(2);
    const perBlock = new Map<number, number>();
    for (let id = 4; id <= 2503; id++) perBlock.set(Math.floor(id / STAGE_BLOCK), (perBlock.get(Math.floor(id / STAGE_BLOCK)) ?? 0) + 1);
    expect((await db.contactStage.toArray()).map((b) => [b.block, b.rows.length])).toEqual([...perBlock]);
    // The next ordinary contact gets the next id; deleting the last one gives its id to nobody.
    expect(await store.add(person(99999))).toBe(2504);
    await store.delete([2504]);
    expect(await store.add(person(99998))).toBe(2505);
    expect(await store.count()).toBe(2503);
  });

  it('reads as contacts on every read of the store, with their tags', async () => {
    await store.addMany([person(0, [2]), person(1)]);
    await stage(Array.from({ length: 3000 }, (_, i) => person(2 + i, i % 2 ? [2] : [])));
    expect(await store.count()).toBe(3002);
    expect(await store.get(1000)).toMatchObject({ id: 1000, email: 'p00999@x.com', tags: [2] });
    expect(ids(await store.getMany([1, 3002, 5000, 2]))).toEqual([1, 3002, undefined, 2]);
    expect((await store.byEmail('p00010@x.com'))?.id).toBe(11);
    expect((await store.byEmails(['p00000@x.com', 'p02000@x.com', 'nobody@x.com'])).map((c) => c.id).sort((a, b) => a - b)).toEqual([1, 2001]);
    expect(ids(await store.page({ after: 998, limit: 4 }))).toEqual([999, 1000, 1001, 1002]);
    expect(ids(await store.page({ limit: 2, reverse: true }))).toEqual([3002, 3001]);
    expect(ids(await store.page({ after: 3001, limit: 2, reverse: true }))).toEqual([3000, 2999]);
    // A bounded range stops at its upper id, across staged blocks and ordinary rows alike.
    expect(ids(await store.page({ after: 1, upTo: 5, limit: 100 }))).toEqual([2, 3, 4, 5]);
    expect((await store.page({ after: 998, upTo: 2500, limit: 5000 })).map((c) => c.id)).toEqual(Array.from({ length: 1502 }, (_, i) => 999 + i));
    expect(ids(await store.byEmailPrefix('p0299', 3))).toEqual([2991, 2992, 2993]);
    const all = await store.all();
    expect(all).toHaveLength(3002);
    expect(all.filter((c) => c.tags.includes(2))).toHaveLength(1 + 1500);
    expect((await store.members(2)).length).toBe(1 + 1500);
  });

  it('a write to a staged contact files it as an ordinary row; deletes and clears take it out', async () => {
    await stage(Array.from({ length: 1200 }, (_, i) => person(i, [1])));
    await store.update(5, { name: 'Renamed' });
    await store.put([{ ...(await store.get(7))!, owner: 'sato' }]);
    await store.setTags(new Map([[1100, [2]]]));
    expect(await rawCount(db, 'contacts')).toBe(2);
    expect(await store.get(5)).toMatchObject({ name: 'Renamed', tags: [1] });
    expect(await store.get(7)).toMatchObject({ owner: 'sato', tags: [1] });
    expect((await store.get(1100))?.tags).toEqual([2]);
    expect(await store.count()).toBe(1200);
    await store.delete([5, 8, 9]);
    expect(await store.count()).toBe(1197);
    expect(await store.get(8)).toBeUndefined();
    expect(await store.members(1)).not.toContain(8);
    await store.clear();
    expect(await store.count()).toBe(0);
    expect(await db.contactStage.count()).toBe(0);
    expect(await db.contactStageEmails.count()).toBe(0);
  });

  it('refuses a second contact with a staged email and keeps what is stored', async () => {
    await stage(Array.from({ length: 1000 }, (_, i) => person(i)));
    await expect(store.add(person(10))).rejects.toMatchObject({ name: 'ConstraintError' });
    await expect(store.update(1, { email: 'p00500@x.com' })).rejects.toMatchObject({ name: 'ConstraintError' });
    await expect(store.addMany([person(5000), person(7)])).rejects.toMatchObject({ name: 'ConstraintError' });
    expect(await store.count()).toBe(1000);
    expect((await store.get(1))?.email).toBe('p00000@x.com');
    expect(await store.byEmail('p05000@x.com')).toBeUndefined();
    // A staged contact may keep its own email when it is written.
    await store.put([{ ...(await store.get(2))!, name: 'Same email' }]);
    // Staging checks too: no email twice, no email already staged.
    await expect(stage([person(5000), person(5000)])).rejects.toMatchObject({ name: 'ConstraintError' });
    await expect(stage([person(20)])).rejects.toMatchObject({ name: 'ConstraintError' });
    expect(await store.count()).toBe(1000);
  });

  it('a put the email index refuses leaves the staged contact where it was', async () => {
    await store.add({ ...person(0), email: 'taken@x.com' });
    await stage(Array.from({ length: 1000 }, (_, i) => person(i)));
    await expect(store.update(5, { email: 'taken@x.com' })).rejects.toBeTruthy();
    expect(await store.get(5)).toMatchObject({ email: 'p00003@x.com' });
    expect(await db.contactStage.toArray().then((b) => b.flatMap((x) => x.rows).some((r) => r.id === 5))).toBe(true);
    expect(await store.count()).toBe(1001);
  });

  it('writes made at once in one transaction each take their contact out of the same packed row', async () => {
    await stage(Array.from({ length: 1000 }, (_, i) => person(i)));
    await db.transaction('rw', store.tables, () => Promise.all([store.delete([5]), store.delete([6])]));
    expect(ids(await store.getMany([5, 6]))).toEqual([undefined, undefined]);
    const [a, b] = await store.getMany([7, 8]);
    await db.transaction('rw', store.tables, () => Promise.all([store.put([{ ...a!, name: 'a' }]), store.put([{ ...b!, name: 'b' }])]));
    expect(await store.count()).toBe(998);
    expect((await store.getMany([7, 8])).map((c) => c?.name)).toEqual(['a', 'b']);
    // Adds made at once in one transaction take their ids in turn.
    const added = await db.transaction('rw', store.tables, () => Promise.all([store.add(person(3000)), store.addMany([person(3001), person(3002)], { packed: true })]));
    expect(added).toEqual([1001, [1002, 1003]]);
    expect(await store.fileStaged()).toBe(998);
    expect(await store.count()).toBe(1001);
  });

  it('filing moves every staged contact into ordinary rows, in steps, and reads stay the same', async () => {
    await store.add(person(0, [2]));
    await stage(Array.from({ length: 2100 }, (_, i) => person(1 + i, i % 5 ? [] : [1])));
    const before = await store.all();
    const steps: number[] = [];
    expect(await store.fileStaged({ onStep: (m) => steps.push(m) })).toBe(2100);
    expect(steps.length).toBeGreaterThan(3);
    expect(await db.contactStage.count()).toBe(0);
    expect(await db.contactStageEmails.count()).toBe(0);
    expect(await rawCount(db, 'contacts')).toBe(2101);
    expect(await store.all()).toEqual(before);
    expect((await store.byEmail('p01001@x.com'))?.id).toBe(1002);
    expect(await store.fileStaged()).toBe(0);
  });

  it('a failed import transaction stages nothing and takes its ids back', async () => {
    await expect(
      db.transaction('rw', store.tables, async () => {
        await stage(Array.from({ length: 1500 }, (_, i) => person(i, [1])));
        throw new Error('cancelled');
      }),
    ).rejects.toThrow('cancelled');
    expect(await store.count()).toBe(0);
    expect(await db.contactStage.count()).toBe(0);
    expect(await db.tagMembers.count()).toBe(0);
    expect(await store.add(person(1))).toBe(1);
  });

  it('a live query by email sees a contact staged later, and still sees it once filed', async () => {
    const seen: (number | undefined)[] = [];
    const sub = liveQuery(() => store.byEmail('p00042@x.com')).subscribe((c) => seen.push(c?.id));
    await new Promise((r) => setTimeout(r, 50));
    await stage(Array.from({ length: 1000 }, (_, i) => person(i)));
    await new Promise((r) => setTimeout(r, 50));
    await store.fileStaged();
    await new Promise((r) => setTimeout(r, 50));
    sub.unsubscribe();
    expect(seen[0]).toBeUndefined();
    expect(seen.at(-1)).toBe(43);
    expect(seen.filter((id) => id === undefined)).toHaveLength(1);
  });

  it("keeps the caller's transaction across nested helpers and parallel reads while contacts are staged", async () => {
    const s = contactStoreOf(db);
    await s.addMany(
      Array.from({ length: 1000 }, (_, i) => person(i, [1])),
      { packed: true },
    );
    const reads: (() => Promise<unknown>)[] = [
      () => Promise.all([s.all(), s.tags.list()]),
      () => Promise.all([s.get(1), s.getMany([1, 2000]), s.tags.list()]),
      () => Promise.all([s.byEmail('p00003@x.com'), db.companies.toArray()]),
      () => Promise.all([s.update(10, { name: 'x' }), db.companies.toArray()]),
    ];
    const log = await zoneAfterEachStep(db, reads, () => s.put([{ ...person(77777), id: 20 } as Contact]));
    expect(log).toEqual(Array(reads.length * 2 * 3 + 1).fill('in'));
  });
});
