import { brierScore, reliabilityDeciles, type ReliabilityBin } from './metrics';

/** One customer in a backtest: the chance (0..1) it was given on a past day, and whether it churned since. */
export interface BacktestRow {
  chance: number;
  churned: 0 | 1;
}

export interface Backtest {
  /** Customers scored on the past day. */
  total: number;
  /** Of them, those who churned since. */
  churned: number;
  /** Those flagged high (score ≥ the high threshold). */
  flagged: number;
  /** Flagged and churned since. */
  flaggedChurned: number;
  /** Share of the flagged who churned; null when none was flagged. */
  precision: number | null;
  /** Share of those who churned that were flagged; null when none churned. */
  recall: number | null;
  /** Precision ÷ the share of all who churned: how many times likelier a flagged customer churned; null when undefined. */
  lift: number | null;
  baseRate: number | null;
}

/**
 * Of the customers flagged high on a past day (score = round(100 × chance) at or above `high`, the 0–100 threshold),
 * how many churned since: precision, recall and lift at the high threshold.
 */
export function backtestAt(rows: readonly BacktestRow[], high: number): Backtest {
  let churned = 0;
  let flagged = 0;
  let flaggedChurned = 0;
  for (const r of rows) {
    const isHigh = Math.round(100 * r.chance) >= high;
    churned += r.churned;
    if (isHigh) {
      flagged++;
      flaggedChurned += r.churned;
    }
  }
  const total = rows.length;
  const precision = flagged ? flaggedChurned / flagged : null;
  const recall = churned ? flaggedChurned / churned : null;
  const baseRate = total ? churned / total : null;
  const lift = precision !== null && baseRate ? precision / baseRate : null;
  return { total, churned, flagged, flaggedChurned, precision, recall, lift, baseRate };
}

/** What the Reports card shows: the backtest at the high threshold, the reliability per decile and the Brier score. */
export interface BacktestReport {
  backtest: Backtest;
  deciles: ReliabilityBin[];
  brier: number | null;
}

/** The backtest, reliability per decile (predicted against observed churn) and Brier score of past chances. */
export function backtestReport(rows: readonly BacktestRow[], high: number): BacktestReport {
  const p = rows.map((r) => r.chance);
  const y = rows.map((r) => r.churned);
  return {
    backtest: backtestAt(rows, high),
    deciles: rows.length ? reliabilityDeciles(p, y) : [],
    brier: rows.length ? brierScore(p, y) : null,
  };
}
