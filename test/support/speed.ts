// Speed checks for unit tests, as a ratio to a baseline timed in the same test (never an absolute time).
import { expect } from 'vitest';

function msOnce(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

/**
 * Expects `hostile` to take less than `factor` times as long as `normal`. They are timed in turns, the
 * normal one first, and the fastest call of each counts: a busy machine slows a call, never speeds one.
 */
export function expectComparable(normal: () => unknown, hostile: () => unknown, factor = 5): void {
  normal();
  let base = Infinity;
  let slow = Infinity;
  for (let turn = 0; turn < 30; turn++) {
    base = Math.min(base, msOnce(normal));
    slow = Math.min(slow, msOnce(hostile));
    // Past a few turns, stop once it passes, or when it is so slow (as before a fix) that more turns cannot save it.
    if ((turn >= 5 && slow < factor * base) || (turn >= 2 && slow > 100 * factor * base)) break;
  }
  expect(slow, `${slow.toFixed(3)} ms a call, against ${base.toFixed(3)} ms for the baseline`).toBeLessThan(factor * base);
}
