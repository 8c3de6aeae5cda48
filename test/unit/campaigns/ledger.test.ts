import { describe, expect, it } from 'vitest';
import { WINDOW_MS, effectiveCap, pauseThreshold, planFinish, quotaStatus, recipientsPerMessage, usedInWindow, whenAvailable } from '../../../lib/campaigns/ledger';
import type { LedgerEntry } from '../../../lib/campaigns/types';

const T0 = Date.UTC(2026, 0, 10, 9);
const entry = (at: number, count = 1, kind: LedgerEntry['kind'] = 'send'): LedgerEntry => ({ at, count, kind });

describe('caps', () => {
  it('uses the account type and a lower user cap, never a higher one', () => {
    expect(effectiveCap('gmail')).toBe(500);
    expect(effectiveCap('workspace')).toBe(2000);
    expect(effectiveCap('workspace', 300)).toBe(300);
    expect(effectiveCap('gmail', 10_000)).toBe(500);
    expect(effectiveCap('gmail', 0)).toBe(500);
  });
  it('pauses at 90 %', () => {
    expect(pauseThreshold(500)).toBe(450);
    expect(pauseThreshold(2000)).toBe(1800);
    expect(pauseThreshold(15)).toBe(13);
  });
  it('counts To, every Cc and every Bcc', () => {
    expect(recipientsPerMessage({})).toBe(1);
    expect(recipientsPerMessage({ cc: ['a@x.com'], bcc: ['b@x.com', 'c@x.com'] })).toBe(4);
  });
});

describe('rolling 24-hour window', () => {
  it('counts an entry for exactly 24 hours', () => {
    const entries = [entry(T0, 3)];
    expect(usedInWindow(entries, T0)).toBe(3);
    expect(usedInWindow(entries, T0 + WINDOW_MS - 1)).toBe(3);
    expect(usedInWindow(entries, T0 + WINDOW_MS)).toBe(0);
    expect(usedInWindow(entries, T0 - 1)).toBe(0);
  });

  it('counts test sends and cc/bcc like any other recipient', () => {
    const entries = [entry(T0, 1, 'test'), entry(T0 + 1, 4), entry(T0 + 2, 1)];
    expect(usedInWindow(entries, T0 + 10)).toBe(6);
  });

  it('reports used, remaining and the 90 % pause', () => {
    const entries = Array.from({ length: 449 }, (_, i) => entry(T0 + i));
    expect(quotaStatus(entries, T0 + 1000, 500)).toEqual({ cap: 500, pauseAt: 450, used: 449, remaining: 51, paused: false });
    const more = [...entries, entry(T0 + 999)];
    expect(quotaStatus(more, T0 + 1000, 500).paused).toBe(true);
    expect(quotaStatus(more, T0 + WINDOW_MS + 1000, 500)).toMatchObject({ used: 0, paused: false });
  });

  it('tells when the window allows the next N sends', () => {
    // 10 entries one minute apart; limit 10: the next send waits for the oldest to leave the window.
    const entries = Array.from({ length: 10 }, (_, i) => entry(T0 + i * 60_000));
    const now = T0 + 3600_000;
    expect(whenAvailable(entries, now, 1, 10)).toBe(T0 + WINDOW_MS);
    expect(whenAvailable(entries, now, 3, 10)).toBe(T0 + 2 * 60_000 + WINDOW_MS);
    expect(whenAvailable(entries, now, 1, 11)).toBe(now);
    expect(whenAvailable(entries, now, 11, 10)).toBeUndefined();
    // A message with cc/bcc needs room for all of its recipients at once.
    expect(whenAvailable([entry(T0, 5), entry(T0 + 1000, 5)], T0 + 2000, 4, 10)).toBe(T0 + WINDOW_MS);
  });
});

describe('finish estimate', () => {
  it('is paced sends when the quota is no constraint', () => {
    expect(planFinish({ count: 10, perMessage: 1, startAt: T0, intervalMs: 6000, limit: 450, entries: [] })).toBe(T0 + 9 * 6000);
  });
  it('waits for the window when the campaign does not fit in one day', () => {
    const finish = planFinish({ count: 500, perMessage: 1, startAt: T0, intervalMs: 1000, limit: 450, entries: [] })!;
    // 450 go out now, the remaining 50 after the first sends leave the window.
    expect(finish).toBe(T0 + WINDOW_MS + 49 * 1000);
  });
  it('accounts for what the ledger already used and for cc/bcc', () => {
    const used = Array.from({ length: 440 }, (_, i) => entry(T0 - 1000 + i));
    const finish = planFinish({ count: 6, perMessage: 2, startAt: T0, intervalMs: 1000, limit: 450, entries: used })!;
    // 5 messages (10 recipients) fit now; the 6th needs two old entries to leave.
    expect(finish).toBe(T0 - 1000 + 1 + WINDOW_MS);
    expect(planFinish({ count: 1, perMessage: 11, startAt: T0, intervalMs: 1, limit: 10, entries: [] })).toBeUndefined();
  });
});
