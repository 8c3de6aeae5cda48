/** The three bands of a churn score, lowest first. */
export type BandName = 'low' | 'medium' | 'high';

/**
 * The band of a 0–100 score under the thresholds in force (the risk settings' `rules.bands`): the one function the
 * rescore, the alerts, the sidebar, Needs attention, the lists, segments and Reports all band a score with.
 */
export function bandFor(score: number, bands: { medium: number; high: number }): BandName {
  if (score >= bands.high) return 'high';
  return score >= bands.medium ? 'medium' : 'low';
}

/** How many times the base odds a customer's odds must be to be medium, and high. */
export const MEDIUM_ODDS_RATIO = 1.5;
export const HIGH_ODDS_RATIO = 3.5;

const toOdds = (p: number) => p / (1 - p);
const fromOdds = (o: number) => o / (1 + o);

/**
 * Band thresholds on the 0–100 scale (a calibrated score is 100 × its chance) from the base rate, the share of
 * customers who churn within the horizon: medium from 1.5 times the base odds of churning, high from 3.5 times
 * (base rate 10 %: medium 15, high 28; 3 %: 5 and 10; 30 %: 40 and 60), so that high is the few customers at
 * several times the usual risk (on the demo book: 13 of 110 customers). Kept within 1…99 with high above medium.
 */
export function bandsFromBaseRate(baseRate: number): { medium: number; high: number } {
  const b = Math.min(0.95, Math.max(0.001, Number.isFinite(baseRate) ? baseRate : 0.1));
  const medium = Math.min(98, Math.max(1, Math.ceil(100 * fromOdds(MEDIUM_ODDS_RATIO * toOdds(b)) - 1e-9)));
  const high = Math.min(99, Math.max(medium + 1, Math.ceil(100 * fromOdds(HIGH_ODDS_RATIO * toOdds(b)) - 1e-9)));
  return { medium, high };
}

/** Share of active customers in high when the book's churn base rate is unknown. */
export const DEFAULT_HIGH_SHARE = 0.1;
/** Never more than this share in high, whatever the base rate (issue #12: at most ~15 % of active customers). */
export const MAX_HIGH_SHARE = 0.15;
const MIN_HIGH_SHARE = 0.03;
/** Medium and high together: this many times the high share (at most half the book). */
const MEDIUM_SHARE_FACTOR = 3;
// A few rule points are noise, not risk: a calm book's top customers stay low or medium.
const MIN_MEDIUM = 10;
const MIN_HIGH = 25;
/** Fewer churned customers than this within the horizon say too little about the base rate. */
const MIN_CHURNED = 3;
/** Fewer customers than this are too few to rank into bands: the thresholds stay as they are. */
export const MIN_BOOK = 20;

/** What a book says about itself: its customers' uncalibrated scores and how many customers churned lately. */
export interface BookSample {
  /** The 0–100 score of every customer scored for churn. */
  scores: readonly number[];
  /** Customers who churned within the horizon (churnedAt within the last horizon days). */
  churnedWithin: number;
}

/**
 * The share of active customers the high band should hold: the observed base rate (customers churned within the
 * horizon ÷ those plus the active ones) when at least a few churned, else DEFAULT_HIGH_SHARE; within 3 %…15 %.
 */
export function highShareOf(sample: Pick<BookSample, 'scores' | 'churnedWithin'>): number {
  const exposed = sample.scores.length + sample.churnedWithin;
  if (sample.churnedWithin < MIN_CHURNED || exposed === 0) return DEFAULT_HIGH_SHARE;
  return Math.min(MAX_HIGH_SHARE, Math.max(MIN_HIGH_SHARE, sample.churnedWithin / exposed));
}

/** The lowest threshold t ≥ floor at which at most `share` of the scores are ≥ t (ties stay together, below). */
function rankThreshold(sorted: readonly number[], share: number, floor: number): number {
  const allowed = Math.floor(share * sorted.length);
  // sorted is descending: the score at position `allowed` is the first that may not be in; t lies just above it.
  const t = allowed >= sorted.length ? 0 : Math.floor(sorted[allowed]) + 1;
  return Math.min(100, Math.max(floor, t));
}

/**
 * Band thresholds for uncalibrated (rule point) scores, from the book itself: high holds at most the high share of
 * active customers (highShareOf: the observed churn base rate, else 10 %; never above 15 %), the highest-scoring
 * ones; medium the next customers up to three times that share. Ties are never split (a tie at the cut stays
 * below it), and a few points are never high (high ≥ 25, medium ≥ 10). The given thresholds (those in force) stay
 * when they band every customer as the new ones would (thresholds move only when the bands would), and on a book
 * of fewer than 20 customers.
 */
export function bandsForBook(sample: BookSample, fallback: { medium: number; high: number } = { medium: 40, high: 70 }): { medium: number; high: number } {
  if (sample.scores.length < MIN_BOOK) return { ...fallback };
  const sorted = [...sample.scores].sort((a, b) => b - a);
  const share = highShareOf(sample);
  const high = rankThreshold(sorted, share, MIN_HIGH);
  const medium = Math.min(high - 1, rankThreshold(sorted, Math.min(0.5, MEDIUM_SHARE_FACTOR * share), MIN_MEDIUM));
  const next = { medium, high };
  return sorted.every((score) => bandFor(score, next) === bandFor(score, fallback)) ? { ...fallback } : next;
}
