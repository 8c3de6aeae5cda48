import { describe, expect, it } from 'vitest';
import { createDexieActivityStore } from '../../../lib/activities/dexie-store';
import { createMemoryActivityStore } from '../../../lib/activities/memory-store';
import { createDb } from '../../../lib/db/schema';
import { inputsOf, packMail } from '../../../lib/db/score-inputs';
import { mailSummary } from '../../../lib/churn/signals';
import { activityStoreContract } from './store-contract';

let n = 0;
activityStoreContract('memory', async () => createMemoryActivityStore());
// fake-indexeddb (test/unit/setup.ts): a fresh database per test.
activityStoreContract('dexie', async () => createDexieActivityStore(createDb(`activity-store-${++n}`)));

describe('the Dexie ActivityStore', () => {
  it('marks the score inputs stale in the caller transaction: an abort later keeps neither the row nor the marker', async () => {
    const db = createDb(`activity-store-tx-${++n}`);
    const mail = mailSummary([]);
    const store = createDexieActivityStore(db);
    await db.scoreInputBlocks.put({ block: 0, inputs: [{ contactId: 1, v: 'x', mail: packMail(mail) }] });
    const inputs = () => db.transaction('r', [db.scoreInputBlocks, db.scoreInputMarks], () => inputsOf(db, [1]));
    await expect(
      db.transaction('rw', [...store.tables, db.alerts], async () => {
        await store.add({ kind: 'note', contactIds: [1], at: 1, text: 'hi' });
        expect(await inputs()).toEqual([{ contactId: 1, rev: expect.any(Number), v: 'x', mail }]);
        throw new Error('later failure');
      }),
    ).rejects.toThrow('later failure');
    expect([await db.activities.count(), await inputs()]).toEqual([0, [{ contactId: 1, v: 'x', mail }]]);
    await store.add({ kind: 'note', contactIds: [1], at: 1, text: 'hi' });
    expect(await inputs()).toEqual([{ contactId: 1, rev: expect.any(Number), v: 'x', mail }]);
    // The mark is a small row of its own: the block of inputs is neither read nor rewritten by the store.
    expect(await db.scoreInputBlocks.get(0)).toEqual({ block: 0, inputs: [{ contactId: 1, v: 'x', mail: packMail(mail) }] });
  });
});
