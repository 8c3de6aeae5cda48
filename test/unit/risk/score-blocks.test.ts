import { beforeEach, describe, expect, it } from 'vitest';
import { recomputeRisk } from '../../../lib/churn/recompute';
import { contactStoreOf } from '../../../lib/contacts/dexie-store';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import type { Activity, Contact } from '../../../lib/db/types';
import { countRows } from '../../support/watch-requests';
import { config, contact, DAY, NOW } from './fixtures';

// Issue #12: a full rescore writes a row per block of contact ids, not a row per contact; a block once; nothing when
// nothing changed. countRows counts the rows each write names, per table.
let db: KizunaDb;
let written: Map<string, number>;
let n = 0;
const SCORE_TABLES = ['scores', 'scoreBlocks'];
/** Rows written to the scores (whatever their table is called) since the last call. */
const scoreRowsWritten = () => {
  const total = SCORE_TABLES.reduce((sum, t) => sum + (written.get(t) ?? 0), 0);
  written.clear();
  return total;
};

beforeEach(async () => {
  db = createDb(`score-blocks-${++n}`);
  ({ written } = countRows(db));
  await db.open();
});

const mail = (contactId: number, daysAgo: number, snippet = 'Hi'): Omit<Activity, 'id'> => ({
  kind: 'email',
  contactIds: [contactId],
  at: NOW - daysAgo * DAY,
  direction: 'in',
  messageId: `m-${contactId}-${daysAgo}`,
  threadId: `t-${contactId}`,
  from: `c${contactId}@x.example`,
  subject: 'Hello',
  snippet,
});

async function seed(count: number): Promise<void> {
  const contacts: Contact[] = Array.from({ length: count }, (_, i) => contact({ id: i + 1, email: `c${i + 1}@x.example` }));
  await db.contacts.bulkAdd(contacts);
  // Scores spread over the book: every fourth contact waits for an answer, every seventh wrote about cancelling.
  const rows = contacts.flatMap((c) => [...(c.id % 4 === 0 ? [mail(c.id, 5 + (c.id % 20))] : []), ...(c.id % 7 === 0 ? [mail(c.id, 2, 'We plan to cancel our subscription.')] : [])]);
  await db.activities.bulkAdd(rows as Activity[]);
  written.clear();
}

describe('a full rescore writes the scores in blocks', () => {
  it('writes about one row per 100 contacts, not one per contact, and every score reads back through the store', async () => {
    await seed(1000);
    const result = await recomputeRisk(db, config(), { now: NOW, chunkSize: 200 });
    expect(result.changed).toBe(1000);
    // Ids 1–1000: blocks 0–10, each written once, and a block split between two chunks once more (200, 400, 600, 800).
    expect(scoreRowsWritten()).toBeLessThanOrEqual(11 + 4);
    const stored = await contactStoreOf(db).scores.page({});
    expect(stored.map((s) => s.contactId)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
  });

  it('with bands that follow the book, writes each block once: the bands are settled before any score is written, with no second pass', async () => {
    await seed(1000);
    const result = await recomputeRisk(db, config(), { now: NOW, chunkSize: 150, bookBands: async () => ({ medium: 5, high: 30 }) });
    expect(result.changed).toBe(1000);
    expect(scoreRowsWritten()).toBeLessThanOrEqual(11);
    const stored = await contactStoreOf(db).scores.page({});
    expect(stored).toHaveLength(1000);
    expect(stored.every((s) => s.band === (s.score >= 30 ? 'high' : s.score >= 5 ? 'medium' : 'low'))).toBe(true);
  });

  it('writes nothing at all when nothing changed', async () => {
    await seed(600);
    await recomputeRisk(db, config(), { now: NOW, chunkSize: 200, bookBands: async () => ({ medium: 5, high: 30 }) });
    written.clear();
    const again = await recomputeRisk(db, config(), { now: NOW + 60_000, chunkSize: 200, bookBands: async () => ({ medium: 5, high: 30 }) });
    expect(again.changed).toBe(0);
    expect(again.alerts).toEqual([]);
    expect(Object.fromEntries(written)).toEqual({});
  });
});
