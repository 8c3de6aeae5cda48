import { describe, expect, it } from 'vitest';
import { BandQueue, type HeldScore } from '../../../lib/churn/band-queue';

describe('BandQueue', () => {
  it('holds scores as typed-array columns and gives each back as pushed, past its first size', () => {
    const scores: HeldScore[] = Array.from({ length: 700 }, (_, i) => ({
      contactId: i * 3 + 1,
      score: i % 101,
      same: i % 2 === 0,
      ...(i % 4 === 0 ? {} : { storedBand: (['low', 'medium', 'high'] as const)[i % 3] }),
      ...(i % 5 === 0 ? { probability: i / 1000, horizonDays: 90 } : {}),
    }));
    const a = new BandQueue();
    const b = new BandQueue();
    scores.slice(0, 300).forEach((s) => a.push(s));
    scores.slice(300).forEach((s) => b.push(s));
    a.append(b);
    expect(a.length).toBe(700);
    expect(a.toArray()).toEqual(scores);
    expect(a.ids).toBeInstanceOf(Int32Array);
  });
});
