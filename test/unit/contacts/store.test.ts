import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { createDexieContactStore } from '../../../lib/contacts/dexie-store';
import { createMemoryContactStore } from '../../../lib/contacts/memory-store';
import { createDb } from '../../../lib/db/schema';
import { contactStoreContract, person } from './store-contract';
import type { Contact } from '../../../lib/db/types';
import { listPagesProblem } from '../../support/list-pages-check';

let n = 0;
contactStoreContract('memory', async () => createMemoryContactStore());
// fake-indexeddb (test/unit/setup.ts): a fresh database per test.
contactStoreContract('dexie', async () => createDexieContactStore(createDb(`contact-store-${++n}`)));

describe('the Dexie ContactStore inside a caller transaction', () => {
  it('joins it: a failure later in the transaction keeps none of the store calls, nor the caller own writes', async () => {
    const db = createDb(`contact-store-tx-${++n}`);
    const store = createDexieContactStore(db);
    const [tag] = await store.tags.ensure(['One']);
    const a = await store.add(person('a@x.com'));
    await expect(
      db.transaction('rw', [...store.tables, db.activities], async () => {
        await store.addToTag(tag.id, [a]);
        await store.add(person('b@x.com'));
        await db.activities.add({ kind: 'note', contactIds: [a], at: 1, text: 'hi' } as never);
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    expect([await store.count(), (await store.membership()).size, await db.activities.count()]).toEqual([1, 0, 0]);
  });

  it('keeps the caller in its transaction across every await of a store call', async () => {
    const db = createDb(`contact-store-zone-${++n}`);
    const store = createDexieContactStore(db);
    const [tag] = await store.tags.ensure(['One']);
    const a = await store.add(person('a@x.com'));
    const where: string[] = [];
    await db.transaction('rw', [...store.tables, db.activities], async () => {
      const steps: (() => Promise<unknown>)[] = [
        () => store.get(a),
        () => store.byEmail('a@x.com'),
        () => store.tagsOf([a]),
        () => store.update(a, { name: 'n' }),
        () => store.addToTag(tag.id, [a]),
        () => store.add(person(`c${where.length}@x.com`)),
        () => store.scores.get(a),
      ];
      for (const step of steps) {
        const helper = async () => {
          await step();
          where.push(Dexie.currentTransaction ? 'in' : 'out');
        };
        await helper();
        where.push(Dexie.currentTransaction ? 'in' : 'out');
        await db.activities.count();
      }
    });
    expect(where).toEqual(where.map(() => 'in'));
  });
});

describe('the Dexie ContactStore’s list pages', () => {
  it('keeps every change of calls made at once in one transaction to the same page', async () => {
    // Dexie runs a transaction's sub-transactions one after the other; the store's per-transaction copy of the pages
    // would keep each change even if they ran interleaved.
    const db = createDb(`contact-store-pages-${++n}`);
    const store = createDexieContactStore(db);
    const [a, b] = await store.addMany([person('a@x.com'), person('b@x.com')]);
    await db.transaction('rw', store.tables, () =>
      Promise.all([
        store.add(person('c@x.com')),
        store.update(a, { name: 'A' }),
        store.addMany([person('d@x.com'), person('e@x.com')]),
        store.delete([b]),
        store.put([{ ...person('f@x.com'), id: 50 }]),
      ]),
    );
    expect((await db.contactList.toArray()).map((p) => p.ids)).toEqual([[a, 3, 4, 5, 50]]);
    expect(await listPagesProblem(store.tables)).toBeNull();
    expect((await store.list()).map((c) => [c.id, c.name])).toEqual((await store.all()).map((c) => [c.id, c.name]));
  });
});

describe('the Dexie ContactStore’s reads', () => {
  it('hands out the rows IndexedDB handed up, with their tags, not a copy of each (issue 16: a read of the whole book)', async () => {
    const db = createDb(`contact-store-rows-${++n}`);
    // Every contact row a range read hands up to Dexie's tables.
    const read = new Set<unknown>();
    db.use({
      stack: 'dbcore',
      name: 'SeenRows',
      create: (down) => ({
        ...down,
        table: (name) => {
          const t = down.table(name);
          return name !== 'contacts' ? t : { ...t, query: (req) => t.query(req).then((res) => (res.result.forEach((row) => read.add(row)), res)) };
        },
      }),
    });
    const store = createDexieContactStore(db);
    const [tag] = await store.tags.ensure(['One']);
    const ids: number[] = [];
    for (const email of ['a@x.com', 'b@x.com', 'c@x.com']) ids.push(await store.add(person(email)));
    await store.addToTag(tag.id, [ids[1]]);
    read.clear();
    const page: Contact[] = await store.page({ limit: 10 });
    expect(page.map((c) => c.tags)).toEqual([[], [tag.id], []]);
    expect(page.filter((c) => read.has(c))).toHaveLength(3);
  });
});
