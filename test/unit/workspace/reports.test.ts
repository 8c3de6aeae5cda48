import { describe, expect, it } from 'vitest';
import type { Stage } from '../../../lib/db/types';
import { byOwner } from '../../../lib/reports/by-owner';
import type { ReportContact, StageEvent } from '../../../lib/reports/customer-timeline';
import { periodsBetween } from '../../../lib/reports/periods';
import { formatZoned } from '../../../lib/reports/zone';
import { retentionReport, type RetentionRow } from '../../../lib/reports/retention';

const t = (iso: string) => Date.parse(iso);
const ev = (at: string, fromStage: Stage, toStage: Stage): StageEvent => ({ at: t(at), fromStage, toStage });

function contact(id: number, over: Partial<ReportContact> = {}): ReportContact {
  return { id, stage: 'customer', owner: 'alex', createdAt: t('2023-01-01T00:00Z'), updatedAt: t('2024-06-01T00:00Z'), ...over };
}

// Ten contacts whose months were worked out by hand (see the expectations below).
const contacts: ReportContact[] = [
  contact(1), // A: customer since Dec 2023
  contact(2, { stage: 'churned' }), // B: lost 15 Jan
  contact(3, { owner: 'sato' }), // C: won 20 Jan (mid-month)
  contact(4, { stage: 'churned', owner: 'sato' }), // D: won 5 Feb, lost 20 Feb
  contact(5), // E: lost 31 Jan 23:00, won back 10 Feb
  contact(6, { createdAt: t('2024-03-01T00:00Z'), customerSince: t('2024-03-15T00:00Z') }), // F: no history, customer from 15 Mar
  contact(7, { stage: 'churned', customerSince: t('2023-01-01T00:00Z'), churnedAt: t('2024-03-31T23:59Z') }), // G: no history, lost 31 Mar
  contact(8, { stage: 'lead' }), // H: never a customer
  contact(9, { stage: 'at-risk', owner: '' }), // I: customer → at-risk in Feb (still a customer)
  contact(10, { stage: 'advocate' }), // J: customer → advocate in Mar (still a customer)
];
const history = new Map<number, StageEvent[]>([
  [1, [ev('2023-12-10T00:00Z', 'lead', 'customer')]],
  [2, [ev('2024-01-15T12:00Z', 'customer', 'churned'), ev('2023-11-01T00:00Z', 'lead', 'customer')]],
  [3, [ev('2024-01-20T00:00Z', 'lead', 'customer')]],
  [4, [ev('2024-02-05T00:00Z', 'lead', 'customer'), ev('2024-02-20T00:00Z', 'customer', 'churned')]],
  [5, [ev('2023-06-01T00:00Z', 'lead', 'customer'), ev('2024-01-31T23:00Z', 'customer', 'churned'), ev('2024-02-10T00:00Z', 'churned', 'customer')]],
  [9, [ev('2023-05-01T00:00Z', 'lead', 'customer'), ev('2024-02-03T00:00Z', 'customer', 'at-risk')]],
  [10, [ev('2023-09-01T00:00Z', 'lead', 'customer'), ev('2024-03-10T00:00Z', 'customer', 'advocate')]],
]);
const range = { from: t('2024-01-01T00:00Z'), to: t('2024-03-31T23:59Z') };

const figures = (rows: RetentionRow[]) => rows.map((r) => [r.key, r.startCustomers, r.endCustomers, r.newCustomers, r.lostCustomers, r.churnRate, r.retentionRate]);

describe('retentionReport', () => {
  it('computes S, E, N, L and the rates per month', () => {
    expect(figures(retentionReport(contacts, history, { ...range, unit: 'month' }))).toEqual([
      // Jan: S = A B E G I J; B and E lost; C new. Churn 2/6, retention (5 − 1)/6.
      ['2024-01', 6, 5, 1, 2, (2 / 6) * 100, (4 / 6) * 100],
      // Feb: E won back (new); D won and lost within the month is in neither term.
      ['2024-02', 5, 6, 1, 0, 0, 100],
      // Mar: F new mid-month, G lost on the last evening.
      ['2024-03', 6, 6, 1, 1, (1 / 6) * 100, (5 / 6) * 100],
    ]);
  });

  it('computes the quarter from its start and end, not by adding months', () => {
    // Q1: S = A B E G I J; end = A C E F I J; new C F; lost B G; E left and came back: neither.
    expect(figures(retentionReport(contacts, history, { ...range, unit: 'quarter' }))).toEqual([['2024-Q1', 6, 6, 2, 2, (2 / 6) * 100, (4 / 6) * 100]]);
  });

  it('gives null rates, not NaN or Infinity, when no one was a customer at the start', () => {
    const rows = retentionReport([contact(1)], new Map([[1, [ev('2024-01-20T00:00Z', 'lead', 'customer')]]]), { ...range, unit: 'month' });
    expect(figures(rows)[0]).toEqual(['2024-01', 0, 1, 1, 0, null, null]);
    expect(figures(rows)[1]).toEqual(['2024-02', 1, 1, 0, 0, 0, 100]);
  });

  it('puts a change in the month of the report time zone', () => {
    // 31 Jan 16:00 UTC is 1 Feb 01:00 in Tokyo.
    const h = new Map([[1, [ev('2024-01-31T16:00Z', 'lead', 'customer')]]]);
    const march = { from: range.from, to: t('2024-03-15T00:00Z') };
    const utc = retentionReport([contact(1)], h, { ...march, unit: 'month' });
    const tokyo = retentionReport([contact(1)], h, { ...march, unit: 'month', timeZone: 'Asia/Tokyo' });
    expect(utc.map((r) => r.newCustomers)).toEqual([1, 0, 0]);
    expect(tokyo.map((r) => r.newCustomers)).toEqual([0, 1, 0]);
    expect(tokyo[0].start).toBe(t('2023-12-31T15:00Z'));
  });

  it('treats a history that starts from a customer stage as a customer since creation', () => {
    const imported = contact(1, { stage: 'churned', createdAt: t('2024-01-10T00:00Z') });
    const rows = retentionReport([imported], new Map([[1, [ev('2024-02-15T00:00Z', 'customer', 'churned')]]]), { ...range, unit: 'month' });
    expect(figures(rows).map((r) => r.slice(1, 5))).toEqual([
      [0, 1, 1, 0],
      [1, 0, 0, 1],
      [0, 0, 0, 0],
    ]);
  });

  it('reports by owner', () => {
    const report = byOwner(contacts, (group) => figures(retentionReport(group, history, { ...range, unit: 'quarter' }))[0]);
    expect([...report.keys()]).toEqual(['', 'alex', 'sato']);
    expect(report.get('sato')).toEqual(['2024-Q1', 0, 1, 1, 0, null, null]);
    expect(report.get('')).toEqual(['2024-Q1', 1, 1, 0, 0, 0, 100]);
  });
});

describe('periodsBetween', () => {
  it('lists whole months and quarters overlapping the range, in the zone', () => {
    expect(periodsBetween(t('2024-11-20T00:00Z'), t('2025-02-01T00:00Z'), 'month').map((p) => p.key)).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
    expect(periodsBetween(t('2024-05-20T00:00Z'), t('2025-01-01T00:00Z'), 'quarter').map((p) => p.key)).toEqual(['2024-Q2', '2024-Q3', '2024-Q4', '2025-Q1']);
    const ny = periodsBetween(t('2024-03-01T05:00Z'), t('2024-03-31T00:00Z'), 'month', 'America/New_York');
    expect(ny).toEqual([{ key: '2024-03', start: t('2024-03-01T05:00Z'), end: t('2024-04-01T04:00Z') }]);
  });
});

describe('formatZoned', () => {
  it('writes the wall-clock time of the zone (UTC by its fast path, others through Intl)', () => {
    const at = t('2024-01-31T20:05:59Z');
    expect(formatZoned(at)).toBe('2024-01-31 20:05');
    expect(formatZoned(at, 'Etc/UTC')).toBe('2024-01-31 20:05');
    expect(formatZoned(at, 'Asia/Tokyo')).toBe('2024-02-01 05:05');
    expect(formatZoned(t('2024-07-01T03:30Z'), 'America/New_York')).toBe('2024-06-30 23:30');
  });
});
