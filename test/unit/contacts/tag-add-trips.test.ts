// A tag added to one contact (the side panel's edit, issue 17: the first hop of a team edit) waits for as few round
// trips to IndexedDB as its reads and writes need: the team's flags are read once per transaction (nine times before),
// an update does not read again the row it has just read or written, and independent writes go together.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import { contactStoreOf } from '../../../lib/contacts/dexie-store';
import { addTag, removeTag } from '../../../lib/contacts/tags';
import { TEAM_JOINED, TEAM_READ_ONLY } from '../../../lib/team/outbox';
import { watchRoundTrips, type TransactionTrips } from '../../support/round-trips';

// Reads of `contactMeta`: the team's two flags (once, together) and the id counter (once).
const metaReads = (t: TransactionTrips) => [...t.requests].filter(([name]) => name.startsWith('contactMeta get')).reduce((n, [, count]) => n + count, 0);

describe("a tag added to a contact in a team's book", () => {
  let db: KizunaDb;
  let transactions: TransactionTrips[];
  let n = 0;
  beforeEach(async () => {
    db = createDb(`tag-add-trips-${++n}`);
    transactions = watchRoundTrips(db);
    const store = contactStoreOf(db);
    await store.addMany(Array.from({ length: 50 }, (_, i) => ({ email: `p${i}@x.com`, name: `P${i}`, tags: [], stage: 'lead', owner: '', custom: {}, doNotContact: 0, createdAt: 1, updatedAt: 1 })));
    await db.contactMeta.put({ key: TEAM_JOINED, value: 2 });
    await store.tags.ensure(['renewal']);
    await db.teamOutbox.clear();
  });
  afterEach(() => db.delete());

  const trace = async (run: () => Promise<unknown>) => {
    const at = transactions.length;
    await run();
    return transactions.slice(at);
  };

  it('waits for at most 13 round trips (26 before), reads contactMeta twice (9 times before), and writes the tag, the date and the outbox', async () => {
    const [add] = await trace(() => addTag(db, 4, 'Renewal', 1234));
    expect(add.trips).toBeLessThanOrEqual(13);
    expect(metaReads(add)).toBeLessThanOrEqual(2);
    const contact = await contactStoreOf(db).get(4);
    expect(contact?.tags).toHaveLength(1);
    expect(contact?.updatedAt).toBe(1234);
    expect((await db.teamOutbox.toArray()).map((row) => [row.op, 'id' in row ? row.id : undefined])).toEqual([
      ['write', 4],
      ['write', 4],
    ]);
  });

  it('removes one in at most 9 round trips (18 before)', async () => {
    const tag = await addTag(db, 5, 'Renewal');
    const [remove] = await trace(() => removeTag(db, 5, tag.id, 99));
    expect(remove.trips).toBeLessThanOrEqual(9);
    expect(metaReads(remove)).toBeLessThanOrEqual(2);
    expect((await contactStoreOf(db).get(5))?.tags).toEqual([]);
  });

  it('still refuses the edit in a read-only copy, and a flag set later is seen by the next transaction', async () => {
    await addTag(db, 6, 'Renewal');
    await db.contactMeta.put({ key: TEAM_READ_ONLY, value: 1 });
    await expect(addTag(db, 7, 'Renewal')).rejects.toMatchObject({ name: 'TeamReadOnlyError' });
    await db.contactMeta.delete(TEAM_READ_ONLY);
    await addTag(db, 7, 'Renewal');
    expect((await contactStoreOf(db).get(7))?.tags).toHaveLength(1);
  });
});
