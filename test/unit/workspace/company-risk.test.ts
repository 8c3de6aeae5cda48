import { describe, expect, it } from 'vitest';
import type { Stage } from '../../../lib/db/types';
import { companyRisk } from '../../../lib/workspace/company-risk';

const c = (risk: number | undefined, revenue?: string, over: { stage?: Stage; doNotContact?: 0 | 1; probability?: number } = {}) => ({
  stage: over.stage ?? ('customer' as Stage),
  doNotContact: over.doNotContact ?? (0 as const),
  score: risk === undefined ? undefined : { score: risk, probability: over.probability },
  custom: (revenue === undefined ? {} : { arr: revenue }) as Record<string, string>,
});

describe('companyRisk', () => {
  it('combines max, mean and the revenue-weighted mean of scored contacts', () => {
    const r = companyRisk([c(80, '¥1,000'), c(20, '3000'), c(50), c(undefined, '9999'), c(10, 'n/a'), c(0, '$2k')], 'arr');
    expect(r).toMatchObject({ scored: 5, unscored: 1, max: 80, mean: 32 });
    // (80×1000 + 20×3000 + 0×2000) ÷ 6000 = 23.33; at risk 0.8×1000 + 0.2×3000 = 1400
    expect(r.revenueWeighted).toBeCloseTo(23.333, 2);
    expect(r.revenueAtRisk).toBeCloseTo(1400);
  });

  it('has no figures without scores, and no weighted figures without revenue', () => {
    expect(companyRisk([c(undefined)], 'arr')).toEqual({ scored: 0, unscored: 1, max: undefined, mean: undefined, revenueWeighted: undefined, revenueAtRisk: undefined });
    expect(companyRisk([c(30, '100')]).revenueWeighted).toBeUndefined();
  });

  it('never counts a churned, lead or do-not-contact contact, even with a score left on it', () => {
    const r = companyRisk([c(40, '1000'), c(90, '50000', { stage: 'churned' }), c(70, '20000', { stage: 'lead' }), c(60, '30000', { doNotContact: 1 })], 'arr');
    expect(r).toMatchObject({ scored: 1, unscored: 0, max: 40, mean: 40 });
    expect(r.revenueAtRisk).toBeCloseTo(400);
  });

  it('counts a calibrated score’s chance, not its points, as revenue at risk', () => {
    expect(companyRisk([c(23, '1000', { probability: 0.234 })], 'arr').revenueAtRisk).toBeCloseTo(234);
  });
});
