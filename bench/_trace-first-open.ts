// A CDP trace of the side panel's first opens (issue 13): where the time goes between the click and the profile's
// paint, on the panel renderer's main thread. Run: npx tsx bench/_trace-first-open.ts [runs] (build first).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchKizuna } from '../test/support/launch';
import { ME, PEOPLE, SAMPLE_THREADS } from '../test/support/sample-threads';
import { openPanelByClick } from '../test/support/panel-open';
import { seedLargeDb } from './_seed-large';
import { painted } from './_sidebar-switch';

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- trace event args differ per event
  args?: Record<string, any>;
}

const RUNS = Number(process.argv[2] ?? 3);
// KIZUNA_TRACE=0: no trace, only the panel's resource timings and marks (cheap enough for a loaded machine).
const TRACE = process.env.KIZUNA_TRACE !== '0';
// KIZUNA_EXTENSION_DIR: another build (e.g. main's, for a before/after).
const extensionDir = process.env.KIZUNA_EXTENSION_DIR;
// KIZUNA_WORKER=asleep: the service worker is stopped before each click (test/support/panel-open.ts).
const ASLEEP = process.env.KIZUNA_WORKER === 'asleep';
const userDataDir = mkdtempSync(join(tmpdir(), 'kizuna-trace-'));
const kizuna = await launchKizuna({ extensionDir, userDataDir });
try {
  await seedLargeDb(kizuna.worker, 500, 5000);
  await kizuna.serveGmail({ user: ME, threads: SAMPLE_THREADS });
  const a = SAMPLE_THREADS[0];
  const email = PEOPLE.dana.email.toLowerCase();
  const cdp = await kizuna.context.browser()!.newBrowserCDPSession();
  for (let run = 0; run < RUNS; run++) {
    const page = await kizuna.openGmailPage(`#inbox/${a.id}`);
    const events: TraceEvent[] = [];
    const collect = ({ value }: { value: object[] }) => void events.push(...(value as unknown as TraceEvent[]));
    cdp.on('Tracing.dataCollected', collect);
    const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
    if (TRACE)
      await cdp.send('Tracing.start', {
        transferMode: 'ReportEvents',
        traceConfig: {
          includedCategories: [
            'devtools.timeline',
            'disabled-by-default-devtools.timeline',
            'v8.execute',
            'v8',
            'disabled-by-default-v8.compile',
            'blink.user_timing',
            'loading',
            'navigation',
            'toplevel',
            'extensions',
            'browser',
          ],
        },
      });
    const { start, click, panel, close } = await openPanelByClick(kizuna, userDataDir, page, ASLEEP);
    const at = await painted(panel, email, start);
    const origin = await panel.evaluate(() => performance.timeOrigin);
    const timings = await panel.evaluate(() => [
      ...performance
        .getEntriesByType('resource')
        .map((r) => `${r.startTime.toFixed(0).padStart(5)} → ${(r as PerformanceResourceTiming).responseEnd.toFixed(0).padStart(5)} ${r.name.replace(/^.*\/\/[a-z]+/, '')}`),
      ...performance.getEntriesByType('mark').map((m) => `${m.startTime.toFixed(0).padStart(5)}         ${m.name}`),
    ]);
    await close();
    console.log(`\nrun ${run}: click call → click event ${(click - start).toFixed(0)} ms → page start ${(origin - click).toFixed(0)} ms, page start → painted ${(at - origin).toFixed(0)} ms`);
    console.log(timings.sort().join('\n'));
    if (!TRACE) {
      await page.close();
      continue;
    }
    await cdp.send('Tracing.end');
    await done;
    cdp.off('Tracing.dataCollected', collect);
    writeFileSync(`/tmp/kizuna-first-open-trace-${run}.json`, JSON.stringify({ traceEvents: events }));
    const first = events.find((e) => e.name === 'kizuna:first-module');
    if (!first) throw new Error('no first-module mark in the trace');
    const nav = events.filter((e) => e.pid === first.pid && e.name === 'navigationStart').pop() ?? first;
    const t0 = nav.ts;
    const rel = (ts: number) => ((ts - t0) / 1000).toFixed(1);
    const main = events.filter((e) => e.pid === first.pid && e.tid === first.tid && e.ts >= t0 - 50_000 && e.ts <= t0 + (at - origin + 20) * 1000);
    for (const e of main.sort((x, y) => x.ts - y.ts)) {
      const url = String(e.args?.data?.url ?? e.args?.fileName ?? e.args?.data?.scriptName ?? e.args?.data?.functionName ?? '').replace(/^chrome-extension:\/\/[a-z]+/, '');
      if ((e.dur ?? 0) >= 3000 || e.cat.includes('user_timing') || /ResourceSendRequest|ResourceFinish/.test(e.name))
        console.log(`${rel(e.ts).padStart(7)} ${((e.dur ?? 0) / 1000).toFixed(1).padStart(6)} ${e.name} ${url}`);
    }
  }
} finally {
  await kizuna.close();
}
