import type { Worker } from 'playwright-core';

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

/** The median of some figures. */
export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Clears the daily risk rescore's alarm (lib/churn/background.ts), which fires a minute after start
 * and rescores every contact: benches that must not measure alongside it call this first.
 */
export async function clearDailyRescore(worker: Worker): Promise<void> {
  await worker.evaluate(async () => {
    // DAILY_ALARM of lib/churn/background.ts (set when the background starts).
    const alarm = 'kizuna-risk-daily';
    const g = globalThis as unknown as { chrome: { alarms: { get(n: string): Promise<unknown>; clear(n: string): Promise<boolean> } } };
    for (let i = 0; i < 50 && !(await g.chrome.alarms.get(alarm)); i++) await new Promise((r) => setTimeout(r, 100));
    await g.chrome.alarms.clear(alarm);
  });
}

/**
 * The rescore benches' baseline (bench/risk-recompute.ts): the recompute's reads alone, in raw IndexedDB, in the
 * service worker: `chunk` contacts by id range, then their activities as one range of the contactIds index.
 */
export function rawChunkedReads(worker: Worker, chunk: number): Promise<{ ms: number; rows: number }> {
  return worker.evaluate(async (chunk) => {
    const started = performance.now();
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('kizuna');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const req = <T>(r: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
    let after = 0;
    let rows = 0;
    for (;;) {
      const tx = db.transaction(['contacts', 'activities']);
      const contacts = (await req(tx.objectStore('contacts').getAll(IDBKeyRange.lowerBound(after, true), chunk))) as { id: number }[];
      if (contacts.length === 0) break;
      const first = contacts[0].id;
      after = contacts[contacts.length - 1].id;
      rows += (await req(tx.objectStore('activities').index('contactIds').getAll(IDBKeyRange.bound(first, after)))).length;
    }
    db.close();
    return { ms: performance.now() - started, rows };
  }, chunk);
}
