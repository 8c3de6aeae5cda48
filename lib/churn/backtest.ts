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

const DAY = 86_400_000;

/**
 * What a model version predicted on the day it was trained, for every customer then scored: the chance (0..1) of
 * churning within `horizonDays`. A forward record, made before any of these outcomes could be known.
 */
export interface Forecast {
  /** When the predictions were made (epoch ms). */
  at: number;
  horizonDays: number;
  contactIds: number[];
  chance: number[];
}

/** What a backtest needs of a contact now: did it churn, and when. */
export interface Outcome {
  id: number;
  stage: string;
  churnedAt?: number;
}

/** A forecast checked against what happened since: its rows, and how much of the horizon has passed. */
export interface ForecastCheck {
  at: number;
  horizonDays: number;
  /** Whole days since the forecast, at most the horizon. */
  elapsedDays: number;
  /** True once the whole horizon has passed: the figures are final. */
  complete: boolean;
  rows: BacktestRow[];
}

/**
 * A forecast against what happened since: a customer churned when it is now churned and its churn date (when
 * known) is not after the horizon's end. Contacts not among `outcomes` (deleted since, or out of scope) are left
 * out. Only predictions made before their outcome window are read, never a training row's out-of-fold score.
 */
export function checkForecast(forecast: Forecast, outcomes: readonly Outcome[], now: number): ForecastCheck {
  const byId = new Map(outcomes.map((o) => [o.id, o]));
  const end = forecast.at + forecast.horizonDays * DAY;
  const rows: BacktestRow[] = [];
  forecast.contactIds.forEach((id, i) => {
    const o = byId.get(id);
    if (!o) return;
    // It was a customer when forecast, so a churn recorded since counts (even one back-dated); one after the horizon does not.
    const churned = o.stage === 'churned' && (o.churnedAt === undefined || o.churnedAt <= end);
    rows.push({ chance: forecast.chance[i], churned: churned ? 1 : 0 });
  });
  const elapsedDays = Math.max(0, Math.min(forecast.horizonDays, Math.floor((now - forecast.at) / DAY)));
  return { at: forecast.at, horizonDays: forecast.horizonDays, elapsedDays, complete: now >= end, rows };
}

/** The forecast to backtest: the newest whose horizon has passed, else the oldest (the longest look so far); null when none. */
export function pickForecast<T extends Forecast>(forecasts: readonly T[], now: number): T | null {
  const done = forecasts.filter((f) => f.at + f.horizonDays * DAY <= now).sort((a, b) => b.at - a.at);
  if (done.length) return done[0];
  return [...forecasts].sort((a, b) => a.at - b.at)[0] ?? null;
}
