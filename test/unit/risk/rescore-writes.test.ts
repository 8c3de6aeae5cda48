// The write side of a first full rescore whose bands follow the book (issue #12). Each alert row costs the same
// wherever it is written (its indexes), but each transaction, each alert row read back and each step of a key
// cursor costs on top: once the bands are settled, the scores and crossings of a range of contacts go in one
// transaction, each block once, the crossings' keys checked from the [contactId+open+key] index (no alert row).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { activityStoreOf } from '../../../lib/activities/dexie-store';
import { alertsOfContacts } from '../../../lib/churn/alert-store';
import { recomputeRisk } from '../../../lib/churn/recompute';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import type { Activity, Contact } from '../../../lib/db/types';
import { storedScores } from '../../support/stored-scores';
import { watchRequests } from '../../support/watch-requests';
import { config, contact, NOW, renewalMail, tablesOf } from './fixtures';

let n = 0;
let db: KizunaDb;
/** Per table: rows written; alert rows read. */
const seen = { written: new Map<string, number>(), alertRows: 0 };

beforeEach(async () => {
  fakeBrowser.reset();
  db = createDb(`rescore-writes-${++n}`);
  watchRequests(db, (r) => {
    if (r.op === 'mutate') seen.written.set(r.table, (seen.written.get(r.table) ?? 0) + r.keys);
    else if (r.table === 'alerts' && (r.op === 'query' || r.op === 'getMany') && r.values) seen.alertRows += r.rows;
  });
  await db.open();
});

const mail = renewalMail;

/** 600 customers: most with a waiting message (an unanswered alert), some writing about cancelling (higher scores). */
async function seed(): Promise<void> {
  const people: Contact[] = Array.from({ length: 600 }, (_, i) => contact({ id: i + 1, email: `c${i + 1}@x.example` }));
  await db.contacts.bulkAdd(people);
  await activityStoreOf(db).addMany(
    people.filter((c) => c.id % 5 !== 0).map((c) => (c.id % 7 === 0 ? mail(c.id, 3, 'We plan to cancel our subscription.') : mail(c.id, 3 + (c.id % 20)))) as Activity[],
  );
  seen.written.clear();
  seen.alertRows = 0;
}

describe('a first full rescore with bands from the book', () => {
  it('writes its scores and crossings after the bands in few transactions, reading no alert row', { timeout: 60_000 }, async () => {
    await seed();
    const settings = config();
    // Low thresholds: the book's high band holds many customers, each a crossing.
    const bookBands = async () => ({ medium: 1, high: 2 });
    const transaction = vi.spyOn(db, 'transaction');
    const first = await recomputeRisk(db, settings, { now: NOW, chunkSize: 50, bookBands });
    const writes = transaction.mock.calls.filter((call) => call[0] === 'rw').map(tablesOf);
    transaction.mockRestore();
    expect(first.alerts.length).toBeGreaterThan(400);
    expect(first.alerts.some((a) => a.kind === 'high-risk')).toBe(true);
    expect(await db.alerts.count()).toBe(first.alerts.length);
    // 12 chunks of 50: before, each chunk's write added its alerts and each bands step its crossings (24 transactions
    // on alerts and contacts); now a transaction per ~245 alerts or 2,000 scores.
    // 12 chunks of 50: before, the bands step wrote a chunk's worth of held scores per transaction (12); now up to
    // 2,000 scores or ~245 crossings per transaction, ending on a block. (The chunks' writes store score inputs.)
    // (The store's own calls open sub-transactions of scoreBlocks alone: a bands step holds alerts too.)
    const bandSteps = writes.filter((names) => names.includes('scoreBlocks') && names.includes('alerts') && !names.includes('scoreInputBlocks')).length;
    const crossings = first.alerts.filter((a) => a.kind === 'high-risk').length;
    expect(bandSteps).toBeLessThanOrEqual(Math.ceil(crossings / 245) + 1);
    expect(seen.alertRows).toBe(0);
    // Each block of 100 contact ids is written once, with its bands: ids 1–600 are blocks 0–6, 7 score rows.
    expect(seen.written.get('scoreBlocks')).toBe(7);
    expect(first.changed).toBe(600);
    expect(await storedScores(db).count()).toBe(600);
    expect(first.phases.bandWrites.alertRows).toBe(crossings);
    expect(first.phases.bandWrites.scoreRows).toBe(600);
  });

  it('writes the chunks of one read batch in one transaction, each block of score inputs once', { timeout: 60_000 }, async () => {
    await seed();
    const transaction = vi.spyOn(db, 'transaction');
    const first = await recomputeRisk(db, config(), { now: NOW, chunkSize: 50 });
    // The chunks' write transactions are those that store score inputs (the store's own calls open sub-transactions
    // of one or two tables, never these).
    const writes = transaction.mock.calls.filter((call) => call[0] === 'rw' && tablesOf(call).includes('scoreInputBlocks')).length;
    transaction.mockRestore();
    expect(first.changed).toBe(600);
    expect(first.alerts.length).toBeGreaterThan(400);
    // 12 chunks of 50 read five at a time: three batches (1–250, 251–500, 501–600), a write transaction each, where
    // a transaction per chunk made 12.
    expect(writes).toBe(3);
    expect(first.phases.writes.transactions).toBe(3);
    // Blocks of 100 ids 0–6, each written once (7 rows): the inputs and scores of block 2 (ids 200–299), read in the
    // first batch and the second, wait for the second's write, and so do block 5's for the third. Writing each batch's
    // whole blocks wrote blocks 2 and 5 twice (9 rows each); a write per chunk, 18.
    expect(seen.written.get('scoreInputBlocks')).toBe(7);
    expect(seen.written.get('scoreBlocks')).toBe(7);
    expect(await storedScores(db).count()).toBe(600);
  });

  it('leaves the contacts out of its write transactions, and keeps no new alert of a contact deleted before the write', { timeout: 60_000 }, async () => {
    await seed();
    const transaction = vi.spyOn(db, 'transaction');
    let deleted = false;
    const first = await recomputeRisk(db, config(), {
      now: NOW,
      chunkSize: 50,
      // Contact 3 (who has a message waiting: an alert) is deleted after its chunk was read, before its write.
      beforeWrite: async () => {
        if (!deleted) await db.contacts.delete(3);
        deleted = true;
      },
    });
    const writes = transaction.mock.calls.filter((call) => call[0] === 'rw').map(tablesOf);
    transaction.mockRestore();
    expect(writes.length).toBeGreaterThan(0);
    // The pages' contact reads (the sidebar's profile) do not wait behind a rescore's write.
    expect(writes.filter((names) => names.includes('contacts'))).toEqual([]);
    expect(first.alerts.length).toBeGreaterThan(400);
    expect(first.alerts.some((a) => a.contactId === 3)).toBe(false);
    expect(
      await db.alerts
        .where('[contactId+open+key]')
        .between([3, -Infinity, -Infinity], [3, [[]], [[]]])
        .count(),
    ).toBe(0);
    expect(await db.alerts.count()).toBe(first.alerts.length);
  });

  it('adds no alert twice and no crossing for a contact deleted before the bands are written', { timeout: 60_000 }, async () => {
    await seed();
    const settings = config();
    const bookBands = async () => {
      // Contact 3 is deleted once every contact is scored, before the bands' scores and crossings are written.
      await db.contacts.delete(3);
      return { medium: 1, high: 2 };
    };
    const first = await recomputeRisk(db, settings, { now: NOW, chunkSize: 50, bookBands });
    expect(first.alerts.some((a) => a.kind === 'high-risk')).toBe(true);
    expect(first.alerts.some((a) => a.contactId === 3 && a.kind === 'high-risk')).toBe(false);
    expect(
      await alertsOfContacts(db, [3])
        .filter((a) => a.kind === 'high-risk')
        .count(),
    ).toBe(0);
    const again = await recomputeRisk(db, settings, { now: NOW, chunkSize: 50, bookBands: async () => ({ medium: 1, high: 2 }) });
    expect(again.alerts).toEqual([]);
    expect(await db.alerts.count()).toBe(first.alerts.length);
  });
});
