// Development aid (issue 13): what each of a panel's first thread switches does that later ones do not, counted, not
// timed: the panel's functions that ran (precise coverage, call counts) and those that ran for the first time in the
// page, chunks loaded, and the switch's time. "To the paint" ends when this script has seen the paint mark (a few ms
// later on a quiet machine; much later under load, so it then takes in work after the paint). Switches GAP_MS apart.
// `DIRS=.output-base,.output npx tsx bench/_first-switches.ts` (VERBOSE=1: the first-time functions; DIFF=1: what the
// second switch ran that the last did not).
import { resolve } from 'node:path';
import { launchKizuna } from '../test/support/launch';
import { ME, PEOPLE, SAMPLE_THREADS } from '../test/support/sample-threads';
import { clearDailyRescore } from './_measure';
import { painted, switchTo } from './_sidebar-switch';
import { seedLargeDb } from './_seed-large';

const dirs = (process.env.DIRS ?? '.output').split(',');
const GAP = Number(process.env.GAP_MS ?? 1000);
const [a, , , b] = SAMPLE_THREADS;
const emails: Record<string, string> = { [a.id]: PEOPLE.dana.email.toLowerCase(), [b.id]: PEOPLE.kim.email };
for (const dir of dirs) {
  const k = await launchKizuna({ extensionDir: resolve(dir, 'chrome-mv3') });
  try {
    await clearDailyRescore(k.worker);
    await seedLargeDb(k.worker, Number(process.env.CONTACTS ?? 500), 5000);
    await k.serveGmail({ user: ME, threads: SAMPLE_THREADS });
    const { page, sidebar } = await k.openGmail(`#inbox/${a.id}`);
    await painted(sidebar, emails[a.id], 0);
    await page.waitForTimeout(Number(process.env.SETTLE_MS ?? 2000));
    const cdp = await sidebar.context().newCDPSession(sidebar);
    await cdp.send('Profiler.enable');
    const seen = new Set<string>();
    // What ran before (the open): best-effort coverage reads the invocation counts V8 keeps anyway.
    const keyOf = (url: string, f: { functionName: string; ranges: { startOffset: number }[] }) => `${url.replace(/^chrome-extension:\/\/[a-z]+/, '')}:${f.functionName}:${f.ranges[0].startOffset}`;
    for (const s of (await cdp.send('Profiler.getBestEffortCoverage')).result)
      if (s.url.startsWith('chrome-extension://')) for (const f of s.functions) if (f.ranges[0]?.count) seen.add(keyOf(s.url, f));
    const before0 = seen.size;
    await cdp.send('Profiler.startPreciseCoverage', { callCount: true, detailed: false });
    const take = async () => {
      const { result } = await cdp.send('Profiler.takePreciseCoverage');
      const fresh: string[] = [];
      const names: string[] = [];
      let ran = 0;
      for (const s of result) {
        if (!s.url.startsWith('chrome-extension://')) continue;
        for (const f of s.functions) {
          if (!f.ranges[0] || f.ranges[0].count === 0) continue;
          ran++;
          const key = keyOf(s.url, f);
          names.push(key);
          if (!seen.has(key)) (seen.add(key), fresh.push(key));
        }
      }
      return { ran, fresh, names };
    };
    const first = await take();
    console.log(`${dir}: ${before0} functions had run by the paint's settle; ${first.fresh.length} more between`);
    const resources = () => sidebar.evaluate(() => performance.getEntriesByType('resource').map((r) => r.name.replace(/^chrome-extension:\/\/[a-z]+/, '')));
    let before = await resources();
    const ranBy: string[][] = [];
    for (let i = 0; i < Number(process.env.SWITCHES ?? 8); i++) {
      const t = i % 2 === 0 ? b : a;
      const t0 = await switchTo(page, t.id);
      const ms = (await painted(sidebar, emails[t.id], t0)) - t0;
      const { ran, fresh, names } = await take(); // up to the paint
      ranBy.push(names);
      await page.waitForTimeout(GAP);
      const after = await take(); // after the paint
      const now = await resources();
      const chunks = now.slice(before.length);
      before = now;
      const files = (xs: string[]) => [...new Set(xs.map((x) => x.split(':')[0].replace(/^\/(chunks|content-scripts)\//, '')))].join(' ');
      console.log(
        `${dir} #${i} → ${t.id}: ${ms.toFixed(1)} ms | to the paint: ${ran} functions ran, ${fresh.length} for the first time (${files(fresh)}) | after it: ${after.ran} ran, ${after.fresh.length} first (${files(after.fresh)}) | chunks loaded: ${chunks.join(' ') || 'none'}`,
      );
      if (process.env.VERBOSE) console.log('   ' + fresh.join('\n   '));
    }
    // DIFF=1: what the second switch ran before its paint that the last did not.
    if (process.env.DIFF) {
      const last = new Set(ranBy[ranBy.length - 1]);
      console.log(ranBy[1].filter((x) => !last.has(x)).join('\n'));
    }
  } finally {
    await k.close();
  }
}
