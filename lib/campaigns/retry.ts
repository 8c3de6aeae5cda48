import { GmailApiError, retryAfterMs } from '../gmail-api/errors';

const MAX_WAIT_MS = 24 * 60 * 60_000;

/** Exponential backoff for the n-th attempt (1-based), ±25 % jitter, capped. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const raw = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(raw * (0.75 + 0.5 * random()));
}

export interface RetryDecision {
  action: 'retry' | 'fail' | 'pause';
  /** When to try again (retry). */
  at?: number;
  /** The whole account must wait until then (rate limit). */
  accountWaitUntil?: number;
  /** The attempt may have reached Gmail; look it up in Sent before trying again. */
  ambiguous: boolean;
  message: string;
}

/** What to do after a failed Gmail call: retry with backoff honouring Retry-After, fail the recipient, or pause (sign-in). */
export function decideRetry(error: unknown, attempts: number, now: number, opts: { maxAttempts: number; baseMs: number; maxMs: number; random: () => number }): RetryDecision {
  // Anything that is not a typed API error (a bug, an aborted fetch) is treated like a lost answer.
  const e = error instanceof GmailApiError ? error : new GmailApiError(String(error), 0, 'network');
  const message = e.message.slice(0, 400);
  if (e.kind === 'auth') return { action: 'pause', ambiguous: false, message };
  if (!e.retryable) return { action: 'fail', ambiguous: false, message };
  // An ambiguous attempt is never failed here: the next pick-up looks it up in Sent first.
  if (!e.ambiguous && attempts >= opts.maxAttempts) return { action: 'fail', ambiguous: false, message };
  const wait = Math.min(MAX_WAIT_MS, Math.max(backoffMs(attempts, opts.baseMs, opts.maxMs, opts.random), retryAfterMs(e.retryAfter, now) ?? 0));
  return {
    action: 'retry',
    at: now + wait,
    ambiguous: e.ambiguous,
    message,
    ...(e.kind === 'rate-limit' ? { accountWaitUntil: now + wait } : {}),
  };
}
