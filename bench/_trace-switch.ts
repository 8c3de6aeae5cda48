// Development aid (not a bench: the leading underscore keeps it out of `npm run bench`): records a Chromium trace
// across a few quiet thread switches with the side panel open and a seeded database, and prints, per switch, what ran
// on each thread between the hash change and the profile's paint. `BENCH_SCALE=0.1 npx tsx bench/_trace-switch.ts`.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { cdpEndpoint, launchKizuna } from '../test/support/launch';
import { ME, PEOPLE, SAMPLE_THREADS } from '../test/support/sample-threads';
import { clearDailyRescore } from './_measure';
import { seedLargeDb } from './_seed-large';
import { painted, switchTo } from './_sidebar-switch';
import type { TraceEvent } from './_trace-event';

const SCALE = Number(process.env.BENCH_SCALE ?? 0.1);
// TRACE_OUT: where the trace goes (/tmp is shared by parallel work); the switch windows go beside it (…-windows.json).
const TRACE_FILE = process.env.TRACE_OUT ?? join(tmpdir(), 'kizuna-switch-trace.json');
const userDataDir = mkdtempSync(join(tmpdir(), 'kizuna-trace-'));
const kizuna = await launchKizuna({ userDataDir });
try {
  await clearDailyRescore(kizuna.worker);
  await seedLargeDb(kizuna.worker, Math.round(50_000 * SCALE), Math.round(500_000 * SCALE));
  await kizuna.serveGmail({ user: ME, threads: SAMPLE_THREADS });
  const [a, , , b] = SAMPLE_THREADS;
  const emails: Record<string, string> = { [a.id]: PEOPLE.dana.email.toLowerCase(), [b.id]: PEOPLE.kim.email };
  const { page, sidebar } = await kizuna.openGmail(`#inbox/${a.id}`);
  await painted(sidebar, emails[a.id], 0);
  const browser = await chromium.connectOverCDP(cdpEndpoint(userDataDir));
  const cdp = await browser.newBrowserCDPSession();
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => void events.push(...(e.value as unknown as TraceEvent[])));
  const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: {
      includedCategories: [
        'devtools.timeline',
        'disabled-by-default-devtools.timeline',
        'v8.execute',
        'blink.user_timing',
        'toplevel',
        'IndexedDB',
        'ServiceWorker',
        // TRACE_CPU=1: JS samples too (which functions ran inside a long task), for a trace read in a profiler.
        ...(process.env.TRACE_CPU ? ['disabled-by-default-v8.cpu_profiler'] : []),
      ],
    },
  });
  const windows: { from: number; to: number; ms: number }[] = [];
  // TRACE_TAG=1: the windows are tag adds (Enter → the stored tag's chip) instead of thread switches.
  if (process.env.TRACE_TAG) {
    const { measureTagAdds } = await import('./_sidebar-tag');
    const adds = await measureTagAdds(sidebar, ['Trace tag 1', 'Trace tag 2', 'Trace tag 3']);
    await cdp.send('Tracing.end');
    await done;
    writeFileSync(TRACE_FILE, JSON.stringify(events));
    console.log(`tag adds → stored chip (ms): ${adds.stored.map((x) => x.toFixed(0)).join(' ')}; chip painted: ${adds.painted.map((x) => x.toFixed(0)).join(' ')}`);
    await browser.close();
    process.exit(0);
  }
  const wait = Number(process.env.TRACE_GAP_MS ?? 0);
  for (let i = 0; i < Number(process.env.TRACE_SWITCHES ?? 8); i++) {
    const t = i % 2 === 0 ? b : a;
    const t0 = await switchTo(page, t.id);
    const t1 = await painted(sidebar, emails[t.id], t0);
    windows.push({ from: t0, to: t1, ms: t1 - t0 });
    if (wait) await page.waitForTimeout(wait);
  }
  await cdp.send('Tracing.end');
  await done;
  writeFileSync(TRACE_FILE, JSON.stringify(events));
  // Trace clocks are monotonic µs; align them with the pages' epoch ms through the marks.
  const marks = events.filter((e) => e.name === 'kizuna:snapshot' || e.name === 'kizuna:profile-painted');
  const names = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
  for (const e of events) if (e.ph === 'M' && e.name === 'process_name') names.set(`${e.pid}`, e.args?.name ?? '?');
  const paints = marks.filter((m) => m.name === 'kizuna:profile-painted').map((m) => m.ts);
  console.log(`switches (ms): ${windows.map((w) => w.ms.toFixed(0)).join(' ')}; marks in trace: ${marks.length}`);
  writeFileSync(TRACE_FILE.replace(/\.json$/, '-windows.json'), JSON.stringify(windows));
  // Per switch: the window from (paint − its measured duration) to the paint.
  for (let i = 0; i < Math.min(paints.length, windows.length); i++) {
    const to = paints[i];
    const from = to - windows[i].ms * 1000;
    const busy = new Map<string, number>();
    const top = new Map<string, number>();
    for (const e of events) {
      if (e.ph !== 'X' || !e.dur || e.ts + e.dur < from || e.ts > to) continue;
      const overlap = (Math.min(to, e.ts + e.dur) - Math.max(from, e.ts)) / 1000;
      const thread = `${names.get(`${e.pid}`) ?? e.pid}/${names.get(`${e.pid}:${e.tid}`) ?? e.tid}`;
      if (e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask') busy.set(thread, (busy.get(thread) ?? 0) + overlap);
      if (
        [
          'FunctionCall',
          'TimerFire',
          'EventDispatch',
          'FireAnimationFrame',
          'V8.Execute',
          'v8.run',
          'ParseHTML',
          'Layout',
          'UpdateLayoutTree',
          'Paint',
          'v8.compile',
          'MajorGC',
          'MinorGC',
          'V8.GC_SCAVENGER',
          'IndexedDBTransaction',
        ].includes(e.name) ||
        e.cat.includes('IndexedDB')
      ) {
        const d = e.args?.data ?? {};
        const what = `${thread} ${e.name} ${String(d.functionName ?? d.type ?? '')} ${String(d.url ?? '').replace(/^chrome-extension:\/\/[a-z]+/, '')}:${String(d.lineNumber ?? '')}`;
        top.set(what, (top.get(what) ?? 0) + overlap);
      }
    }
    console.log(`\n#${i} ${windows[i].ms.toFixed(1)} ms`);
    for (const [k, v] of [...busy].sort((x, y) => y[1] - x[1]).slice(0, 8)) console.log(`  busy ${v.toFixed(1)} ms  ${k}`);
    for (const [k, v] of [...top].sort((x, y) => y[1] - x[1]).slice(0, 14)) if (v > 0.3) console.log(`    ${v.toFixed(1)} ms  ${k}`);
  }
  await browser.close();
} finally {
  await kizuna.close();
}
