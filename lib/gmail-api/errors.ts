/** What went wrong, which decides what a sender does next. */
export type GmailErrorKind = 'network' | 'rate-limit' | 'server' | 'auth' | 'client';

// Gmail sometimes signals rate limits as 403 with one of these reasons rather than 429.
const RATE_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'dailyLimitExceeded', 'quotaExceeded']);

/** A failed Gmail API call: HTTP status (0 when no answer arrived), kind, Google's reason, raw Retry-After. */
export class GmailApiError extends Error {
  override name = 'GmailApiError';
  readonly status: number;
  readonly kind: GmailErrorKind;
  readonly retryAfter: string | undefined;
  readonly reason: string | undefined;

  constructor(message: string, status: number, kind: GmailErrorKind, retryAfter?: string, reason?: string) {
    super(message);
    this.status = status;
    this.kind = kind;
    this.retryAfter = retryAfter;
    this.reason = reason;
  }

  /** Worth trying again later (rate limit, 5xx, no answer). */
  get retryable(): boolean {
    return this.kind === 'network' || this.kind === 'rate-limit' || this.kind === 'server';
  }

  /** The request may have been carried out although we got no success answer. */
  get ambiguous(): boolean {
    return this.kind === 'network' || this.kind === 'server';
  }
}

/** Classifies an HTTP error answer. */
export function errorFromResponse(status: number, body: string, retryAfter: string | null): GmailApiError {
  let reason: string | undefined;
  let message = `Gmail API ${status}`;
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown; errors?: { reason?: unknown }[]; status?: unknown } };
    const r = parsed.error?.errors?.[0]?.reason ?? parsed.error?.status;
    if (typeof r === 'string') reason = r.slice(0, 100);
    if (typeof parsed.error?.message === 'string') message += `: ${parsed.error.message.slice(0, 300)}`;
  } catch {
    if (body) message += `: ${body.slice(0, 200)}`;
  }
  const kind: GmailErrorKind = status === 429 || (status === 403 && reason !== undefined && RATE_REASONS.has(reason)) ? 'rate-limit' : status >= 500 ? 'server' : status === 401 ? 'auth' : 'client';
  return new GmailApiError(message, status, kind, retryAfter ?? undefined, reason);
}

/** Milliseconds to wait from a Retry-After value (delta-seconds or an HTTP date), or undefined if unreadable. */
export function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
