import { describe, expect, it } from 'vitest';
import type { Stage } from '../../../lib/db/types';
import { byOwner } from '../../../lib/reports/by-owner';
import { atRiskList, riskDistribution } from '../../../lib/reports/risk';
import type { SegmentContact } from '../../../lib/segments/columns';

function c(id: number, risk: number | undefined, over: { stage?: Stage; arr?: string; owner?: string; doNotContact?: 0 | 1; probability?: number } = {}): SegmentContact {
  return {
    id,
    email: `c${id}@x.com`,
    name: `C${id}`,
    tags: [],
    stage: over.stage ?? 'customer',
    owner: over.owner ?? 'alex',
    custom: over.arr === undefined ? {} : { arr: over.arr },
    doNotContact: over.doNotContact ?? 0,
    createdAt: 0,
    updatedAt: 0,
    risk,
    ...(risk !== undefined && over.probability !== undefined ? { score: { contactId: id, score: risk, band: 'low' as const, probability: over.probability, at: 0, basis: '', history: [] } } : {}),
  };
}

describe('riskDistribution', () => {
  it('counts buckets (last one includes 100), bands and unscored contacts', () => {
    const risks = [0, 9.99, 10, 24, 25, 49.9, 50, 99, 100, undefined];
    const d = riskDistribution(risks.map((r, i) => c(i, r)));
    expect(d.buckets.map((b) => b.count)).toEqual([2, 1, 2, 0, 1, 1, 0, 0, 0, 2]);
    expect(d.buckets[9]).toEqual({ from: 90, to: 100, count: 2 });
    // Default thresholds (the risk settings' defaults): low < 40 ≤ medium < 70 ≤ high.
    expect(d.bands).toEqual({ low: 5, medium: 2, high: 2 });
    expect(d.unscored).toBe(1);
  });

  it('counts bands by the thresholds given (the risk settings)', () => {
    const risks = [0, 9.99, 10, 24, 25, 49.9, 50, 99, 100, undefined];
    expect(
      riskDistribution(
        risks.map((r, i) => c(i, r)),
        10,
        { medium: 25, high: 50 },
      ).bands,
    ).toEqual({ low: 4, medium: 2, high: 3 });
  });

  it('puts no lead, churned or do-not-contact contact in a band, and does not count them as unscored', () => {
    const d = riskDistribution([c(1, 80), c(2, 90, { stage: 'churned' }), c(3, 75, { stage: 'lead' }), c(4, 95, { doNotContact: 1 }), c(5, undefined, { stage: 'lead' }), c(6, undefined)]);
    expect(d.bands).toEqual({ low: 0, medium: 0, high: 1 });
    expect(d.unscored).toBe(1);
  });

  it('supports other bucket widths', () => {
    expect(riskDistribution([c(1, 33), c(2, 100)], 25).buckets.map((b) => b.count)).toEqual([0, 1, 0, 1]);
  });
});

describe('atRiskList', () => {
  const list = [
    c(1, 80, { arr: '10,000' }),
    c(2, 60, { arr: '¥50,000' }),
    c(3, 90, { arr: '' }),
    c(4, 55, { stage: 'churned', arr: '99999' }),
    c(5, 40, { arr: '99999' }),
    c(6, 70, { stage: 'lead', arr: '10000' }),
    c(7, 100, { arr: '8000', owner: 'sato' }),
  ];

  it('lists scored customers at or above the threshold by risk × revenue, then risk', () => {
    const items = atRiskList(list, { revenueKey: 'arr' });
    expect(items.map((i) => [i.contact.id, i.revenue, i.exposure])).toEqual([
      [2, 50_000, 30_000],
      [7, 8000, 8000],
      [1, 10_000, 8000],
      [3, 0, 0],
    ]);
  });

  it('orders a calibrated score by its chance × revenue, and leaves out do-not-contact contacts', () => {
    const items = atRiskList([c(1, 60, { arr: '1000', probability: 0.6 }), c(2, 60, { arr: '1000', probability: 0.1 }), c(3, 99, { arr: '99999', doNotContact: 1 })], { revenueKey: 'arr' });
    expect(items.map((i) => [i.contact.id, i.exposure])).toEqual([
      [1, 600],
      [2, 100],
    ]);
  });

  it('reads revenue like the churn rules do ("$3.5k", "12万")', () => {
    const items = atRiskList([c(1, 50, { arr: '$3.5k' }), c(2, 50, { arr: '12万' })], { revenueKey: 'arr' });
    expect(items.map((i) => [i.contact.id, i.revenue])).toEqual([
      [2, 120_000],
      [1, 3500],
    ]);
  });

  it('honours the threshold, stages and limit options, and groups by owner', () => {
    expect(atRiskList(list, { revenueKey: 'arr', minRisk: 85 }).map((i) => i.contact.id)).toEqual([7, 3]);
    // A churned contact is never at risk, whatever the stages asked for.
    expect(atRiskList(list, { revenueKey: 'arr', stages: ['churned'] }).map((i) => i.contact.id)).toEqual([]);
    expect(atRiskList(list, { revenueKey: 'arr', limit: 1 })).toHaveLength(1);
    const owners = byOwner(list, (group) => atRiskList(group, { revenueKey: 'arr' }).map((i) => i.contact.id));
    expect(Object.fromEntries(owners)).toEqual({ alex: [2, 1, 3], sato: [7] });
  });
});
