// Development aid (issue 13): a Chromium trace of thread switches that the Gmail page sets itself every GAP ms (no
// DevTools message in flight, as bench/_switch-inpage.ts), and, per switch, the main-thread tasks of BOTH renderers
// (Gmail's page and the panel) that overlap the window from the hash change to the profile's paint mark, plus the tasks
// of the previous switch still running when it starts. `BENCH_SCALE=0.2 GAP=100 npx tsx bench/_trace-inpage.ts`
// (TRACE_OUT: the trace file; MIN_MS: the shortest task listed, default 2).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { cdpEndpoint, launchKizuna } from '../test/support/launch';
import { ME, PEOPLE, SAMPLE_THREADS } from '../test/support/sample-threads';
import { clearDailyRescore, median } from './_measure';
import { seedLargeDb } from './_seed-large';
import { painted } from './_sidebar-switch';
import type { TraceEvent } from './_trace-event';

const SCALE = Number(process.env.BENCH_SCALE ?? 0.2);
const GAP = Number(process.env.GAP ?? 100);
const RUNS = Number(process.env.RUNS ?? 15);
const MIN_MS = Number(process.env.MIN_MS ?? 2);
const TRACE_FILE = process.env.TRACE_OUT ?? join(tmpdir(), 'kizuna-inpage-trace.json');
const userDataDir = mkdtempSync(join(tmpdir(), 'kizuna-trace-'));
const k = await launchKizuna({ userDataDir, ...(process.env.DIR ? { extensionDir: resolve(process.env.DIR, 'chrome-mv3') } : {}) });
try {
  await clearDailyRescore(k.worker);
  await seedLargeDb(k.worker, Math.round(50_000 * SCALE), Math.round(500_000 * SCALE));
  await k.serveGmail({ user: ME, threads: SAMPLE_THREADS });
  const [a, , , b] = SAMPLE_THREADS;
  const emails: Record<string, string> = { [a.id]: PEOPLE.dana.email.toLowerCase(), [b.id]: PEOPLE.kim.email };
  const targets = [b, a].map((t) => ({ id: t.id, email: emails[t.id] }));
  const { page, sidebar } = await k.openGmail(`#inbox/${a.id}`);
  await painted(sidebar, emails[a.id], 0);
  // Warm-up (the first scores, the patterns' compile, both contacts read once): untraced, then a quiet second.
  await page.evaluate(
    async ({ ids, gap }) => {
      for (const id of ids) {
        location.hash = `#inbox/${id}`;
        await new Promise((r) => setTimeout(r, gap));
      }
    },
    { ids: Array.from({ length: 6 }, (_, i) => targets[(i + 1) % 2].id), gap: 400 },
  );
  await page.waitForTimeout(1500);
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
        'v8',
        'blink.user_timing',
        'toplevel',
        'IndexedDB',
        'scheduler',
        // TRACE_CPU=1: JS samples too; the panel's CPU time inside the windows is then summed by chunk (file).
        ...(process.env.TRACE_CPU ? ['disabled-by-default-v8.cpu_profiler'] : []),
      ],
    },
  });
  await page.waitForTimeout(300);
  await page.evaluate(
    async ({ ids, gap }) => {
      for (const id of ids) {
        performance.mark('kizuna-probe:hash', { detail: id });
        location.hash = `#inbox/${id}`;
        await new Promise((r) => setTimeout(r, gap));
      }
    },
    { ids: Array.from({ length: RUNS }, (_, i) => targets[(i + 1) % 2].id), gap: GAP },
  );
  await page.waitForTimeout(600);
  await cdp.send('Tracing.end');
  await done;
  writeFileSync(TRACE_FILE, JSON.stringify(events));
  await browser.close();

  const hashes = events.filter((e) => e.name === 'kizuna-probe:hash' && e.ph !== 'e' && e.ph !== 'E').sort((x, y) => x.ts - y.ts);
  const paints = events.filter((e) => e.name === 'kizuna:profile-painted' && e.ph !== 'e' && e.ph !== 'E').sort((x, y) => x.ts - y.ts);
  const gmailPid = hashes[0]?.pid;
  const panelPid = paints[0]?.pid;
  const tname = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') tname.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
  const main = (pid: number) => events.filter((e) => e.pid === pid && tname.get(`${e.pid}:${e.tid}`) === 'CrRendererMain' && e.ph === 'X');
  const sides = { gmail: main(gmailPid), panel: main(panelPid) };
  const KIDS = new Set([
    'FunctionCall',
    'TimerFire',
    'FireIdleCallback',
    'FireAnimationFrame',
    'EventDispatch',
    'IDBTransaction::onComplete',
    'IDBRequest::SendResult',
    'MinorGC',
    'MajorGC',
    'V8.GC_SCAVENGER',
    'V8.GCScavenger',
    'V8.GCFinalizeMC',
    'BlinkGC.AtomicPhase',
    'Layout',
    'UpdateLayoutTree',
    'PrePaint',
    'Paint',
    'Layerize',
    'ParseHTML',
    'HitTest',
    'RunMicrotasks',
  ]);
  const describe = (list: TraceEvent[], t: TraceEvent) => {
    const names: Record<string, number> = {};
    for (const e of list) {
      if (e === t || !KIDS.has(e.name) || e.ts < t.ts || e.ts + (e.dur ?? 0) > t.ts + (t.dur ?? 0)) continue;
      const d = e.args?.data ?? {};
      const url = String(d.url ?? '')
        .replace(/^chrome-extension:\/\/[a-z]+/, '')
        .replace(/^https?:\/\/[^/]+/, '');
      const n = `${e.name}${d.type ? ' ' + String(d.type) : ''}${d.functionName ? ' ' + String(d.functionName) : ''}${url ? ' ' + url.slice(-40) : ''}`;
      names[n] = (names[n] ?? 0) + (e.dur ?? 0) / 1000;
    }
    return Object.entries(names)
      .sort((x, y) => y[1] - x[1])
      .slice(0, 5)
      .map(([n, d]) => `${n} ${d.toFixed(1)}`)
      .join('; ');
  };
  const totals: number[] = [];
  const summary: Record<string, Record<string, number>> = {};
  for (let i = 0; i < hashes.length; i++) {
    const from = hashes[i].ts;
    const next = hashes[i + 1]?.ts ?? Infinity;
    const paint = paints.find((p) => p.ts >= from && p.ts < next);
    const to = paint?.ts ?? from;
    totals.push(paint ? (to - from) / 1000 : NaN);
    console.log(`\n#${i} → ${String(hashes[i].args?.data?.detail ?? '')}: ${paint ? ((to - from) / 1000).toFixed(1) + ' ms' : 'no paint'}`);
    for (const [side, list] of Object.entries(sides)) {
      const tasks = list.filter((e) => e.name === 'ThreadControllerImpl::RunTask' && (e.dur ?? 0) >= MIN_MS * 1000);
      for (const t of tasks) {
        const end = t.ts + (t.dur ?? 0);
        if (end < from || t.ts > to) continue;
        const when = t.ts < from ? 'before (still running)' : 'in window';
        const what = describe(list, t);
        console.log(`  ${side.padEnd(5)} ${((t.ts - from) / 1000).toFixed(1).padStart(7)} ms +${((t.dur ?? 0) / 1000).toFixed(1).padStart(5)} ms ${when}: ${what}`);
        const key = `${side} ${when}`;
        summary[key] ??= {};
        summary[key].tasks = (summary[key].tasks ?? 0) + 1;
        summary[key].ms = (summary[key].ms ?? 0) + (Math.min(to, end) - Math.max(from, t.ts)) / 1000;
      }
    }
  }
  if (process.env.TRACE_CPU) {
    // The panel's samples: each sample's time, its node's file; summed inside the windows (hash change → paint).
    const nodes = new Map<number, { url: string; fn: string }>();
    const samples: { ts: number; node: number }[] = [];
    for (const e of events.filter((x) => x.pid === panelPid && x.name === 'ProfileChunk')) {
      const d = e.args?.data as { cpuProfile?: { nodes?: { id: number; callFrame: { url: string; functionName: string } }[]; samples?: number[] }; timeDeltas?: number[] } | undefined;
      for (const n of d?.cpuProfile?.nodes ?? []) nodes.set(n.id, { url: (n.callFrame.url ?? '').replace(/^.*\//, '').replace(/-[\w]{8}\.js$/, ''), fn: n.callFrame.functionName ?? '' });
      let ts = (e.args?.data as { startTime?: number } | undefined)?.startTime ?? samples.at(-1)?.ts ?? 0;
      (d?.cpuProfile?.samples ?? []).forEach((node, i) => samples.push({ node, ts: (ts += d?.timeDeltas?.[i] ?? 0) }));
    }
    const profile = events.find((x) => x.pid === panelPid && x.name === 'Profile');
    const start = (profile?.args?.data as { startTime?: number } | undefined)?.startTime;
    console.log(`panel CPU samples: ${samples.length} (profile start ${start})`);
    const byFile: Record<string, number> = {};
    for (let i = 0; i < hashes.length; i++) {
      const paint = paints.find((p) => p.ts >= hashes[i].ts && p.ts < (hashes[i + 1]?.ts ?? Infinity));
      if (!paint) continue;
      for (let j = 1; j < samples.length; j++) {
        const s = samples[j];
        if (s.ts < hashes[i].ts || s.ts > paint.ts) continue;
        const n = nodes.get(s.node);
        const key = n ? n.url || n.fn : '?';
        byFile[key] = (byFile[key] ?? 0) + (s.ts - samples[j - 1].ts) / 1000;
      }
    }
    console.log(
      `panel CPU in the windows by file (ms): ${JSON.stringify(
        Object.fromEntries(
          Object.entries(byFile)
            .sort((x, y) => y[1] - x[1])
            .slice(0, 15)
            .map(([k, v]) => [k, Math.round(v * 10) / 10]),
        ),
      )}`,
    );
  }
  console.log(`\nin page, ${GAP} ms apart: median ${median(totals).toFixed(1)} | ${totals.map((x) => x.toFixed(0)).join(' ')}`);
  console.log(`tasks ≥ ${MIN_MS} ms overlapping the windows (overlap ms): ${JSON.stringify(summary)}`);
} finally {
  await k.close();
}
