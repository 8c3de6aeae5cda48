// Development aid (issue 13): what the side panel runs around each thread switch once warmed up, counted, not timed:
// IndexedDB transactions (with their stores) and requests, idle callbacks and the longest of them, timers, frames, and
// the tasks over 50 ms (Long Tasks API), background tasks (scheduler.postTask) and the panel's own marks (mount, takeover:
// which switch the app's start-up lands in), from one switch to the next. Switches GAP_MS apart (default 0: back to back,
// as bench/sidebar.ts switches). `npx tsx bench/_count-switch-work.ts` (DIRS=.output-base,.output: two builds in turn).
import { resolve } from 'node:path';
import { launchKizuna } from '../test/support/launch';
import { ME, PEOPLE, SAMPLE_THREADS } from '../test/support/sample-threads';
import { clearDailyRescore } from './_measure';
import { painted, switchTo } from './_sidebar-switch';
import { seedLargeDb } from './_seed-large';

const dirs = (process.env.DIRS ?? '.output').split(',');
const GAP = Number(process.env.GAP_MS ?? 0);
const SCALE = Number(process.env.BENCH_SCALE ?? 0.01);
const [a, , , b] = SAMPLE_THREADS;
const emails: Record<string, string> = { [a.id]: PEOPLE.dana.email.toLowerCase(), [b.id]: PEOPLE.kim.email };
for (const dir of dirs) {
  const k = await launchKizuna({ extensionDir: resolve(dir, 'chrome-mv3') });
  try {
    await clearDailyRescore(k.worker);
    await seedLargeDb(k.worker, Math.round(50_000 * SCALE), Math.round(500_000 * SCALE));
    await k.serveGmail({ user: ME, threads: SAMPLE_THREADS });
    const { page, sidebar } = await k.openGmail(`#inbox/${a.id}`);
    await painted(sidebar, emails[a.id], 0);
    await sidebar.evaluate(() => {
      const c = { tx: [] as string[], requests: {} as Record<string, number>, idle: 0, idleMaxMs: 0, timeouts: 0, raf: 0, postTasks: 0, longTasks: [] as number[], marks: [] as string[] };
      (window as unknown as { __c: typeof c }).__c = c;
      const wrap = (proto: object, names: string[], label: string) => {
        for (const name of names) {
          const p = proto as Record<string, (...args: unknown[]) => unknown>;
          const original = p[name];
          if (typeof original !== 'function') continue;
          p[name] = function (this: { name?: string; objectStore?: { name: string } }, ...args: unknown[]) {
            const store = this.objectStore ? `${this.objectStore.name}.${this.name}` : this.name;
            const key = `${label}.${name} ${store}`;
            c.requests[key] = (c.requests[key] ?? 0) + 1;
            return original.apply(this, args);
          };
        }
      };
      const reads = ['get', 'getAll', 'getAllKeys', 'getKey', 'openCursor', 'openKeyCursor', 'count', 'put', 'add', 'delete', 'clear'];
      wrap(IDBObjectStore.prototype, reads, 'store');
      wrap(IDBIndex.prototype, reads, 'index');
      const tx = IDBDatabase.prototype.transaction;
      IDBDatabase.prototype.transaction = function (this: IDBDatabase, stores: string | string[], mode?: IDBTransactionMode, ...rest: unknown[]) {
        c.tx.push(`${mode ?? 'readonly'}:${[stores].flat().join('+')}`);
        return (tx as (...a: unknown[]) => IDBTransaction).call(this, stores, mode, ...rest);
      } as typeof tx;
      const ric = window.requestIdleCallback.bind(window);
      window.requestIdleCallback = (f, o) => (
        c.idle++,
        ric((d) => {
          const t = performance.now();
          try {
            f(d);
          } finally {
            c.idleMaxMs = Math.max(c.idleMaxMs, performance.now() - t);
          }
        }, o)
      );
      const raf = window.requestAnimationFrame.bind(window);
      window.requestAnimationFrame = (f) => (c.raf++, raf(f));
      const st = window.setTimeout.bind(window);
      (window as { setTimeout: unknown }).setTimeout = (f: TimerHandler, ms?: number, ...rest: unknown[]) => (c.timeouts++, st(f, ms, ...rest));
      const scheduler = (window as { scheduler?: { postTask?: (...a: unknown[]) => unknown } }).scheduler;
      const postTask = scheduler?.postTask?.bind(scheduler);
      if (scheduler && postTask) scheduler.postTask = (...a: unknown[]) => (c.postTasks++, postTask(...a));
      new PerformanceObserver((list) => list.getEntries().forEach((e) => c.longTasks.push(Math.round(e.duration)))).observe({ type: 'longtask' });
      // The panel's own marks (mount, takeover, profile painted…): which switch the app's start-up lands in.
      new PerformanceObserver((list) => list.getEntries().forEach((e) => e.name !== 'kizuna:profile-painted' && c.marks.push(e.name.replace('kizuna:', '')))).observe({ type: 'mark' });
    });
    const targets = Array.from({ length: Number(process.env.SWITCHES ?? 12) }, (_, i) => (i % 2 === 0 ? b : a));
    for (const [i, t] of targets.entries()) {
      const before = await sidebar.evaluate(() => {
        const c = (window as unknown as { __c: Record<string, unknown> }).__c;
        const copy = JSON.parse(JSON.stringify(c));
        Object.assign(c, { tx: [], requests: {}, idle: 0, idleMaxMs: 0, timeouts: 0, raf: 0, postTasks: 0, longTasks: [], marks: [] });
        return copy;
      });
      if (i > 0) console.log(`${dir} after #${i - 1}:`, JSON.stringify(before));
      const t0 = await switchTo(page, t.id);
      const ms = (await painted(sidebar, emails[t.id], t0)) - t0;
      console.log(`${dir} #${i} → ${t.id}: ${ms.toFixed(1)} ms`);
      if (GAP) await page.waitForTimeout(GAP);
    }
  } finally {
    await k.close();
  }
}
