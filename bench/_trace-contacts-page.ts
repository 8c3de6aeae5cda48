// Where the contacts page's open goes, stage by stage, for one development build (DIR, default .output-dev): seeded
// like bench/workspace-db.ts with N contacts (default 10,000), reloaded RUNS times (default 5); prints the medians of
// the chunks' load (resource timing: the last chunk fetched before the first row), the shell, the first row, the full
// list, and the JS heap after the full list (CDP, after a forced GC). Scratch, not a benchmark of record:
//   DIR=.output-dev N=10000 npx tsx bench/_trace-contacts-page.ts
// PROFILE=1: a CPU profile of the last open, its samples split at the shell, the first row and the full list, by script and function
// (self time); and every IndexedDB request (transaction, get, getAll, cursor, count) the page made before the first row.
import { resolve } from 'node:path';
import { launchKizuna } from '../test/support/launch';
import { clearDailyRescore, median } from './_measure';
import { paintedAt } from './_painted';
import { seed } from './workspace-db';
const N = Number(process.env.N ?? 10000);
const RUNS = Number(process.env.RUNS ?? 5);
const k = await launchKizuna({ extensionDir: resolve(process.env.DIR ?? '.output-dev', 'chrome-mv3') });
try {
  await clearDailyRescore(k.worker);
  const page = await k.context.newPage();
  await page.goto(`chrome-extension://${k.extensionId}/app.html?bench#/contacts`);
  await page.locator('[data-testid="result-count"], [data-testid="first-run"]').first().waitFor();
  await seed(page, N);
  const cdp = await k.context.newCDPSession(page);
  const profile = !!process.env.PROFILE;
  if (profile) {
    // Each IndexedDB request the page makes, with its time (page clock): how many stand before the first row.
    await cdp.send('Page.enable');
    await cdp.send('Page.addScriptToEvaluateOnNewDocument', {
      source: `(() => {
        const log = (globalThis.__idbLog = []);
        const wrap = (proto, name, kind) => {
          const f = proto[name];
          if (f) proto[name] = function (...a) { log.push([performance.now(), kind + '.' + name + ' ' + (this.name ?? '')]); return f.apply(this, a); };
        };
        wrap(IDBDatabase.prototype, 'transaction', 'db');
        for (const n of ['get', 'getAll', 'getAllKeys', 'openCursor', 'openKeyCursor', 'count']) {
          wrap(IDBObjectStore.prototype, n, 'store');
          wrap(IDBIndex.prototype, n, 'index');
        }
      })();`,
    });
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  }
  // The chunks' waterfall of the last run: when each script was asked for and arrived (ms since navigation).
  await cdp.send('Network.enable');
  let t0 = 0;
  let log: string[] = [];
  const asked = new Map<string, { url: string; at: number }>();
  cdp.on('Network.requestWillBeSent', (e) => {
    if (e.type === 'Document') {
      t0 = e.timestamp;
      log = [];
    }
    asked.set(e.requestId, { url: e.request.url.replace(/.*\//, ''), at: e.timestamp });
  });
  cdp.on('Network.loadingFinished', (e) => {
    const a = asked.get(e.requestId);
    if (a && /\.(js|css)$/.test(a.url)) log.push(`${((a.at - t0) * 1000).toFixed(0)}→${((e.timestamp - t0) * 1000).toFixed(0)} ${a.url}`);
  });
  const rows: Record<string, number[]> = {};
  const add = (k: string, v: number) => (rows[k] ??= []).push(v);
  for (let r = 0; r < RUNS; r++) {
    const profiling = profile && r === RUNS - 1;
    if (profiling) await cdp.send('Profiler.start');
    await page.reload({ waitUntil: 'commit' });
    const painted = (sel: string) =>
      page.waitForFunction((x) => (document.querySelector(x) ? performance.now() : null), sel, { polling: 'raf', timeout: 120_000 }).then((h) => h.jsonValue() as Promise<number>);
    const { shell, first } = await paintedAt(page, { shell: 'nav a[href="#/contacts"]', first: '.ws-scroll [role="row"][data-index="0"]' });
    const full = await painted(`[data-testid="result-count"][data-count="${N}"][data-complete="true"]`);
    const cpu = profiling ? (await cdp.send('Profiler.stop')).profile : undefined;
    if (cpu) {
      const offset = await page.evaluate(() => (performance.getEntriesByType('resource').find((e) => /\/chunks\/app-/.test(e.name)) as PerformanceResourceTiming | undefined)?.responseEnd ?? 0);
      printProfile(cpu, offset, shell, first, full);
      const requests = await page.evaluate((to) => (globalThis as unknown as { __idbLog: [number, string][] }).__idbLog.filter(([t]) => t <= to), first);
      console.log(`IndexedDB requests before the first row: ${requests.length}\n` + requests.map(([t, what]) => `  ${t.toFixed(0)} ${what}`).join('\n'));
    }
    add('dcl', await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd));
    add('shell', shell);
    add('first', first);
    add('full', full);
    await cdp.send('HeapProfiler.collectGarbage');
    add('heapMB', (await cdp.send('Runtime.getHeapUsage')).usedSize / 1e6);
  }
  if (process.env.WATERFALL) console.log(log.join('\n'));
  console.log(
    `${process.env.DIR ?? '.output-dev'} N=${N}: ` +
      Object.entries(rows)
        .map(([k, v]) => `${k} ${median(v).toFixed(k === 'heapMB' ? 1 : 0)}`)
        .join(' | '),
  );
} finally {
  await k.close();
}

type CpuProfile = { nodes: { id: number; callFrame: { functionName: string; url: string } }[]; startTime: number; samples?: number[]; timeDeltas?: number[] };

/** Self time by script and by function, in the windows navigation → shell → first row → full list (page clock, ms). */
function printProfile(cpu: CpuProfile, offset: number, shell: number, first: number, full: number): void {
  const nodes = new Map(cpu.nodes.map((n) => [n.id, n]));
  // The profile's clock is not the page's: the page's first sample in a chunk of this build is taken to be at `offset`
  // (the entry chunk's responseEnd from resource timing), which puts the split within a few ms.
  let t = cpu.startTime;
  const samples = (cpu.samples ?? []).map((id, i) => [(t += cpu.timeDeltas![i]), id] as const);
  const start = samples.find(([, id]) => nodes.get(id)!.callFrame.url.includes('/chunks/'))?.[0] ?? cpu.startTime;
  const windows = [`to the shell (${shell.toFixed(0)})`, `shell to first row (${first.toFixed(0)})`, `first row to full list (${full.toFixed(0)})`];
  const by = windows.map(() => ({ script: new Map<string, number>(), fn: new Map<string, number>(), total: 0 }));
  samples.forEach(([at, id], i) => {
    const dt = ((samples[i + 1]?.[0] ?? at) - at) / 1000;
    const ms = offset + (at - start) / 1000;
    const w = ms <= shell ? 0 : ms <= first ? 1 : ms <= full ? 2 : -1;
    if (w < 0) return;
    const { functionName, url } = nodes.get(id)!.callFrame;
    const script = (url.replace(/^.*\//, '').replace(/-[\w-]{8}\.js$/, '') || functionName || '?').slice(0, 40);
    const b = by[w];
    b.total += dt;
    b.script.set(script, (b.script.get(script) ?? 0) + dt);
    const fn = `${script}:${functionName || '(anon)'}`;
    b.fn.set(fn, (b.fn.get(fn) ?? 0) + dt);
  });
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `${k} ${v.toFixed(1)}`)
      .join(' ; ');
  by.forEach((b, i) => console.log(`CPU ${windows[i]}: ${b.total.toFixed(0)} ms sampled\n  by script: ${top(b.script, 12)}\n  by function: ${top(b.fn, 14)}`));
}
