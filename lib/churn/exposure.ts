import type { StoredScore } from '../db/types';

/**
 * The chance a score stands for, 0..1: its calibrated probability, else the rule points ÷ 100. The second is a
 * stand-in that orders contacts the way the points do; it is not a chance (the pages say so).
 */
export function chanceOf(score: Pick<StoredScore, 'score' | 'probability'>): number {
  return score.probability ?? Math.min(100, Math.max(0, score.score)) / 100;
}

/** Revenue expected to be lost: chance × revenue (0 without revenue). */
export function expectedLoss(score: Pick<StoredScore, 'score' | 'probability'>, revenue: number | null | undefined): number {
  return revenue && revenue > 0 ? chanceOf(score) * revenue : 0;
}
