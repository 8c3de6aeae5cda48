import { beforeEach, describe, expect, it } from 'vitest';
import { activityStoreOf } from '../../../lib/activities/dexie-store';
import { recomputeRisk } from '../../../lib/churn/recompute';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import type { Activity, Contact } from '../../../lib/db/types';
import { countRows } from '../../support/watch-requests';
import { config, contact, DAY, NOW } from './fixtures';

// Issue #12: each row read or written costs about the same whatever its size, so a full rescore must touch the score
// inputs (whatever their tables are called: one row per contact up to schema 14, blocks and marks since 15) a row per
// block of 100 contact ids, not one per contact. countRows counts the rows of each request: rows named by a write,
// keys asked for by a get, rows answered by a range read.
let db: KizunaDb;
let written: Map<string, number>;
let read: Map<string, number>;
let n = 0;
/** Rows of the score-input tables since the last call: [written, read]. */
const inputRows = (): [number, number] => {
  const sum = (map: Map<string, number>) => [...map].filter(([t]) => t.startsWith('scoreInput')).reduce((s, [, rows]) => s + rows, 0);
  const out: [number, number] = [sum(written), sum(read)];
  written.clear();
  read.clear();
  return out;
};

beforeEach(async () => {
  db = createDb(`rescore-rows-${++n}`);
  ({ written, read } = countRows(db));
  await db.open();
});

const mail = (contactId: number, daysAgo: number): Omit<Activity, 'id'> => ({
  kind: 'email',
  contactIds: [contactId],
  at: NOW - daysAgo * DAY,
  direction: contactId % 2 ? 'in' : 'out',
  messageId: `m-${contactId}-${daysAgo}`,
  threadId: `t-${contactId}`,
  from: `c${contactId}@x.example`,
  subject: 'Hello',
  snippet: contactId % 7 ? 'Hi' : 'We plan to cancel our subscription.',
});

async function seed(count: number): Promise<void> {
  const contacts: Contact[] = Array.from({ length: count }, (_, i) => contact({ id: i + 1, email: `c${i + 1}@x.example` }));
  await db.contacts.bulkAdd(contacts);
  // Through the ActivityStore: every contact's inputs are marked stale, as after a mail import.
  await activityStoreOf(db).addMany(contacts.flatMap((c) => [mail(c.id, 3), mail(c.id, 20 + (c.id % 9))]));
  inputRows();
}

describe('a full rescore touches the score inputs a block at a time', () => {
  it('first run (every contact stale): about one input row and one mark row written and read per 100 contacts, not one per contact', { timeout: 60_000 }, async () => {
    await seed(600);
    const first = await recomputeRisk(db, config(), { now: NOW, chunkSize: 200 });
    expect(first.changed).toBe(600);
    const [written, read] = inputRows();
    // Ids 1–600: blocks 0–6, each written once and a block split between two chunks once more (200, 400), in both
    // tables (the inputs stored, the marks taken away).
    expect(written).toBeLessThanOrEqual(2 * (7 + 2));
    // Read by each chunk (a range) and again by its write (a get of the blocks it writes), in both tables.
    expect(read).toBeLessThanOrEqual(4 * (7 + 2));
  });

  it('second run (nothing changed): the inputs of 600 contacts are read as a few block rows and nothing is written', { timeout: 60_000 }, async () => {
    await seed(600);
    await recomputeRisk(db, config(), { now: NOW, chunkSize: 200 });
    inputRows();
    const again = await recomputeRisk(db, config(), { now: NOW, chunkSize: 200 });
    expect(again.changed).toBe(0);
    const [written, read] = inputRows();
    expect(written).toBe(0);
    expect(read).toBeLessThanOrEqual(7 + 2);
  });

  it('an activity written later marks its contact with one mark row, and the next run rebuilds that contact only', { timeout: 60_000 }, async () => {
    await seed(300);
    await recomputeRisk(db, config(), { now: NOW, chunkSize: 100 });
    inputRows();
    await activityStoreOf(db).add(mail(150, 1));
    expect(inputRows()).toEqual([1, 1]);
    await recomputeRisk(db, config(), { now: NOW, chunkSize: 100 });
    // The chunk of 101–200 writes block 1 once and deletes its mark row.
    expect(inputRows()[0]).toBe(2);
  });
});
