import { beforeEach, describe, expect, it } from 'vitest';
import { dismissAlerts, openAlertCount, storeAlerts } from '../../../lib/churn/alert-store';
import { recomputeRisk } from '../../../lib/churn/recompute';
import { scoreWith } from '../../../lib/churn/scorer';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import type { Activity, Contact } from '../../../lib/db/types';
import { DEFAULT_RULES } from '../../../lib/churn/rules-config';
import { config, contact, DAY, NOW } from './fixtures';

let db: KizunaDb;
let n = 0;
beforeEach(async () => {
  db = createDb(`risk-recompute-${++n}`);
  await db.open();
});

const mail = (contactId: number, daysAgo: number, over: Partial<Activity> = {}): Omit<Activity, 'id'> => ({
  kind: 'email', contactIds: [contactId], at: NOW - daysAgo * DAY, direction: 'in', messageId: `m-${contactId}-${daysAgo}-${Math.random()}`,
  threadId: `t-${contactId}`, from: `c${contactId}@x.example`, subject: 'Hello', snippet: 'Hi', ...over,
});

async function seed(count: number): Promise<void> {
  const contacts: Contact[] = Array.from({ length: count }, (_, i) => contact({ id: i + 1, email: `c${i + 1}@x.example` }));
  await db.contacts.bulkAdd(contacts);
  // Every third contact has a message waiting 5 days; contact 2 writes about cancelling.
  const rows = contacts.filter((c) => c.id % 3 === 0).map((c) => mail(c.id, 5));
  rows.push(mail(2, 3, { snippet: 'We plan to cancel our subscription.' }));
  await db.activities.bulkAdd(rows as Activity[]);
}

describe('recomputeRisk', () => {
  it('never loses a "crossed into high risk" alert when the alert write fails: the score waits for it', async () => {
    await seed(3);
    const high = async () => (await db.contacts.toArray()).filter((c) => c.riskBand === 'high').map((c) => c.id);
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
    const crossed = alerts.filter((a) => a.kind === 'high-risk').map((a) => a.contactId).sort();
    expect(crossed.length).toBeGreaterThan(0);
    expect(crossed).toEqual(await high());
  });

  it('stores each contact’s score, in chunks, and raises alerts once', async () => {
    await seed(25);
    const progress: number[] = [];
    const first = await recomputeRisk(db, config(), { now: NOW, chunkSize: 10, onProgress: (done) => progress.push(done) });
    expect(progress).toEqual([10, 20, 25]);
    expect(first.scored).toBe(25);
    expect(first.changed).toBe(25);
    const stored = await db.contacts.toArray();
    expect(stored.every((c) => typeof c.risk === 'number' && c.riskBand && c.riskAt === NOW)).toBe(true);
    expect((await db.contacts.get(3))!.risk).toBeGreaterThan((await db.contacts.get(1))!.risk!);
    const kinds = first.alerts.map((a) => a.key).sort();
    expect(kinds).toContain('2:intent:' + (await db.activities.where('contactIds').equals(2).first())!.messageId);
    expect(first.alerts.filter((a) => a.kind === 'unanswered')).toHaveLength(8);
    expect(await openAlertCount(db)).toBe(first.alerts.length);

    // Nothing changed: nothing written, no alert raised twice.
    const again = await recomputeRisk(db, config(), { now: NOW, chunkSize: 10 });
    expect(again.changed).toBe(0);
    expect(again.alerts).toEqual([]);
    expect(await db.alerts.count()).toBe(first.alerts.length);
  });

  it('does not raise a dismissed alert again, and closes an unanswered alert once answered', async () => {
    await seed(3);
    const { alerts } = await recomputeRisk(db, config(), { now: NOW });
    const unanswered = alerts.find((a) => a.kind === 'unanswered')!;
    const intent = alerts.find((a) => a.kind === 'intent')!;
    await dismissAlerts(db, [intent.id], NOW);
    expect((await recomputeRisk(db, config(), { now: NOW + 1000 })).alerts).toEqual([]);
    expect((await db.alerts.get(intent.id))!.open).toBe(0);

    await db.activities.add({ ...mail(3, 1), direction: 'out', from: 'me@us.example' } as Activity);
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
    expect((await db.contacts.toArray()).filter((c) => c.risk !== undefined).map((c) => c.id)).toEqual([2, 5]);
  });
});

describe('activities of several contacts', () => {
  it('count once for each contact, though the multi-entry index lists them twice', async () => {
    await db.contacts.bulkAdd([contact({ id: 1, email: 'c1@x.example' }), contact({ id: 2, email: 'c2@x.example' })]);
    const shared = { ...mail(1, 5), contactIds: [1, 2] } as Activity;
    await db.activities.add(shared);
    await recomputeRisk(db, config(), { now: NOW });
    const stored = (await db.contacts.get(1))!;
    const once = scoreWith(config(), stored, [{ ...shared, id: 1 }], NOW).risk.score;
    const twice = scoreWith(config(), stored, [{ ...shared, id: 1 }, { ...shared, id: 1, messageId: 'copy' }], NOW).risk.score;
    expect(twice).toBeGreaterThan(once);
    expect(stored.risk).toBe(once);
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
