import type { StoredScore } from '../db/types';
import type { ChurnScore } from './rules';
import type { ScorerConfig } from './scorer';
import { wallClock } from './working-days';

const DAY = 86_400_000;

/** How far back the history reaches: "30 days ago" must stay known. */
export const HISTORY_DAYS = 30;
/** The basis of a score carried over from the contact rows (schema 7): unknown, so it continues any history. */
export const MIGRATED_BASIS = '';
/** The trend's look-backs, in days. */
export const TREND_DAYS = [7, 30] as const;
/** A change smaller than this (points, or percentage points for a chance) is steady. */
export const STEADY_POINTS = 3;

/** The local calendar day of an instant as a number (days since 1970-01-01 on the zone's wall clock). */
export function dayNumber(at: number, timeZone = 'UTC'): number {
  return Math.floor(wallClock(at, timeZone) / DAY);
}

/** The score a history gives for a day (the last change on or before it); undefined before the history starts. */
export function scoreOnDay(history: readonly (readonly [number, number])[], day: number): number | undefined {
  let found: number | undefined;
  for (const [d, score] of history) {
    if (d > day) break;
    found = score;
  }
  return found;
}

/** The history without what no look-back needs: entries older than HISTORY_DAYS, except the one in force then. */
export function pruneHistory(history: readonly [number, number][], today: number): [number, number][] {
  const cutoff = today - HISTORY_DAYS;
  let first = 0;
  for (let i = 0; i < history.length && history[i][0] <= cutoff; i++) first = i;
  // Entries dated after today (a clock set back) cannot be "the past": dropped.
  return history.slice(first).filter(([d]) => d <= today);
}

const fnv = (text: string): string => {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
};

/** JSON with object keys sorted at every level: the same settings give the same text whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/**
 * What a score is computed by, as a short string: the rules (their points and the field mapping, not the
 * bands) or the active model version. A trend compares only scores of one basis: an edited rule or another
 * model moves every score without the customer having changed.
 */
export function scoreBasis(config: Pick<ScorerConfig, 'settings' | 'model' | 'modelId'>): string {
  const { settings } = config;
  const mapping = fnv(canonicalJson(settings.mapping));
  if (settings.useModel && config.model) return `model:${config.modelId ?? 0}:${mapping}`;
  const { bands: _bands, ...points } = settings.rules;
  return `rules:${fnv(canonicalJson(points))}:${mapping}`;
}

const sameChance = (a: number | undefined, b: number | undefined) => (a === undefined ? b === undefined : b !== undefined && Math.abs(a - b) < 5e-5);

/**
 * The row to store for a freshly computed score, or null when the stored row already says the same (nothing
 * to write). The history gets today's score (one entry per day: a second change on the same day replaces
 * the first); it starts again when the basis or the horizon changed.
 */
export function nextStoredScore(prev: StoredScore | undefined, contactId: number, risk: ChurnScore, basis: string, now: number, timeZone = 'UTC'): StoredScore | null {
  if (prev && prev.score === risk.score && prev.band === risk.band && sameChance(prev.probability, risk.probability) && prev.horizonDays === risk.horizonDays && prev.basis === basis) return null;
  const today = dayNumber(now, timeZone);
  const continues = prev !== undefined && (prev.basis === basis || prev.basis === MIGRATED_BASIS) && prev.horizonDays === risk.horizonDays;
  const history = continues ? pruneHistory(prev.history, today) : [];
  const last = history[history.length - 1];
  if (last && last[0] === today) history.pop();
  const before = history[history.length - 1];
  if (!before || before[1] !== risk.score) history.push([today, risk.score]);
  const row: StoredScore = { contactId, score: risk.score, band: risk.band, at: now, basis, history };
  if (risk.probability !== undefined) row.probability = Math.round(risk.probability * 10_000) / 10_000;
  if (risk.horizonDays !== undefined) row.horizonDays = risk.horizonDays;
  return row;
}

export type TrendDirection = 'up' | 'down' | 'steady';

/** The score now against the score some days ago. */
export interface TrendPoint {
  days: number;
  before: number;
  /** now − before. */
  delta: number;
  direction: TrendDirection;
}

/** The direction of a change: up is rising risk. */
export function directionOf(delta: number): TrendDirection {
  return Math.abs(delta) < STEADY_POINTS ? 'steady' : delta > 0 ? 'up' : 'down';
}

/**
 * The score now against 7 and 30 days ago, from the stored history. `current` is the score shown now (the
 * stored one, or the sidebar's live one) with its basis; a look-back the history does not reach, or a history of
 * another basis, gives no point.
 */
export function scoreTrend(row: StoredScore | undefined, current: { score: number; basis: string }, now: number, timeZone = 'UTC'): TrendPoint[] {
  if (!row || (row.basis !== current.basis && row.basis !== MIGRATED_BASIS)) return [];
  const today = dayNumber(now, timeZone);
  const points: TrendPoint[] = [];
  for (const days of TREND_DAYS) {
    const before = scoreOnDay(row.history, today - days);
    if (before === undefined) continue;
    const delta = current.score - before;
    points.push({ days, before, delta, direction: directionOf(delta) });
  }
  return points;
}
