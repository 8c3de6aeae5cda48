import { afterEach, describe, expect, it, vi } from 'vitest';
import { noteForeground } from '../../../lib/db/foreground';
import { FILING_QUIET_MS, pauseBetweenSteps } from '../../../lib/db/stage-background';

describe('filing of staged contacts, between steps', () => {
  afterEach(() => vi.useRealTimers());

  const pauseLength = async (): Promise<number> => {
    const start = Date.now();
    let done = false;
    void pauseBetweenSteps().then(() => (done = true));
    while (!done) await vi.advanceTimersByTimeAsync(10);
    return Date.now() - start;
  };

  it('pauses a frame, and steps aside until the user has read one Gmail thread for FILING_QUIET_MS', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    expect(await pauseLength()).toBeLessThan(100);
    noteForeground();
    const aside = await pauseLength();
    // Longer than the second the rescore steps aside for: a burst of thread switches never meets a filing step.
    expect(FILING_QUIET_MS).toBeGreaterThanOrEqual(5000);
    expect(aside).toBeGreaterThanOrEqual(FILING_QUIET_MS);
    expect(aside).toBeLessThan(FILING_QUIET_MS + 100);
    // A thread shown during the pause extends it.
    noteForeground();
    const start = Date.now();
    let done = false;
    void pauseBetweenSteps().then(() => (done = true));
    await vi.advanceTimersByTimeAsync(FILING_QUIET_MS - 1000);
    expect(done).toBe(false);
    noteForeground();
    while (!done) await vi.advanceTimersByTimeAsync(10);
    expect(Date.now() - start).toBeGreaterThanOrEqual(2 * FILING_QUIET_MS - 1000);
  });
});
