/** Median wall time in ms of `runs` calls of fn (after one warm-up). */
export async function medianMs(fn: () => unknown, runs = 5): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** One report line: the figure, its baseline from the same run, their ratio, and the goal. */
export function report(name: string, ms: number, baselineName: string, baselineMs: number, goal?: string): void {
  const ratio = baselineMs > 0 ? (ms / baselineMs).toFixed(2) : 'n/a';
  console.log(`${name}: ${ms.toFixed(1)} ms | baseline ${baselineName}: ${baselineMs.toFixed(1)} ms | ratio ${ratio}${goal ? ` | goal ${goal}` : ''}`);
}
