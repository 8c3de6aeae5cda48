import { describe, expect, it } from 'vitest';
import { dayNumber } from '../../../lib/churn/score-history';
import { outcomeOf, type OutcomeBook } from '../../../lib/playbooks/outcome';
import type { ReportContact } from '../../../lib/reports/customer-timeline';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 6, 1); // enrolments on July 1st
const NOW = Date.UTC(2026, 11, 2); // more than 90 days later
const bands = { medium: 40, high: 70 };

function customer(id: number, churnedAt?: number): ReportContact {
  return { id, stage: churnedAt ? 'churned' : 'customer', owner: '', createdAt: 0, updatedAt: churnedAt ?? 0, customerSince: Date.UTC(2025, 0, 1), churnedAt };
}

/** Ten high-risk customers on July 1st: 1–4 enrolled (3 stay, 2 reply), 5–10 not (2 stay, 1 replies); 11 is medium. */
function book(): OutcomeBook {
  const contacts = new Map<number, ReportContact>();
  const scores = new Map<number, { history: [number, number][] }>();
  const inbound = new Map<number, number[]>();
  const churned = new Set([4, 5, 6, 7, 8]);
  for (let id = 1; id <= 11; id++) {
    contacts.set(id, customer(id, churned.has(id) ? T0 + 30 * DAY : undefined));
    scores.set(id, { history: [[dayNumber(T0) - 3, id === 11 ? 50 : 80]] });
  }
  inbound.set(1, [T0 + 2 * DAY]);
  inbound.set(2, [T0 + 5 * DAY, T0 - DAY]);
  inbound.set(3, [T0 + 20 * DAY]); // too late to count as a reply
  inbound.set(9, [T0 + DAY]);
  inbound.set(11, [T0 + DAY]);
  return { contacts, stageHistory: new Map(), scores, inbound, everEnrolled: new Set([1, 2, 3, 4]) };
}
const enrolments = [1, 2, 3, 4].map((contactId) => ({ contactId, at: T0 + 9 * 3_600_000 }));

describe('outcomeOf', () => {
  it('counts enrolled, replied and saved against same-band customers not enrolled', () => {
    const out = outcomeOf(enrolments, book(), { now: NOW, bands });
    expect(out.enrolled).toEqual({ count: 4, judged: 4, replied: 2, saved: 3, replyRate: 0.5, saveRate: 0.75 });
    expect(out.comparison).toEqual({ contacts: 6, count: 4, judged: 4, replyRate: 1 / 6, saveRate: 2 / 6 });
  });

  it('judges nobody saved before the saved-after days have passed', () => {
    const out = outcomeOf(enrolments, book(), { now: T0 + 40 * DAY, bands });
    expect(out.enrolled).toMatchObject({ count: 4, judged: 0, saveRate: null, replyRate: 0.5 });
    expect(out.comparison?.saveRate).toBeNull();
  });

  it('has no comparison when nobody similar was left out', () => {
    const b = book();
    const out = outcomeOf(enrolments, { ...b, everEnrolled: new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) }, { now: NOW, bands });
    expect(out.comparison).toBeNull();
    expect(outcomeOf([], b, { now: NOW, bands })).toEqual({ enrolled: { count: 0, judged: 0, replied: 0, saved: 0, replyRate: null, saveRate: null }, comparison: null });
  });

  it('leaves out of the comparison those who were no longer customers on the day', () => {
    const b = book();
    (b.contacts as Map<number, ReportContact>).set(10, customer(10, T0 - DAY));
    const out = outcomeOf(enrolments, b, { now: NOW, bands });
    expect(out.comparison).toMatchObject({ contacts: 5, replyRate: 1 / 5, saveRate: 1 / 5 });
  });

  it('reads the band of a day from its roster, as the app stores the book months later (churned scores gone, histories pruned)', () => {
    const b = book();
    const scores = b.scores as Map<number, { history: [number, number][] }>;
    // A contact that churned loses its score row at the next rescore; the others keep only recent history.
    for (const id of [4, 5, 6, 7, 8]) scores.delete(id);
    for (const [id, s] of scores) s.history = [[dayNumber(NOW) - 20, id === 11 ? 50 : 80]];
    // Without the roster nobody can be placed on July 1st: no comparison at all.
    expect(outcomeOf(enrolments, b, { now: NOW, bands }).comparison).toBeNull();
    const roster = new Map<number, 'high' | 'medium'>();
    for (let id = 1; id <= 10; id++) roster.set(id, 'high');
    roster.set(11, 'medium');
    const out = outcomeOf(enrolments, { ...b, rosters: new Map([[dayNumber(T0), roster]]) }, { now: NOW, bands });
    // The same figures as from full histories: the churned not-enrolled customers count against the comparison.
    expect(out.enrolled).toEqual({ count: 4, judged: 4, replied: 2, saved: 3, replyRate: 0.5, saveRate: 0.75 });
    expect(out.comparison).toEqual({ contacts: 6, count: 4, judged: 4, replyRate: 1 / 6, saveRate: 2 / 6 });
  });
});
