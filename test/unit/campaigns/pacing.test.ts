import { describe, expect, it } from 'vitest';
import { baseIntervalMs, jitteredGapMs, nextSendTime, seededRandom } from '../../../lib/campaigns/pacing';

describe('pacing', () => {
  it('spaces sends by the per-minute rate', () => {
    expect(baseIntervalMs(20)).toBe(3000);
    expect(baseIntervalMs(0.5)).toBe(120_000);
    expect(nextSendTime(1000, { ratePerMinute: 30, jitter: 0 }, { enabled: true, random: Math.random })).toBe(3000);
  });

  it('keeps jittered gaps within ± jitter and averages to the rate', () => {
    const random = seededRandom(42);
    const gaps = Array.from({ length: 2000 }, () => jitteredGapMs(12, 0.3, random));
    for (const g of gaps) {
      expect(g).toBeGreaterThanOrEqual(5000 * 0.7);
      expect(g).toBeLessThanOrEqual(5000 * 1.3);
    }
    expect(new Set(gaps).size).toBeGreaterThan(100);
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    expect(Math.abs(mean - 5000)).toBeLessThan(100);
  });

  it('is reproducible with the same seed and different with another', () => {
    const a = Array.from({ length: 10 }, seededRandom(7));
    const b = Array.from({ length: 10 }, seededRandom(7));
    const c = Array.from({ length: 10 }, seededRandom(8));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    for (const x of a) expect(x >= 0 && x < 1).toBe(true);
  });

  it('clamps jitter to 0…1 and does nothing when pacing is off', () => {
    const random = seededRandom(1);
    for (let i = 0; i < 100; i++) expect(jitteredGapMs(60, 5, random)).toBeLessThanOrEqual(2000);
    expect(nextSendTime(5000, { ratePerMinute: 1, jitter: 0.5 }, { enabled: false, random })).toBe(5000);
  });
});
