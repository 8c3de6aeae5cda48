// A packed `addMany` (a large import's, a big team join's: lib/contacts/staging.ts) waits for as few round trips to
// IndexedDB as a plain one, and reads the stage's email buckets once: the staged-email check and the packing share one
// read. In a browser each round trip also waits for the page's thread (issue 17: a join's writes share it with the
// contacts page), and at 50,000 staged contacts the 256 buckets hold every staged email.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import { contactStoreOf, type DexieContactStore } from '../../../lib/contacts/dexie-store';
import type { NewContact } from '../../../lib/contacts/store';
import { watchRoundTrips, type TransactionTrips } from '../../support/round-trips';

function person(n: number, tags: number[] = []): NewContact {
  return { email: `p${String(n).padStart(5, '0')}@x.com`, name: `P${n}`, tags, stage: 'lead', owner: 'mia', custom: {}, doNotContact: 0, createdAt: 1, updatedAt: 1 };
}

describe('a packed addMany', () => {
  let db: KizunaDb;
  let store: DexieContactStore;
  let transactions: TransactionTrips[];
  let n = 0;
  beforeEach(async () => {
    db = createDb(`packed-add-${++n}`);
    transactions = watchRoundTrips(db);
    store = contactStoreOf(db);
    await store.tags.put([{ id: 1, name: 't1', key: 't1', color: '#1a73e8' }]);
    // A book with contacts staged already (an earlier write of the same join): their blocks and buckets are read.
    await store.addMany(
      Array.from({ length: 1500 }, (_, i) => person(i, i % 2 ? [1] : [])),
      { packed: true },
    );
  });
  afterEach(async () => db.delete());

  it('waits for no more round trips than a plain addMany does, and reads the email buckets in one request', async () => {
    const plainAt = transactions.length;
    await store.addMany([person(90_000, [1]), person(90_001)]);
    const [plain] = transactions.slice(plainAt);
    const at = transactions.length;
    const ids = await store.addMany(
      Array.from({ length: 2000 }, (_, i) => person(10_000 + i, i % 3 ? [1] : [])),
      { packed: true },
    );
    const [packed] = transactions.slice(at);
    // The ids allocated with the stage's emails read; the stage's blocks read with the membership; every write together
    // (4 round trips, the read-only check first; 5 before, the buckets read again with the blocks, the membership after).
    expect(packed.trips).toBeLessThanOrEqual(plain.trips);
    expect(packed.requests.get('contactStageEmails getMany')).toBe(1);
    // The same contacts as a read gives them.
    const got = await store.getMany([ids[0], ids[1], ids[1999]]);
    expect(got.map((c) => [c?.email, c?.tags])).toEqual([
      ['p10000@x.com', []],
      ['p10001@x.com', [1]],
      ['p11999@x.com', [1]],
    ]);
    expect(await store.count()).toBe(1500 + 2 + 2000);
  });

  it('still refuses an email staged already (and one twice in the call), writing nothing', async () => {
    const before = await store.count();
    await expect(store.addMany([person(20_000), person(7)], { packed: true })).rejects.toMatchObject({ name: 'ConstraintError' });
    await expect(store.addMany([person(20_000), person(20_000)], { packed: true })).rejects.toMatchObject({ name: 'ConstraintError' });
    expect(await store.count()).toBe(before);
    expect(await store.byEmail('p20000@x.com')).toBeUndefined();
  });
});
