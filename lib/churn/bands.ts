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
