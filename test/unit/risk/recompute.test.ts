import { storedScores } from '../../support/stored-scores';
import Dexie from 'dexie';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { alertsOfContacts, dismissAlerts, openAlertCount, storeAlerts } from '../../../lib/churn/alert-store';
import { activityStoreOf } from '../../../lib/activities/dexie-store';
import { recomputeRisk } from '../../../lib/churn/recompute';
import { scoreChunk } from '../../../lib/churn/score-chunk';
import { contactStoreOf, keysOfRangeTree } from '../../../lib/contacts/dexie-store';
import { scoreTrend } from '../../../lib/churn/score-history';
import { scoreWith } from '../../../lib/churn/scorer';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import type { Activity, Alert, Contact } from '../../../lib/db/types';
import { DEFAULT_RULES } from '../../../lib/churn/rules-config';
import { watchRequests } from '../../support/watch-requests';
import { config, contact, DAY, NOW, rescoreReads, tablesOf } from './fixtures';

let db: KizunaDb;
let n = 0;
beforeEach(async () => {
  db = createDb(`risk-recompute-${++n}`);
  await db.open();
});

const mail = (contactId: number, daysAgo: number, over: Partial<Activity> = {}): Omit<Activity, 'id'> => ({
  kind: 'email',
  contactIds: [contactId],
  at: NOW - daysAgo * DAY,
  direction: 'in',
  messageId: `m-${contactId}-${daysAgo}-${Math.random()}`,
  threadId: `t-${contactId}`,
  from: `c${contactId}@x.example`,
  subject: 'Hello',
  snippet: 'Hi',
  ...over,
});

async function seed(count: number): Promise<void> {
  const contacts: Contact[] = Array.from({ length: count }, (_, i) => contact({ id: i + 1, email: `c${i + 1}@x.example` }));
  await db.contacts.bulkAdd(contacts);
  // Every third contact has a message waiting 5 days; contact 2 writes about cancelling.
  const rows = contacts.filter((c) => c.id % 3 === 0).map((c) => mail(c.id, 5));
  rows.push(mail(2, 3, { snippet: 'We plan to cancel our subscription.' }));
  await activityStoreOf(db).addMany(rows as Activity[]);
}

describe('recomputeRisk', () => {
  it('never loses a "crossed into high risk" alert when the alert write fails: the score waits for it', async () => {
    await seed(3);
    const high = async () => (await storedScores(db).toArray()).filter((s) => s.band === 'high').map((s) => s.contactId);
    const original = db.alerts.bulkAdd.bind(db.alerts);
    let fail = true;
    (db.alerts as { bulkAdd: unknown }).bulkAdd = (...args: Parameters<typeof original>) => {
      if (fail) return Promise.reject(new Error('worker stopped'));
      return original(...args);
    };
    await expect(recomputeRisk(db, config({ rules: { ...DEFAULT_RULES, bands: { medium: 1, high: 2 } } }), { now: NOW })).rejects.toThrow('worker stopped');
    expect(await high()).toEqual([]);
    fail = false;
    const { alerts } = await recomputeRisk(db, config({ rules: { ...DEFAULT_RULES, bands: { medium: 1, high: 2 } } }), { now: NOW });
    const crossed = alerts
      .filter((a) => a.kind === 'high-risk')
      .map((a) => a.contactId)
      .sort();
    expect(crossed.length).toBeGreaterThan(0);
    expect(crossed).toEqual(await high());
  });

  it('with bands from the book, still never loses a crossing when the alert write fails: the band waits for it', async () => {
    await seed(12);
    const high = async () => (await storedScores(db).toArray()).filter((s) => s.band === 'high').map((s) => s.contactId);
    const original = db.alerts.bulkAdd.bind(db.alerts);
    let fail = true;
    // Only the crossings' write fails (the other alerts are written before the bands are known).
    (db.alerts as { bulkAdd: unknown }).bulkAdd = (...args: Parameters<typeof original>) => {
      if (fail && (args[0] as Alert[]).some((a) => a.kind === 'high-risk')) return Promise.reject(new Error('worker stopped'));
      return original(...args);
    };
    const bookBands = async () => ({ medium: 1, high: 2 });
    await expect(recomputeRisk(db, config(), { now: NOW, chunkSize: 5, bookBands })).rejects.toThrow('worker stopped');
    expect(await high()).toEqual([]);
    fail = false;
    const { alerts } = await recomputeRisk(db, config(), { now: NOW, chunkSize: 5, bookBands });
    const crossed = alerts
      .filter((a) => a.kind === 'high-risk')
      .map((a) => a.contactId)
      .sort((x, y) => x - y);
    expect(crossed.length).toBeGreaterThan(0);
    expect(crossed).toEqual(await high());
    expect((await storedScores(db).toArray()).every((s) => s.band === (s.score >= 2 ? 'high' : s.score >= 1 ? 'medium' : 'low'))).toBe(true);
  });

  it('stores each contact’s score, in chunks, and raises alerts once', async () => {
    await seed(25);
    const progress: number[] = [];
    const first = await recomputeRisk(db, config(), { now: NOW, chunkSize: 10, onProgress: (done) => progress.push(done) });
    expect(progress).toEqual([10, 20, 25]);
    expect(first.scored).toBe(25);
    expect(first.changed).toBe(25);
    const stored = await storedScores(db).toArray();
    expect(stored.map((s) => s.contactId)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(stored.every((s) => typeof s.score === 'number' && s.band && s.at === NOW)).toBe(true);
    expect((await storedScores(db).get(3))!.score).toBeGreaterThan((await storedScores(db).get(1))!.score);
    // The contact rows are never written by a rescore: they keep no score.
    expect((await db.contacts.get(3)) as object).not.toHaveProperty('risk');
    const kinds = first.alerts.map((a) => a.key).sort();
    expect(kinds).toContain('2:intent:' + (await db.activities.where('contactIds').equals(2).first())!.messageId);
    expect(first.alerts.filter((a) => a.kind === 'unanswered')).toHaveLength(8);
    expect(await openAlertCount(db)).toBe(first.alerts.length);

    // Nothing changed: no write transaction at all, no alert raised twice.
    const transaction = vi.spyOn(db, 'transaction');
    const again = await recomputeRisk(db, config(), { now: NOW, chunkSize: 10 });
    expect(transaction.mock.calls.filter((call) => call[0] === 'rw')).toEqual([]);
    expect(transaction.mock.calls.length).toBeGreaterThan(0);
    transaction.mockRestore();
    expect(again.changed).toBe(0);
    expect(again.alerts).toEqual([]);
    expect(await db.alerts.count()).toBe(first.alerts.length);
  });

  it('waits for beforeWrite before each write transaction (one per batch of chunks) (the background holds its writes while the user switches threads)', async () => {
    // Chunks of 10, read five at a time (READ_AHEAD): batches of 50, each written in one transaction.
    await seed(120);
    const storedBefore: number[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const run = recomputeRisk(db, config(), {
      now: NOW,
      chunkSize: 10,
      beforeWrite: async () => {
        storedBefore.push(await storedScores(db).count());
        if (storedBefore.length === 1) await held;
      },
    });
    await vi.waitFor(() => expect(storedBefore).toEqual([0]));
    expect(await storedScores(db).count()).toBe(0);
    release();
    await run;
    // Scores wait for the write that completes their block of 100 ids (holdBackBlock): contacts 1–50 for the second
    // batch's, which ends at 100, the first of block 1.
    expect(storedBefore).toEqual([0, 0, 99]);
    expect(await storedScores(db).count()).toBe(120);
  });

  it('does not raise a dismissed alert again, and closes an unanswered alert once answered', async () => {
    await seed(3);
    const { alerts } = await recomputeRisk(db, config(), { now: NOW });
    const unanswered = alerts.find((a) => a.kind === 'unanswered')!;
    const intent = alerts.find((a) => a.kind === 'intent')!;
    await dismissAlerts(db, [intent.id], NOW);
    expect((await recomputeRisk(db, config(), { now: NOW + 1000 })).alerts).toEqual([]);
    expect((await db.alerts.get(intent.id))!.open).toBe(0);

    await activityStoreOf(db).add({ ...mail(3, 1), direction: 'out', from: 'me@us.example' } as Activity);
    await recomputeRisk(db, config(), { now: NOW + 2000 });
    expect((await db.alerts.get(unanswered.id))!.open).toBe(0);
    expect(await openAlertCount(db)).toBe(0);
  });

  it('keeps an unanswered alert open when the message grows older than the alert window, unanswered', async () => {
    await seed(3);
    const { alerts } = await recomputeRisk(db, config(), { now: NOW });
    const unanswered = alerts.find((a) => a.kind === 'unanswered')!;
    await recomputeRisk(db, config(), { now: NOW + 40 * DAY });
    expect((await db.alerts.get(unanswered.id))!.open).toBe(1);
  });

  it('rescores only the given contacts', async () => {
    await seed(6);
    const r = await recomputeRisk(db, config(), { now: NOW, ids: [2, 5, 99] });
    expect(r.scored).toBe(2);
    expect((await storedScores(db).toArray()).map((s) => s.contactId)).toEqual([2, 5]);
  });
});

describe('only customers are scored for churn', () => {
  const troubled = (id: number, over: Partial<Contact> = {}) => contact({ id, email: `c${id}@x.example`, custom: { paymentStatus: 'overdue' }, ...over });

  it('scores customers, at-risk customers and advocates; never a lead, a churned or a do-not-contact contact', async () => {
    await db.contacts.bulkAdd([
      troubled(1),
      troubled(2, { stage: 'at-risk' }),
      troubled(3, { stage: 'advocate' }),
      troubled(4, { stage: 'lead' }),
      troubled(5, { stage: 'churned', churnedAt: NOW - 30 * DAY }),
      troubled(6, { doNotContact: 1 }),
    ]);
    await activityStoreOf(db).addMany([4, 5, 6, 1].map((id) => mail(id, 5, { snippet: 'We will cancel.' })) as Activity[]);
    const r = await recomputeRisk(db, config(), { now: NOW });
    expect(r).toMatchObject({ read: 6, scored: 3, changed: 3 });
    expect((await storedScores(db).toArray()).map((s) => s.contactId)).toEqual([1, 2, 3]);
    expect([...new Set(r.alerts.map((a) => a.contactId))].sort()).toEqual([1, 2, 3]);
  });

  it('clears the stored score and closes the open alerts of a contact that is no longer a customer, on the next rescore', async () => {
    await db.contacts.bulkAdd([troubled(1), troubled(2), troubled(3), troubled(4)]);
    await activityStoreOf(db).addMany([mail(2, 5)] as Activity[]);
    await recomputeRisk(db, config(), { now: NOW });
    expect(await storedScores(db).count()).toBe(4);
    expect((await alertsOfContacts(db, [2]).toArray()).every((a) => a.open === 1)).toBe(true);
    await db.contacts.update(2, { stage: 'churned', churnedAt: NOW });
    await db.contacts.update(3, { stage: 'lead' });
    await db.contacts.update(4, { doNotContact: 1 });
    const r = await recomputeRisk(db, config(), { now: NOW + 1000 });
    expect(r.cleared).toBe(3);
    expect((await storedScores(db).toArray()).map((s) => s.contactId)).toEqual([1]);
    expect(await alertsOfContacts(db, [2, 3, 4], 1).count()).toBe(0);
    expect(await alertsOfContacts(db, [1], 1).count()).toBeGreaterThan(0);
  });

  it('removes the stored score of a deleted contact, also past the last contact', async () => {
    await db.contacts.bulkAdd([troubled(1), troubled(2), troubled(3)]);
    await recomputeRisk(db, config(), { now: NOW, chunkSize: 2 });
    await db.contacts.bulkDelete([2, 3]);
    const r = await recomputeRisk(db, config(), { now: NOW, chunkSize: 2 });
    expect(r.cleared).toBe(2);
    expect((await storedScores(db).toArray()).map((s) => s.contactId)).toEqual([1]);
  });
});

describe('score history', () => {
  it('keeps a daily history in the stored row, so the trend compares now with 7 and 30 days ago', async () => {
    await db.contacts.add(contact({ id: 1, email: 'c1@x.example' }));
    await recomputeRisk(db, config(), { now: NOW - 40 * DAY });
    const calm = (await storedScores(db).get(1))!.score;
    // Ten days ago their message went unanswered: the score rose.
    await activityStoreOf(db).add(mail(1, 10) as Activity);
    await recomputeRisk(db, config(), { now: NOW - 5 * DAY });
    const risen = (await storedScores(db).get(1))!;
    expect(risen.score).toBeGreaterThan(calm);
    await recomputeRisk(db, config(), { now: NOW });
    const row = (await storedScores(db).get(1))!;
    const trend = scoreTrend(row, row, NOW, 'UTC');
    expect(trend.map((p) => [p.days, p.before])).toEqual([
      [7, calm],
      [30, calm],
    ]);
    expect(trend.every((p) => p.direction === 'up')).toBe(true);
  });
});

describe('activities of several contacts', () => {
  it('count once for each contact, though the multi-entry index lists them twice', async () => {
    await db.contacts.bulkAdd([contact({ id: 1, email: 'c1@x.example' }), contact({ id: 2, email: 'c2@x.example' })]);
    const shared = { ...mail(1, 5), contactIds: [1, 2] } as Activity;
    await activityStoreOf(db).add(shared);
    await recomputeRisk(db, config(), { now: NOW });
    const stored = (await db.contacts.get(1))!;
    const once = scoreWith(config(), stored, [{ ...shared, id: 1 }], NOW).risk.score;
    const twice = scoreWith(
      config(),
      stored,
      [
        { ...shared, id: 1 },
        { ...shared, id: 1, messageId: 'copy' },
      ],
      NOW,
    ).risk.score;
    expect(twice).toBeGreaterThan(once);
    expect((await storedScores(db).get(1))!.score).toBe(once);
  });
});

describe('what a rescore reads', () => {
  it('reads no activity of a contact it does not score (lead, churned, do-not-contact), and scores the others as before', async () => {
    // Counts the activity rows each query returns.
    const counted = createDb(`risk-recompute-reads-${++n}`);
    let read = 0;
    watchRequests(counted, (r) => (r.table === 'activities' && r.op === 'query' ? (read += r.rows) : 0));
    await counted.open();
    const stages = ['customer', 'lead', 'churned', 'at-risk', 'customer', 'advocate', 'lead', 'lead', 'customer', 'customer'] as const;
    const people = stages.map((stage, i) => contact({ id: i + 1, email: `c${i + 1}@x.example`, stage, doNotContact: i === 4 ? 1 : 0 }));
    await counted.contacts.bulkAdd(people);
    await activityStoreOf(counted).addMany(people.flatMap((c) => [mail(c.id, 5), mail(c.id, 40, { direction: 'out' }), mail(c.id, 90)]) as Activity[]);
    const eligible = people.filter((c) => c.stage !== 'lead' && c.stage !== 'churned' && c.doNotContact !== 1);
    for (const options of [{ chunkSize: 10 }, { ids: people.map((c) => c.id) }]) {
      await storedScores(counted).clear();
      await Promise.all([counted.scoreInputBlocks.clear(), counted.scoreInputMarks.clear()]);
      read = 0;
      const result = await recomputeRisk(counted, config(), { now: NOW, ...options });
      expect(result.scored).toBe(eligible.length);
      expect(read).toBe(3 * eligible.length);
      for (const c of eligible) {
        const theirs = await counted.activities.where('contactIds').equals(c.id).toArray();
        expect((await storedScores(counted).get(c.id))!.score).toBe(scoreWith(config(), (await counted.contacts.get(c.id))!, theirs, NOW).risk.score);
      }
      expect(await storedScores(counted).count()).toBe(eligible.length);
    }
    // Nothing written to their history since: the stored score inputs score them without reading any activity.
    const before = await storedScores(counted).toArray();
    await storedScores(counted).clear();
    read = 0;
    await recomputeRisk(counted, config(), { now: NOW, chunkSize: 10 });
    expect(read).toBe(0);
    expect((await storedScores(counted).toArray()).map((s) => s.score)).toEqual(before.map((s) => s.score));
  });
});

describe('what a rescore reads and holds', () => {
  it('reads no tag membership: neither its contacts nor the alert write’s check that they still exist need tags', async () => {
    const counted = createDb(`risk-recompute-tags-${++n}`);
    let read = 0;
    watchRequests(counted, (r) => (r.table === 'tagMembers' && r.op !== 'mutate' ? (read += 1) : 0));
    await counted.open();
    const people = Array.from({ length: 12 }, (_, i) => contact({ id: i + 1, email: `c${i + 1}@x.example` }));
    await counted.contacts.bulkAdd(people);
    const store = contactStoreOf(counted);
    const [tag] = await store.tags.ensure(['Key account']);
    await store.setTags(new Map(people.map((c) => [c.id, [tag.id]])));
    await activityStoreOf(counted).addMany(people.map((c) => mail(c.id, 5)) as Activity[]);
    read = 0;
    const result = await recomputeRisk(counted, config(), { now: NOW, chunkSize: 5 });
    expect(result.scored).toBe(12);
    expect(result.alerts.length).toBeGreaterThan(0);
    await counted.alerts.clear();
    await storedScores(counted).clear();
    const some = await recomputeRisk(counted, config(), { now: NOW, ids: [3, 4, 99] });
    expect(some.scored).toBe(2);
    expect(some.alerts.length).toBeGreaterThan(0);
    expect(read).toBe(0);
    expect((await store.get(3))?.tags).toEqual([tag.id]);
  });

  it('holds only the score of each contact whose band waits for the book, not its reasons', () => {
    const kim = contact({ id: 1, email: 'c1@x.example' });
    const data = { contacts: [kim], activities: [{ ...mail(1, 120), id: 1 } as Activity], scores: [], alerts: [] };
    const scored = scoreWith(config(), kim, data.activities, NOW).risk;
    expect(scored.reasons.length).toBeGreaterThan(0);
    const { deferred } = scoreChunk(config(), data, NOW, undefined, true);
    // Held as columns of typed arrays (band-queue.ts), not an object per customer.
    expect(deferred.ids).toBeInstanceOf(Int32Array);
    expect(deferred.scores).toBeInstanceOf(Float64Array);
    expect(deferred.toArray()).toEqual([{ contactId: 1, score: scored.score, same: false }]);
  });
});

describe('a rescore with nothing changed', () => {
  it('reads larger chunks while they change nothing, and goes back to the chunk size for one that does', async () => {
    await seed(120);
    const reads = () => rescoreReads(transaction.mock.calls);
    const progress: number[] = [];
    await recomputeRisk(db, config(), { now: NOW, chunkSize: 10 });
    const transaction = vi.spyOn(db, 'transaction');
    const again = await recomputeRisk(db, config(), { now: NOW, chunkSize: 10, onProgress: (done) => progress.push(done) });
    expect(again.changed).toBe(0);
    expect(again.read).toBe(120);
    // 10, then 50 while nothing changes, out of batches of 50 read in one transaction each (1–50, 51–100, 101–120):
    // 10, 50 (the rest of the first batch), 100, 120.
    expect(progress).toEqual([10, 50, 100, 120]);
    const quietReads = reads();
    transaction.mockClear();
    // Contact 15's history changed: its chunk (11–50) writes its score inputs, so the next one is of the chunk size again.
    await activityStoreOf(db).add(mail(15, 1) as Activity);
    progress.length = 0;
    const third = await recomputeRisk(db, config(), { now: NOW, chunkSize: 10, onProgress: (done) => progress.push(done) });
    transaction.mockRestore();
    expect(third.read).toBe(120);
    expect(progress).toEqual([10, 50, 60, 100, 120]);
    expect(quietReads).toBe(3);
  });
});

describe('what a rescore tells live queries', () => {
  it('writes scores and alerts in calls of fewer than 50 rows, so that live queries learn which keys changed', async () => {
    await seed(180);
    const seen: Record<'scoreBlocks' | 'alerts', (number[] | null)[]> = { scoreBlocks: [], alerts: [] };
    const listener = (parts: Record<string, Parameters<typeof keysOfRangeTree>[0]>) => {
      for (const table of ['scoreBlocks', 'alerts'] as const) {
        const tree = parts[`idb://${db.name}/${table}/`];
        if (tree) seen[table].push(keysOfRangeTree(tree));
      }
    };
    Dexie.on('storagemutated', listener);
    try {
      const result = await recomputeRisk(db, config(), { now: NOW, chunkSize: 180 });
      expect(result.changed).toBe(180);
      expect(result.alerts.length).toBeGreaterThanOrEqual(50);
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      Dexie.on('storagemutated').unsubscribe(listener);
    }
    expect(seen.scoreBlocks.length).toBeGreaterThan(0);
    expect(seen.alerts.length).toBeGreaterThan(0);
    expect(seen.scoreBlocks).not.toContain(null);
    expect(seen.alerts).not.toContain(null);
  });

  it('sends a chunk’s writes together, not one round trip after another', async () => {
    await seed(120);
    const scores = contactStoreOf(db).scores;
    const original = scores.put;
    const calls: number[] = [];
    scores.put = (rows) => {
      calls.push(rows.length);
      return original(rows);
    };
    try {
      expect((await recomputeRisk(db, config(), { now: NOW, chunkSize: 120 })).changed).toBe(120);
    } finally {
      scores.put = original;
    }
    // One call with the chunk's rows: the store merges them into their blocks in one read and one write.
    expect(calls).toEqual([120]);
  });
});

describe('what a rescore locks', () => {
  it('writes without the contacts table, with alerts to add or without (the sidebar reads it meanwhile)', async () => {
    await seed(20);
    const transaction = vi.spyOn(db, 'transaction');
    const first = await recomputeRisk(db, config(), { now: NOW, chunkSize: 10 });
    expect(first.alerts.length).toBeGreaterThan(0);
    // Alerts are added: their contacts were read with the chunk and are checked again once written, not in the write.
    expect(
      transaction.mock.calls
        .filter((call) => call[0] === 'rw')
        .map(tablesOf)
        .some((names) => names.includes('contacts')),
    ).toBe(false);
    transaction.mockClear();
    // A rule edited: every score is written again (another basis), no alert is new.
    const [tier, ...tiers] = DEFAULT_RULES.theirSilence.tiers;
    const edited = { ...DEFAULT_RULES, theirSilence: { ...DEFAULT_RULES.theirSilence, tiers: [{ ...tier, points: tier.points + 1 }, ...tiers] } };
    const next = await recomputeRisk(db, config({ rules: edited }), { now: NOW, chunkSize: 10 });
    expect(next.changed).toBe(20);
    expect(next.alerts).toEqual([]);
    const writes = transaction.mock.calls.filter((call) => call[0] === 'rw').map(tablesOf);
    transaction.mockRestore();
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.every((names) => names.includes('scoreBlocks') && !names.includes('contacts'))).toBe(true);
  });
});

describe('storeAlerts', () => {
  it('adds a key only once, even when given twice in one call', async () => {
    await db.contacts.add(contact({ id: 1, email: 'c1@x.example' }));
    const draft = { key: '1:intent:m', contactId: 1, kind: 'intent' as const, at: NOW, detail: '{}' };
    const a = await storeAlerts(db, [draft, draft], [], NOW);
    expect(a.added).toHaveLength(1);
    expect((await storeAlerts(db, [draft], [], NOW)).added).toHaveLength(0);
    expect(await db.alerts.count()).toBe(1);
  });
});
