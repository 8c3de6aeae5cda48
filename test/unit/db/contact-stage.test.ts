import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { liveQuery } from 'dexie';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import type { Contact } from '../../../lib/db/types';
import { expandStagedContacts, stageNextContactAdd, STAGE_BLOCK } from '../../../lib/db/contact-stage';
import { zoneAfterEachStep } from './zone';

type New = Omit<Contact, 'id'>;

function person(n: number, tags: number[] = []): New {
  return { email: `p${String(n).padStart(5, '0')}@x.com`, name: `P${n}`, tags, stage: 'lead', owner: n % 2 ? 'alex' : 'mia', custom: {}, doNotContact: 0, createdAt: 1, updatedAt: 1 };
}

/** Stages these new contacts as the CSV import does; returns their ids. */
function stage(db: KizunaDb, rows: New[]): Promise<number[]> {
  return db.transaction('rw', db.contacts, async (tx) => {
    stageNextContactAdd(tx);
    return (await db.contacts.bulkAdd(rows as Contact[], { allKeys: true })) as number[];
  });
}

/** The contact rows as IndexedDB holds them, below the middlewares. */
function rawCount(db: KizunaDb, store: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = db.backendDB().transaction(store).objectStore(store).count();
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

const ids = (rows: (Contact | undefined)[]) => rows.map((c) => c?.id);

describe('staged contacts (packed rows filed in the background)', () => {
  let db: KizunaDb;
  let n = 0;
  beforeEach(async () => {
    db = createDb(`contact-stage-${++n}`);
    await db.tags.bulkAdd([1, 2].map((id) => ({ id, name: `t${id}`, key: `t${id}`, color: '#1a73e8' })));
  });
  afterEach(async () => db.delete());

  it('stores them packed, with ids from the key generator after every id ever used', async () => {
    await db.contacts.bulkAdd([person(0), person(1), person(2)].map((c) => c as Contact));
    await db.contacts.delete(3);
    const staged = await stage(db, Array.from({ length: 2500 }, (_, i) => person(10 + i, i % 3 === 0 ? [1] : [])));
    expect(staged[0]).toBe(4);
    expect(staged.at(-1)).toBe(2503);
    expect(await rawCount(db, 'contacts')).toBe(2);
    // Ids 4–2503, packed by block of STAGE_BLOCK ids: the first block starts at id 4.
    const perBlock = new Map<number, number>();
    for (let id = 4; id <= 2503; id++) perBlock.set(Math.floor(id / STAGE_BLOCK), (perBlock.get(Math.floor(id / STAGE_BLOCK)) ?? 0) + 1);
    expect((await db.contactStage.toArray()).map((b) => [b.block, b.rows.length])).toEqual([...perBlock]);
    expect(perBlock.get(0)).toBe(STAGE_BLOCK - 4);
    // The next ordinary contact gets the next id.
    expect(await db.contacts.add(person(99999) as Contact)).toBe(2504);
    expect(await db.contacts.count()).toBe(2503);
  });

  it('reads as contacts on every kind of read, with their tags', async () => {
    await db.contacts.bulkAdd([person(0, [2]), person(1)].map((c) => c as Contact));
    await stage(db, Array.from({ length: 3000 }, (_, i) => person(2 + i, i % 2 ? [1] : [1, 2])));
    // 1–2 are rows, 3–3002 staged.
    expect((await db.contacts.get(1))?.tags).toEqual([2]);
    expect(await db.contacts.get(1500)).toMatchObject({ id: 1500, email: 'p01499@x.com', tags: [1] });
    expect(await db.contacts.get(5000)).toBeUndefined();
    expect(ids(await db.contacts.bulkGet([2999, 2, 7000, 3]))).toEqual([2999, 2, undefined, 3]);
    const all = await db.contacts.toArray();
    expect(all.map((c) => c.id)).toEqual(Array.from({ length: 3002 }, (_, i) => i + 1));
    expect(all[2].tags).toEqual([1, 2]);
    expect(ids(await db.contacts.where(':id').above(998).limit(4).toArray())).toEqual([999, 1000, 1001, 1002]);
    expect(await db.contacts.where(':id').between(1, 3).primaryKeys()).toEqual([1, 2]);
    expect(ids(await db.contacts.reverse().limit(2).toArray())).toEqual([3002, 3001]);
    expect(ids(await db.contacts.orderBy(':id').reverse().offset(1).limit(2).toArray())).toEqual([3001, 3000]);
    // The email index: one address, a range, keys only, ordered.
    expect((await db.contacts.where('email').equals('p02000@x.com').first())?.id).toBe(2001);
    expect((await db.contacts.where('email').equals('p00001@x.com').first())?.id).toBe(2);
    expect(await db.contacts.where('email').equals('nobody@x.com').first()).toBeUndefined();
    expect(await db.contacts.where('email').startsWith('p0000').primaryKeys()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect((await db.contacts.orderBy('email').reverse().first())?.email).toBe('p03001@x.com');
    // Cursors: a JavaScript filter, anyOf (which jumps), startsWithIgnoreCase, each.
    expect(ids(await db.contacts.filter((c) => c.name === 'P2500' || c.name === 'P0').toArray())).toEqual([1, 2501]);
    expect(ids(await db.contacts.where('email').anyOf('p02999@x.com', 'p00000@x.com', 'zz@x.com', 'p00100@x.com').toArray())).toEqual([1, 101, 3000]);
    expect(ids(await db.contacts.where('email').startsWithIgnoreCase('P0299').limit(3).toArray())).toEqual([2991, 2992, 2993]);
    let seen = 0;
    await db.contacts.each(() => void seen++);
    expect(seen).toBe(3002);
    expect(await db.contacts.count()).toBe(3002);
    expect(await db.contacts.where(':id').above(2000).count()).toBe(1002);
    expect(await db.contacts.filter((c) => c.tags.includes(2)).count()).toBe(1 + 1500);
  });

  it('a write to a staged contact files it as an ordinary row; deletes and clears take it out', async () => {
    await stage(db, Array.from({ length: 1200 }, (_, i) => person(i, [1])));
    await db.contacts.update(5, { name: 'Renamed' });
    await db.contacts.bulkUpdate([{ key: 6, changes: { stage: 'customer' } }, { key: 1100, changes: { tags: [2] } }]);
    await db.contacts.put({ ...(await db.contacts.get(7))!, owner: 'sato' });
    expect(await rawCount(db, 'contacts')).toBe(4);
    expect(await db.contacts.get(5)).toMatchObject({ name: 'Renamed', tags: [1] });
    expect(await db.contacts.get(6)).toMatchObject({ stage: 'customer', tags: [1] });
    expect((await db.contacts.get(1100))?.tags).toEqual([2]);
    expect(await db.contacts.count()).toBe(1200);
    await db.contacts.bulkDelete([5, 8, 9]);
    await db.contacts.where(':id').between(1000, 1101).delete();
    expect(await db.contacts.count()).toBe(1200 - 3 - 101);
    expect(await db.contacts.get(8)).toBeUndefined();
    expect(await db.contacts.get(1050)).toBeUndefined();
    expect(await db.contacts.get(1101)).toBeDefined();
    expect((await db.tagMembers.toArray()).flatMap((r) => r.ids)).not.toContain(8);
    await db.contacts.clear();
    expect(await db.contacts.count()).toBe(0);
    expect(await db.contactStage.count()).toBe(0);
    expect(await db.contactStageEmails.count()).toBe(0);
  });

  it('refuses a second contact with a staged email, as the unique index would, and keeps what is stored', async () => {
    await stage(db, Array.from({ length: 1000 }, (_, i) => person(i)));
    await expect(db.contacts.add(person(10) as Contact)).rejects.toMatchObject({ name: 'ConstraintError' });
    await expect(db.contacts.update(1, { email: 'p00500@x.com' })).rejects.toMatchObject({ name: 'ConstraintError' });
    expect(await db.contacts.count()).toBe(1000);
    expect((await db.contacts.get(1))?.email).toBe('p00000@x.com');
    // A staged contact may keep its own email when it is written.
    await db.contacts.put({ ...(await db.contacts.get(2))!, name: 'Same email' });
    // Staging checks too: no email twice, no email already staged, no ids given.
    await expect(stage(db, [person(5000), person(5000)])).rejects.toMatchObject({ name: 'ConstraintError' });
    await expect(stage(db, [person(20)])).rejects.toMatchObject({ name: 'ConstraintError' });
    await expect(stage(db, [{ ...person(6000), id: 7 } as New])).rejects.toThrow(/no id/);
    expect(await db.contacts.count()).toBe(1000);
  });

  it('a bulk add refuses only the contacts whose email is staged, and writes the others', async () => {
    await stage(db, Array.from({ length: 1000 }, (_, i) => person(i)));
    const error = await db.contacts.bulkAdd([person(5000), person(7), person(5001)] as Contact[]).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'BulkError', failures: [expect.objectContaining({ name: 'ConstraintError' })] });
    expect((error as { failuresByPos: Record<number, unknown> }).failuresByPos).toHaveProperty('1');
    expect((await db.contacts.where('email').anyOf('p05000@x.com', 'p05001@x.com').toArray()).map((c) => c.name)).toEqual(['P5000', 'P5001']);
    expect(await db.contacts.count()).toBe(1002);
  });

  it('a put the email index refuses leaves the staged contact where it was', async () => {
    await db.contacts.add({ ...person(0), email: 'taken@x.com' } as Contact);
    await stage(db, Array.from({ length: 1000 }, (_, i) => person(i)));
    await expect(db.contacts.update(5, { email: 'taken@x.com' })).rejects.toBeTruthy();
    expect(await db.contacts.get(5)).toMatchObject({ email: 'p00003@x.com' });
    expect(await db.contacts.count()).toBe(1001);
  });

  it('writes made at once in one transaction each take their contact out of the same packed row', async () => {
    await stage(db, Array.from({ length: 1000 }, (_, i) => person(i)));
    await db.transaction('rw', db.contacts, () => Promise.all([db.contacts.delete(5), db.contacts.delete(6)]));
    expect(ids(await db.contacts.bulkGet([5, 6]))).toEqual([undefined, undefined]);
    const [a, b] = await db.contacts.bulkGet([7, 8]);
    await db.transaction('rw', db.contacts, () => Promise.all([db.contacts.put({ ...a!, name: 'a' }), db.contacts.put({ ...b!, name: 'b' })]));
    expect(await db.contacts.count()).toBe(998);
    expect((await db.contacts.bulkGet([7, 8])).map((c) => c?.name)).toEqual(['a', 'b']);
    expect(await expandStagedContacts(db)).toBe(996);
    expect(await db.contacts.count()).toBe(998);
  });

  it('expansion files every staged contact into ordinary rows, in steps, and reads stay the same', async () => {
    await db.contacts.bulkAdd([person(0, [2])].map((c) => c as Contact));
    await stage(db, Array.from({ length: 2100 }, (_, i) => person(1 + i, i % 5 ? [] : [1])));
    const before = await db.contacts.toArray();
    const steps: number[] = [];
    const moved = await expandStagedContacts(db, { onStep: (m) => steps.push(m) });
    expect(moved).toBe(2100);
    expect(steps.length).toBeGreaterThan(3);
    expect(await db.contactStage.count()).toBe(0);
    expect(await db.contactStageEmails.count()).toBe(0);
    expect(await rawCount(db, 'contacts')).toBe(2101);
    expect(await db.contacts.toArray()).toEqual(before);
    expect((await db.contacts.where('email').equals('p01001@x.com').first())?.id).toBe(1002);
    expect(await expandStagedContacts(db)).toBe(0);
  });

  it('a failed import transaction stages nothing', async () => {
    await expect(
      db.transaction('rw', db.contacts, async (tx) => {
        stageNextContactAdd(tx);
        await db.contacts.bulkAdd(Array.from({ length: 1500 }, (_, i) => person(i)) as Contact[]);
        throw new Error('cancelled');
      }),
    ).rejects.toThrow('cancelled');
    expect(await db.contacts.count()).toBe(0);
    expect(await db.contactStage.count()).toBe(0);
    expect(await db.tagMembers.count()).toBe(0);
  });

  it('a live query by email sees a contact staged later, and still sees it once filed', async () => {
    const seen: (number | undefined)[] = [];
    const sub = liveQuery(() => db.contacts.where('email').equals('p00042@x.com').first()).subscribe((c) => seen.push(c?.id));
    await new Promise((r) => setTimeout(r, 50));
    await stage(db, Array.from({ length: 1000 }, (_, i) => person(i)));
    await new Promise((r) => setTimeout(r, 50));
    await expandStagedContacts(db);
    await new Promise((r) => setTimeout(r, 50));
    sub.unsubscribe();
    expect(seen[0]).toBeUndefined();
    expect(seen.at(-1)).toBe(43);
    expect(seen.filter((id) => id === undefined)).toHaveLength(1);
  });

  // See the same test in tag-members.test.ts: Dexie keeps a transaction's zone across native awaits
  // only for a limited number of microtasks.
  it("keeps the caller's transaction across nested helpers and parallel reads while contacts are staged", async () => {
    await stage(db, Array.from({ length: 1000 }, (_, i) => person(i, [1])));
    const reads: (() => Promise<unknown>)[] = [
      () => Promise.all([db.contacts.toArray(), db.tags.toArray()]),
      () => Promise.all([db.contacts.get(1), db.contacts.bulkGet([1, 2000]), db.tags.toArray()]),
      () => Promise.all([db.contacts.filter(() => true).toArray(), db.tags.toArray()]),
      () => Promise.all([db.contacts.where('email').equals('p00003@x.com').first(), db.companies.toArray()]),
      () => Promise.all([db.contacts.update(10, { name: 'x' }), db.companies.toArray()]),
    ];
    const log = await zoneAfterEachStep(db, reads, () => db.contacts.put({ ...person(77777), id: 20 } as Contact));
    expect(log).toEqual(Array(reads.length * 2 * 3 + 1).fill('in'));
  });
});
