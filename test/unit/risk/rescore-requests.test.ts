// What a full rescore asks of the database and of the phrase scanner (issue #12: a first rescore of 100,000 contacts
// within its goal). Results are pinned elsewhere (rescore-results.test.ts); these pin the work.
import { storedScores } from '../../support/stored-scores';
import Dexie from 'dexie';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Activity, Contact } from '../../../lib/db/types';
import { config, contact, DAY, NOW, rescoreReads, tablesOf } from './fixtures';
import { activityStoreOf } from '../../../lib/activities/dexie-store';
import { watchRequests } from '../../support/watch-requests';
import { dayNumber } from '../../../lib/churn/score-history';

const counted = vi.hoisted(() => ({ scans: 0 }));
vi.mock('../../../lib/churn/phrases', async (original) => {
  const actual = await original<typeof import('../../../lib/churn/phrases')>();
  return { ...actual, findIntent: (...args: Parameters<typeof actual.findIntent>) => (counted.scans++, actual.findIntent(...args)) };
});

const { recomputeRisk } = await import('../../../lib/churn/recompute');
const { storeAlerts } = await import('../../../lib/churn/alert-store');
const { contactStoreOf } = await import('../../../lib/contacts/dexie-store');
const { createDb } = await import('../../../lib/db/schema');

let db: ReturnType<typeof createDb>;
let n = 0;
beforeEach(async () => {
  db = createDb(`rescore-requests-${++n}`);
  await db.open();
});

/** `count` customers, each with one message of theirs and (`replied`) one reply of ours, recent, without churn wording. */
async function seed(count: number, replied = true): Promise<number> {
  const contacts: Contact[] = Array.from({ length: count }, (_, i) => contact({ id: i + 1, email: `c${i + 1}@x.example` }));
  await db.contacts.bulkAdd(contacts);
  const rows = contacts.flatMap((c) =>
    (replied ? (['in', 'out'] as const) : (['in'] as const)).map((direction, k) => ({
      kind: 'email',
      contactIds: [c.id],
      at: NOW - (5 - k) * DAY,
      direction,
      messageId: `m-${c.id}-${k}`,
      threadId: `t-${c.id}`,
      from: direction === 'in' ? c.email : 'me@us.example',
      subject: 'Hello',
      snippet: 'Thanks, see you then.',
    })),
  );
  await activityStoreOf(db).addMany(rows as Activity[]);
  return rows.length;
}

describe('a full rescore', () => {
  it('scans each message of theirs for churn wording once on a first run (not once to store it and once to score it)', async () => {
    const messages = await seed(30);
    counted.scans = 0;
    const result = await recomputeRisk(db, config(), { now: NOW, chunkSize: 10 });
    expect(result.scored).toBe(30);
    // Half are replies of ours: the score reads churn wording of theirs only (their summary, lib/churn/signals.ts).
    expect(counted.scans).toBe(messages / 2);
    // The next run scores from the stored inputs: no text is left to scan.
    counted.scans = 0;
    await recomputeRisk(db, config(), { now: NOW, chunkSize: 10 });
    expect(counted.scans).toBe(0);
  });

  it('settles the book’s bands without reading the stored scores again', async () => {
    await seed(40);
    const store = contactStoreOf(db);
    const getMany = vi.spyOn(store.scores, 'getMany');
    const page = vi.spyOn(store.scores, 'page');
    const result = await recomputeRisk(db, config(), { now: NOW, chunkSize: 10, bookBands: async () => ({ medium: 1, high: 30 }) });
    expect(result.changed).toBe(40);
    expect(getMany).not.toHaveBeenCalled();
    // One page per read transaction (the four chunks of ten are one batch, lib/churn/recompute.ts READ_AHEAD). The
    // bands' step reads the stored rows of the blocks it writes in its own transaction (their history continues),
    // instead of holding every stored row in memory since its chunk (rescore-writes.test.ts); but on a first run no
    // contact had a stored row when its chunk was read: nothing to read (the old code read once more per transaction).
    expect(page).toHaveBeenCalledTimes(1);
    expect((await storedScores(db).toArray()).every((s) => s.band === (s.score >= 30 ? 'high' : s.score >= 1 ? 'medium' : 'low'))).toBe(true);
    // Bands moved on a later run (every score here is 0: low, now medium): the rows written continue from the stored
    // ones, read once in the bands' transaction.
    page.mockClear();
    const later = await recomputeRisk(db, config(), { now: NOW + DAY, chunkSize: 10, bookBands: async () => ({ medium: 0, high: 1 }) });
    expect(later.changed).toBe(40);
    expect(page).toHaveBeenCalledTimes(2);
    const rows = await storedScores(db).toArray();
    expect(rows.every((s) => s.band === (s.score >= 1 ? 'high' : 'medium'))).toBe(true);
    // Each history still starts on the first run's day (a row written without its stored one would start today).
    expect(rows.every((s) => s.history[0][0] === dayNumber(NOW))).toBe(true);
  });

  it('reads five chunks of contacts in one read transaction, in a few requests per batch rather than per chunk', async () => {
    // Range reads (getAll, cursors) per table, counted below Dexie: each is one IndexedDB request. (The writes' check
    // that contacts still exist is a bulk get by key, not counted here.)
    const requests: Record<string, number> = {};
    const counted = createDb(`rescore-requests-batch-${++n}`);
    watchRequests(counted, (r) => (r.op === 'query' || r.op === 'openCursor' ? (requests[r.table] = (requests[r.table] ?? 0) + 1) : 0));
    await counted.open();
    db = counted;
    await seed(50);
    for (const key of Object.keys(requests)) delete requests[key];
    const transaction = vi.spyOn(counted, 'transaction');
    const result = await recomputeRisk(counted, config(), { now: NOW, chunkSize: 10 });
    const reads = rescoreReads(transaction.mock.calls);
    const scopes = transaction.mock.calls.filter((call) => call[0] === 'r' && tablesOf(call).includes('activities')).map(tablesOf);
    transaction.mockRestore();
    expect(result.scored).toBe(50);
    expect(result.changed).toBe(50);
    // Five chunks of ten in one batch (contacts 1–50), then the batch that finds no more: two read transactions,
    // where a transaction per chunk took six.
    expect(reads).toBe(2);
    // Each holds only the tables it reads: not the tags, the team outbox or the id counter, whose writes in a page
    // it would wait for (and they for it).
    for (const scope of scopes) expect(scope.filter((t) => ['tags', 'teamOutbox', 'tagEvents', 'contactMeta'].includes(t))).toEqual([]);
    expect(requests.contacts).toBe(2);
    expect(requests.scoreBlocks).toBe(2);
    // (The batch with no contact asks for no inputs, only for stored scores past the last contact.)
    expect(requests.scoreInputBlocks).toBe(1);
    expect(requests.scoreInputMarks).toBe(1);
    // The activities: one range per chunk of ten (each request as short as before), all asked in the batch's transaction.
    expect(requests.activities).toBe(5);
  });

  it('reads the next batch while the last chunk of a batch is scored, before the batch’s write', async () => {
    const log: string[] = [];
    const watched = createDb(`rescore-requests-ahead-${++n}`);
    watchRequests(watched, (r) => (r.table === 'contacts' && r.op === 'query' && r.values ? log.push(`contacts ${r.rows}`) : 0));
    await watched.open();
    db = watched;
    await seed(170);
    log.length = 0;
    const original = watched.transaction.bind(watched) as (...args: unknown[]) => unknown;
    const transaction = vi.spyOn(watched, 'transaction').mockImplementation(((...args: unknown[]) => {
      // A batch's write transaction, not the store's sub-transactions inside it.
      if (args[0] === 'rw' && !Dexie.currentTransaction) log.push('write');
      return original(...args);
    }) as never);
    const result = await recomputeRisk(watched, config(), { now: NOW, chunkSize: 10 });
    transaction.mockRestore();
    expect(result.scored).toBe(170);
    // Batches of five chunks of ten: the third batch (contacts 101–150) is asked for before the second batch's write
    // (without the read ahead it was read after that write, once the last chunk was scored and written). The first and
    // third batches write nothing of their own: their scores and inputs, all of a block that goes on past them (ids
    // 0–99, 100–199), wait for the next batch's write (holdBackBlock).
    expect(log.filter((e) => e === 'write' || e.startsWith('contacts'))).toEqual(['contacts 50', 'contacts 50', 'contacts 50', 'write', 'contacts 20', 'write']);
  });

  it('reads a batch’s activities in a transaction of their own, which the previous batch’s write does not wait for', async () => {
    // The third batch's activities (after the first two batches' ten requests) are answered only once a write transaction
    // has been asked for, or after 3 s without one: which of the two released them is the finding. (Not the second
    // batch's: the first batch, contacts 1–50, writes nothing yet, as its block of scores and inputs goes on to 99 and
    // is written with the second batch: holdBackBlock.)
    let writeAsked!: () => void;
    const asked = new Promise<string>((resolve) => (writeAsked = () => resolve('write')));
    const released: string[] = [];
    let queries = 0;
    const watched = createDb(`rescore-requests-overlap-${++n}`);
    watched.use({
      stack: 'dbcore',
      name: 'HoldActivities',
      create: (down) => ({
        ...down,
        table: (table) => {
          const t = down.table(table);
          if (table !== 'activities') return t;
          return {
            ...t,
            query: (req) => {
              if (++queries <= 10) return t.query(req);
              const gate = Promise.race([asked, new Promise<string>((resolve) => setTimeout(() => resolve('timeout'), 3000))]);
              return t.query(req).then((r) => gate.then((by) => (released.push(by), r)));
            },
          };
        },
      }),
    });
    await watched.open();
    db = watched;
    await seed(170);
    queries = 0;
    const scopes: string[][] = [];
    const original = watched.transaction.bind(watched) as (...args: unknown[]) => unknown;
    const transaction = vi.spyOn(watched, 'transaction').mockImplementation(((...args: unknown[]) => {
      if (!Dexie.currentTransaction) {
        const tables = tablesOf(args);
        if (args[0] === 'rw') writeAsked();
        if (tables.includes('activities')) scopes.push(tables);
      }
      return original(...args);
    }) as never);
    const result = await recomputeRisk(watched, config(), { now: NOW, chunkSize: 10 });
    transaction.mockRestore();
    expect(result.scored).toBe(170);
    // Each batch's activities (five ranges of ten contacts, three times, then two) in a read of the activities table
    // alone: it shares no table with a write (score inputs, scores, alerts), so neither waits for the other.
    expect(scopes).toEqual([['activities'], ['activities'], ['activities'], ['activities']]);
    // A batch's write (contacts 1–99) was asked for while the third batch's activities (101–150) were still unanswered:
    // IndexedDB reads them while it writes (the old read ahead held them in its transaction with the stored scores,
    // inputs and alerts, which the write waited for). The fourth batch's two are answered as soon as they come.
    expect(released).toEqual(Array(7).fill('write'));
  }, 15_000);

  it('asks whether a write’s contacts with new alerts still exist once it is written, outside its transaction', async () => {
    // Requests as they go out and as they are answered, below Dexie: the alert rows (a range read) and the contacts
    // (a bulk get) that storeAlerts reads in the write transaction that holds the contacts.
    const log: string[] = [];
    const watched = createDb(`rescore-requests-order-${++n}`);
    watched.use({
      stack: 'dbcore',
      name: 'RequestOrder',
      create: (down) => ({
        ...down,
        table: (table) => {
          const t = down.table(table);
          const watch = <T>(what: string, run: () => Promise<T>): Promise<T> => (log.push(`ask ${what}`), run().then((r) => (log.push(`answer ${what}`), r)));
          return {
            ...t,
            // The check that the contacts still exist: their keys (a bulk get on the old code).
            query: (req) => (table === 'alerts' && req.values ? watch('alerts', () => t.query(req)) : table === 'contacts' && !req.values ? watch('contacts', () => t.query(req)) : t.query(req)),
            getMany: (req) => (table === 'contacts' ? watch('contacts', () => t.getMany(req)) : t.getMany(req)),
          };
        },
      }),
    });
    await watched.open();
    db = watched;
    await seed(20, false);
    log.length = 0;
    const result = await recomputeRisk(watched, config(), { now: NOW + 10 * DAY, chunkSize: 10 });
    expect(result.alerts.length).toBe(20);
    // Two chunks with new alerts, one batch: its write reads the stored alert rows and holds no contact; the contacts
    // are checked after it (a transaction that held them held up the sidebar's contact reads while it wrote).
    const asked = log.filter((e) => e !== 'answer contacts');
    expect(asked).toEqual(['ask alerts', 'answer alerts', 'ask contacts']);
  });

  it('checks after a write that its contacts with new alerts still exist by their keys: one request, no contact row', async () => {
    const contactReads: { op: string; keys: number; rows: number; values: boolean }[] = [];
    const watched = createDb(`rescore-requests-exist-${++n}`);
    watchRequests(watched, (r) => (r.table === 'contacts' && r.op !== 'mutate' ? contactReads.push({ op: r.op, keys: r.keys, rows: r.rows, values: r.values }) : 0));
    await watched.open();
    db = watched;
    await seed(20, false);
    contactReads.length = 0;
    const result = await recomputeRisk(watched, config(), { now: NOW + 10 * DAY, chunkSize: 10 });
    expect(result.alerts.length).toBe(20);
    // The read phase: the book's contacts as rows, one range read (a batch of up to five chunks).
    expect(contactReads.filter((r) => r.values).map((r) => [r.op, r.rows])).toEqual([['query', 20]]);
    // After the batch's write (its two chunks together): the keys of its range, one request, where a bulk get asked once per contact.
    expect(contactReads.filter((r) => !r.values).map((r) => [r.op, r.rows])).toEqual([['query', 20]]);
  });

  it('reads a chunk’s stored alerts in one range of the [contactId+open+key] index, not contact by contact', async () => {
    await seed(20, false);
    const clause = Object.getPrototypeOf(db.alerts.where('[contactId+open+key]')) as { inAnyRange: (...args: unknown[]) => unknown };
    const anyOf = vi.spyOn(clause, 'inAnyRange');
    try {
      const first = await recomputeRisk(db, config(), { now: NOW + 10 * DAY, chunkSize: 10 });
      expect(first.alerts.length).toBeGreaterThan(0);
      expect(anyOf).not.toHaveBeenCalled();
      // Scattered ids still read by key.
      await storeAlerts(db, [], [1, 20], NOW);
      expect(anyOf).toHaveBeenCalledTimes(1);
    } finally {
      anyOf.mockRestore();
    }
  });
});
