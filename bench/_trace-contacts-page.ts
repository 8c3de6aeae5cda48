// Where the contacts page's open goes, stage by stage, for one development build (DIR, default .output-dev): seeded
// like bench/workspace-db.ts with N contacts (default 10,000), reloaded RUNS times (default 5); prints the medians of
// the chunks' load (resource timing: the last chunk fetched before the first row), the shell, the first row, the full
// list, and the JS heap after the full list (CDP, after a forced GC). Scratch, not a benchmark of record:
//   DIR=.output-dev N=10000 npx tsx bench/_trace-contacts-page.ts
import { resolve } from 'node:path';
import { launchKizuna } from '../test/support/launch';
import { clearDailyRescore, median } from './_measure';
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
    await page.reload({ waitUntil: 'commit' });
    const painted = (sel: string) =>
      page.waitForFunction((x) => (document.querySelector(x) ? performance.now() : null), sel, { polling: 'raf', timeout: 120_000 }).then((h) => h.jsonValue() as Promise<number>);
    const shell = await painted('nav a[href="#/contacts"]');
    const first = await painted('#contacts-rows [role="row"][data-index="0"]');
    const full = await painted(`[data-testid="result-count"][data-count="${N}"][data-complete="true"]`);
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
