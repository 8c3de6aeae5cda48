import { beforeEach, describe, expect, it } from 'vitest';
import { attentionCards, focusAfter, splitPage } from '../../../lib/churn/attention';
import { dismissAlerts, nextSnoozeEnd, openAlertCount, snoozeAlerts } from '../../../lib/churn/alert-store';
import { fieldNumber } from '../../../lib/churn/crm-signals';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import type { Alert, Contact, StoredScore } from '../../../lib/db/types';
import { watchRequests } from '../../support/watch-requests';
import { contact, DAY, NOW } from './fixtures';

let id = 0;
const alert = (contactId: number, over: Partial<Alert> = {}): Alert => ({ id: ++id, key: `${contactId}:intent:${id}`, contactId, kind: 'intent', at: NOW - DAY, open: 1, ...over });
const score = (contactId: number, points: number, probability?: number): StoredScore => ({
  contactId,
  score: points,
  band: points >= 70 ? 'high' : points >= 40 ? 'medium' : 'low',
  at: NOW,
  basis: 'b',
  history: [],
  ...(probability === undefined ? {} : { probability, horizonDays: 90 }),
});
const person = (n: number, revenue?: string, over: Partial<Contact> = {}) => contact({ id: n, email: `p${n}@x.example`, custom: revenue === undefined ? {} : { revenue }, ...over });
const revenueOf = (c: Contact) => fieldNumber(c.custom.revenue);

describe('attentionCards', () => {
  it('makes one card per contact with all its open alerts, newest first', () => {
    const alerts = [alert(1, { at: NOW - 3 * DAY }), alert(1, { kind: 'unanswered', at: NOW - DAY }), alert(1, { open: 0 }), alert(2)];
    const cards = attentionCards(alerts, [person(1, '100'), person(2, '100')], [score(1, 50), score(2, 50)], revenueOf, NOW);
    expect(cards.map((c) => c.contact.id)).toEqual([1, 2]);
    expect(cards[0].alerts.map((a) => a.kind)).toEqual(['unanswered', 'intent']);
  });

  it('ranks by revenue expected to be lost: chance × revenue, rule points ÷ 100 as a stand-in, flagged as such', () => {
    const contacts = [person(1, '1000'), person(2, '50000'), person(3, '10'), person(4, '20000'), person(5)];
    const scores = [score(1, 90, 0.9), score(2, 40, 0.05), score(3, 99, 0.99), score(4, 30), score(5, 80, 0.8)];
    const cards = attentionCards(
      [1, 2, 3, 4, 5].map((n) => alert(n)),
      contacts,
      scores,
      revenueOf,
      NOW,
    );
    // 4: 0.30 × 20,000 = 6,000 (points); 2: 0.05 × 50,000 = 2,500; 1: 900; 3: 9.9; 5: no revenue, by chance last.
    expect(cards.map((c) => [c.contact.id, Math.round(c.expectedLoss)])).toEqual([
      [4, 6000],
      [2, 2500],
      [1, 900],
      [3, 10],
      [5, 0],
    ]);
    expect(cards.map((c) => c.proxy)).toEqual([true, false, false, false, false]);
  });

  it('leaves out leads, churned and do-not-contact contacts, snoozed alerts, and puts unscored contacts last', () => {
    const contacts = [person(1, '1'), person(2, '999', { stage: 'churned' }), person(3, '999', { stage: 'lead' }), person(4, '999', { doNotContact: 1 }), person(5, '999'), person(6, '999')];
    const alerts = [alert(1), alert(2), alert(3), alert(4), alert(5), alert(6, { snoozedUntil: NOW + DAY })];
    const cards = attentionCards(alerts, contacts, [score(1, 10), score(2, 90), score(3, 90), score(4, 90), score(6, 90)], revenueOf, NOW);
    expect(cards.map((c) => c.contact.id)).toEqual([1, 5]);
    // The snooze ends: the card comes back.
    expect(attentionCards(alerts, contacts, [score(6, 90)], revenueOf, NOW + 2 * DAY).map((c) => c.contact.id)).toEqual([6, 1, 5]);
  });
});

describe('the first page and the focus', () => {
  it('splits the list into a first page and the rest', () => {
    const { first, rest } = splitPage(
      Array.from({ length: 40 }, (_, i) => i),
      15,
    );
    expect([first.length, rest.length]).toEqual([15, 25]);
    expect(splitPage([1, 2], 15)).toEqual({ first: [1, 2], rest: [] });
  });

  it('moves the focus to the next card, else the one before, else nowhere', () => {
    expect(focusAfter([7, 8, 9], 8)).toBe(9);
    expect(focusAfter([7, 8, 9], 9)).toBe(8);
    expect(focusAfter([7], 7)).toBeUndefined();
  });
});

describe('snoozed alerts', () => {
  let db: KizunaDb;
  let n = 0;
  beforeEach(async () => {
    db = createDb(`attention-${++n}`);
    await db.open();
  });

  it('leave the open count until their time, then count again; a dismissed one never does', async () => {
    const ids = (await db.alerts.bulkAdd([alert(1), alert(2), alert(3)].map(({ id: _id, ...a }) => a) as Alert[], { allKeys: true })) as number[];
    expect(await openAlertCount(db, NOW)).toBe(3);
    await snoozeAlerts(db, [ids[0]], NOW + DAY);
    await snoozeAlerts(db, [ids[1]], NOW + 7 * DAY);
    await dismissAlerts(db, [ids[2]], NOW);
    expect(await openAlertCount(db, NOW)).toBe(0);
    expect(await nextSnoozeEnd(db, NOW)).toBe(NOW + DAY);
    expect(await openAlertCount(db, NOW + DAY + 1)).toBe(1);
    expect(await nextSnoozeEnd(db, NOW + DAY + 1)).toBe(NOW + 7 * DAY);
    expect(await openAlertCount(db, NOW + 8 * DAY)).toBe(2);
    expect(await nextSnoozeEnd(db, NOW + 8 * DAY)).toBeUndefined();
  });

  it('are counted from one read of the open alerts, not a cursor step per alert (the badge counts tens of thousands)', async () => {
    const counted = createDb(`attention-reads-${++n}`);
    const calls = { cursors: 0, queries: 0 };
    watchRequests(counted, (r) => (r.table !== 'alerts' ? 0 : r.op === 'openCursor' ? calls.cursors++ : r.op === 'query' ? calls.queries++ : 0));
    await counted.open();
    const ids = (await counted.alerts.bulkAdd([alert(1), alert(2), alert(3)].map(({ id: _id, ...a }) => a) as Alert[], { allKeys: true })) as number[];
    await snoozeAlerts(counted, [ids[0]], NOW + DAY);
    calls.cursors = calls.queries = 0;
    expect(await openAlertCount(counted, NOW)).toBe(2);
    expect(await nextSnoozeEnd(counted, NOW)).toBe(NOW + DAY);
    expect(calls).toEqual({ cursors: 0, queries: 2 });
  });
});
