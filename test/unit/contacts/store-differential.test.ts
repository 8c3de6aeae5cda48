import { describe, it } from 'vitest';
import { createDb } from '../../../lib/db/schema';
import { runStoreDifferential } from '../../support/store-differential';

/**
 * Seeded random operations applied to the Dexie store (fake-indexeddb) and to the memory model
 * (test/support/store-differential.ts; the same run in Chromium's real IndexedDB:
 * test/browser/store-differential.test.ts). A failure prints the seed and the last operations: rerun
 * with STORE_SEED=<seed> to replay it.
 */
const SEED = Number(process.env.STORE_SEED ?? 20261202);
const OPERATIONS = Number(process.env.STORE_OPS ?? 2000);

describe('the Dexie ContactStore against the memory model', () => {
  it(`agrees on ${OPERATIONS} random operations (seed ${SEED})`, { timeout: 600_000 }, async () => {
    const db = createDb(`contact-store-differential-${SEED}`);
    await runStoreDifferential(db, SEED, OPERATIONS);
    await db.delete();
  });
});
