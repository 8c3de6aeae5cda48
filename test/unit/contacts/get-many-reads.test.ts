// getMany of ids close together (a bulk write's, which every page listing contacts re-reads when Dexie reports it: a
// team join's shard is hundreds of consecutive ids) asks IndexedDB once for their range, not once per id (issue 17:
// 10,000 gets on the page's thread during a join of 10,000 contacts). Counted below Dexie, on IndexedDB's own calls.
import { afterEach, expect, it, vi } from 'vitest';
import { contactStoreOf } from '../../../lib/contacts/dexie-store';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import { person } from './store-contract';

const dbs: KizunaDb[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const db of dbs.splice(0)) await db.delete();
});

/** IndexedDB `get` and `getAll` calls on the contacts object store while `work` runs. */
async function contactReads(work: () => Promise<unknown>): Promise<{ get: number; getAll: number }> {
  const counts = { get: 0, getAll: 0 };
  const get = IDBObjectStore.prototype.get;
  const getAll = IDBObjectStore.prototype.getAll;
  vi.spyOn(IDBObjectStore.prototype, 'get').mockImplementation(function (this: IDBObjectStore, ...args) {
    if (this.name === 'contacts') counts.get++;
    return get.apply(this, args);
  });
  vi.spyOn(IDBObjectStore.prototype, 'getAll').mockImplementation(function (this: IDBObjectStore, ...args) {
    if (this.name === 'contacts') counts.getAll++;
    return getAll.apply(this, args);
  });
  await work();
  vi.restoreAllMocks();
  return counts;
}

it('reads ids close together in one range request, with the same answer as one get per id', async () => {
  const db = createDb(`get-many-reads-${Date.now()}`);
  dbs.push(db);
  const store = contactStoreOf(db);
  const ids = await store.addMany(Array.from({ length: 300 }, (_, i) => person(`p${i}@acme.example`)));
  await store.delete([ids[10], ids[11]]);
  // A bulk write's ids and a gap (deleted), in any order, one asked twice, one never stored.
  const asked = [...ids.slice(0, 200)].reverse().concat(ids[5], ids[299] + 1);
  let rows: Awaited<ReturnType<typeof store.getMany>> = [];
  const reads = await contactReads(async () => (rows = await store.getMany(asked)));
  expect(reads).toEqual({ get: 0, getAll: 1 });
  expect(rows.map((r) => r?.email)).toEqual(asked.map((id) => (id === ids[10] || id === ids[11] || id > ids[299] ? undefined : `p${ids.indexOf(id)}@acme.example`)));
  // Scattered ids (far apart next to their number) stay one get each: a range read would read every row between.
  const scattered = Array.from({ length: 10 }, (_, i) => ids[i * 30]);
  const far = await contactReads(async () => expect((await store.getMany(scattered)).map((r) => r?.id)).toEqual(scattered));
  expect(far).toEqual({ get: 10, getAll: 0 });
});
