import { describe, expect, it } from 'vitest';
import { companyRisk } from '../../../lib/workspace/company-risk';

const c = (risk: number | undefined, revenue?: string) => ({ risk, custom: (revenue === undefined ? {} : { arr: revenue }) as Record<string, string> });

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
});
