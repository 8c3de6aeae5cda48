import { ACCOUNT_CAPS, type AccountType, type LedgerEntry } from './types';

export const WINDOW_MS = 24 * 60 * 60 * 1000;
/** How long ledger entries are kept: the quota needs 24 h; a week serves the per-day chart and audits. */
export const LEDGER_RETENTION_MS = 7 * WINDOW_MS;
/** Sending pauses at this share of the cap, leaving room for the user's own mail. */
export const PAUSE_FRACTION = 0.9;

export interface QuotaStatus {
  cap: number;
  /** Campaign sends stop once `used` would pass this. */
  pauseAt: number;
  used: number;
  remaining: number;
  paused: boolean;
}

/** The daily cap in force: the account type's, or the user's when lower. */
export function effectiveCap(accountType: AccountType, userCap?: number): number {
  const base = ACCOUNT_CAPS[accountType];
  return userCap !== undefined && userCap > 0 ? Math.min(base, Math.floor(userCap)) : base;
}

/** The number of recipients at which campaign sending pauses (90 % of the cap, rounded down). */
export function pauseThreshold(cap: number): number {
  return Math.floor(cap * PAUSE_FRACTION);
}

/** Recipients counted in the rolling 24-hour window ending at `now` (an entry counts for exactly 24 h). */
export function usedInWindow(entries: readonly LedgerEntry[], now: number): number {
  let used = 0;
  for (const e of entries) if (e.at > now - WINDOW_MS && e.at <= now) used += e.count;
  return used;
}

/** Used, remaining and paused for a cap at `now`. */
export function quotaStatus(entries: readonly LedgerEntry[], now: number, cap: number): QuotaStatus {
  const used = usedInWindow(entries, now);
  const pauseAt = pauseThreshold(cap);
  return { cap, pauseAt, used, remaining: Math.max(0, cap - used), paused: used >= pauseAt };
}

/**
 * The earliest time ≥ now at which `needed` more recipients fit under `limit` in the window,
 * or undefined if they never can (needed > limit).
 */
export function whenAvailable(entries: readonly LedgerEntry[], now: number, needed: number, limit: number): number | undefined {
  if (needed > limit) return undefined;
  const live = entries.filter((e) => e.at > now - WINDOW_MS && e.at <= now).sort((a, b) => a.at - b.at);
  let excess = live.reduce((sum, e) => sum + e.count, 0) + needed - limit;
  if (excess <= 0) return now;
  for (const e of live) {
    excess -= e.count;
    if (excess <= 0) return e.at + WINDOW_MS;
  }
  return undefined;
}

/** Recipients one campaign message counts for: the To address plus every Cc and Bcc. */
export function recipientsPerMessage(campaign: { cc?: readonly string[]; bcc?: readonly string[] }): number {
  return 1 + (campaign.cc?.length ?? 0) + (campaign.bcc?.length ?? 0);
}

export interface SendPlan {
  count: number;
  perMessage: number;
  startAt: number;
  intervalMs: number;
  limit: number;
  entries: readonly LedgerEntry[];
}

/** Simulates `count` paced sends under the rolling window; returns when the last one goes out, or undefined if impossible. */
export function planFinish(plan: SendPlan): number | undefined {
  if (plan.count <= 0) return plan.startAt;
  if (plan.perMessage > plan.limit) return undefined;
  const window = plan.entries.map((e) => ({ at: e.at, count: e.count })).sort((a, b) => a.at - b.at);
  let head = 0;
  let sum = 0;
  for (const e of window) sum += e.at > plan.startAt - WINDOW_MS ? e.count : 0;
  while (head < window.length && window[head]!.at <= plan.startAt - WINDOW_MS) head++;
  let t = plan.startAt;
  let last = t;
  for (let i = 0; i < plan.count; i++) {
    const evict = () => {
      while (head < window.length && window[head]!.at <= t - WINDOW_MS) sum -= window[head++]!.count;
    };
    evict();
    while (sum + plan.perMessage > plan.limit) {
      t = window[head]!.at + WINDOW_MS;
      evict();
    }
    window.push({ at: t, count: plan.perMessage });
    sum += plan.perMessage;
    last = t;
    t += plan.intervalMs;
  }
  return last;
}
