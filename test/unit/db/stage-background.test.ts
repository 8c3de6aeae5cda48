import { afterEach, describe, expect, it, vi } from 'vitest';
import { noteForeground } from '../../../lib/db/foreground';
import { pauseBetweenSteps } from '../../../lib/db/stage-background';

describe('filing of staged contacts, between steps', () => {
  afterEach(() => vi.useRealTimers());

  const pauseLength = async (): Promise<number> => {
    const start = Date.now();
    let done = false;
    void pauseBetweenSteps().then(() => (done = true));
    while (!done) await vi.advanceTimersByTimeAsync(10);
    return Date.now() - start;
  };

  it('pauses a frame, and steps aside for a second after Gmail showed a thread', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    expect(await pauseLength()).toBeLessThan(100);
    noteForeground();
    const aside = await pauseLength();
    expect(aside).toBeGreaterThanOrEqual(1000);
    expect(aside).toBeLessThan(1100);
    // A thread shown during the pause extends it.
    noteForeground();
    const start = Date.now();
    let done = false;
    void pauseBetweenSteps().then(() => (done = true));
    await vi.advanceTimersByTimeAsync(600);
    noteForeground();
    while (!done) await vi.advanceTimersByTimeAsync(10);
    expect(Date.now() - start).toBeGreaterThanOrEqual(1600);
  });
});
