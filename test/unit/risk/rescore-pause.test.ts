import { afterEach, describe, expect, it, vi } from 'vitest';
import { pauseBetweenChunks } from '../../../lib/churn/background';
import { noteForeground } from '../../../lib/db/foreground';

describe('background rescore, between chunks', () => {
  afterEach(() => vi.useRealTimers());

  const pauseLength = async (): Promise<number> => {
    const start = Date.now();
    let done = false;
    void pauseBetweenChunks().then(() => (done = true));
    while (!done) await vi.advanceTimersByTimeAsync(5);
    return Date.now() - start;
  };

  it('pauses briefly, and steps aside while Gmail shows threads (until a second after the last)', async () => {
    vi.useFakeTimers({ now: 5_000_000 });
    expect(await pauseLength()).toBeLessThan(100);
    noteForeground();
    const aside = await pauseLength();
    expect(aside).toBeGreaterThanOrEqual(1000);
    expect(aside).toBeLessThan(1100);
  });
});
