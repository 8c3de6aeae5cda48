// Foundation benchmarks in headless Chromium with the built extension and a large database:
// thread switch → profile painted, cold first open → profile painted, the content script's
// main-thread work per navigation and its size. Each next to a baseline from the same run.
import { execSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { sendToBackground } from '../test/support/background-messages';
import { EXTENSION_DIR, launchKizuna, type Kizuna } from '../test/support/launch';
import { ME, PEOPLE, SAMPLE_THREADS } from '../test/support/sample-threads';
import { clearDailyRescore, median } from './_measure';
import { seedLargeDb } from './_seed-large';
import { measurePacedSwitches, measureSwitches, painted as paintedAt, switchBreakdown, switchTo } from './_sidebar-switch';
import { measureTagAdds } from './_sidebar-tag';

// BENCH_SCALE=0.1 for a quick run while developing; the goals are stated for the full size.
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const CONTACTS = Math.round(50_000 * SCALE);
const HISTORY = Math.round(500_000 * SCALE);
const RUNS = 15;
// The paced switches (set by Gmail's page itself, no DevTools message in flight): how many, and how far apart.
const PACED_RUNS = 30;
const PACES = [300, 100] as const;

async function scriptMsPerNavigation(page: Page, ids: string[]): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const script = async () => ((await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ScriptDuration')?.value ?? 0) * 1000;
  const before = await script();
  for (let i = 0; i < RUNS * 2; i++) {
    await switchTo(page, ids[i % ids.length]);
    await page.waitForTimeout(60);
  }
  return ((await script()) - before) / (RUNS * 2);
}

// The panel's own marks of a first open, as ms since the panel page started (its navigation start).
// The first profile-painted is the first module's paint (entrypoints/sidebar/first-paint.ts) when the contact is stored;
// takeover is when the app replaced it (hand-over.ts).
const OPEN_MARKS = ['kizuna:first-module', 'kizuna:profile-painted', 'kizuna:mount', 'kizuna:snapshot', 'kizuna:read-start', 'kizuna:read-end', 'kizuna:takeover'] as const;

async function openMarks(sidebar: Page, email: string): Promise<Record<string, number>> {
  return sidebar.evaluate(
    ({ names, email }) => {
      const first = (name: string) => performance.getEntriesByName(name).find((m) => name !== 'kizuna:profile-painted' || (m as PerformanceMark).detail === email)?.startTime ?? NaN;
      return { timeOrigin: performance.timeOrigin, ...Object.fromEntries(names.map((n) => [n, first(n)])) };
    },
    { names: [...OPEN_MARKS] as string[], email },
  );
}

export default async function run(): Promise<void> {
  // KIZUNA_BENCH_PREBUILT=1 measures the build already in KIZUNA_OUT_DIR (a before/after comparison of two builds).
  if (!process.env.KIZUNA_BENCH_PREBUILT) execSync('npx wxt build', { stdio: 'ignore' });
  const kizuna: Kizuna = await launchKizuna();
  try {
    // The daily risk rescore is measured on its own at the end (otherwise it lands in the middle of the quiet figures).
    await clearDailyRescore(kizuna.worker);
    const seedStart = performance.now();
    await seedLargeDb(kizuna.worker, CONTACTS, HISTORY);
    console.log(`seeded ${CONTACTS} contacts and ${HISTORY} history rows in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
    await kizuna.serveGmail({ user: ME, threads: SAMPLE_THREADS });
    const [a, , , b] = SAMPLE_THREADS;
    const emails = { [a.id]: PEOPLE.dana.email.toLowerCase(), [b.id]: PEOPLE.kim.email };

    // Cold first open: the click on Kizuna's button in Gmail → the side panel's profile painted. Timed from the click
    // event Gmail's page receives (its timeStamp: when the input arrived), the user's wait; Playwright's own steps before
    // it (finding the button, checking it can take a click) are printed apart, as "from the test's call".
    const cold: number[] = [];
    const fromCall: number[] = [];
    const fromPageStart: Record<string, number>[] = [];
    for (let i = 0; i < 7; i++) {
      const page = await kizuna.openGmailPage(`#inbox/${a.id}`);
      await page.evaluate(() => addEventListener('click', (e) => ((self as unknown as { kizunaClick: number }).kizunaClick = performance.timeOrigin + e.timeStamp), { capture: true, once: true }));
      const start = await page.evaluate(() => performance.timeOrigin + performance.now());
      const sidebar = await kizuna.openPanel(page);
      const click = await page.evaluate(() => (self as unknown as { kizunaClick: number }).kizunaClick);
      const at = await paintedAt(sidebar, emails[a.id], start);
      cold.push(at - click);
      fromCall.push(at - start);
      const marks = await openMarks(sidebar, emails[a.id]);
      fromPageStart.push({ ...marks, 'page starts': marks.timeOrigin - click });
      await page.close();
    }
    const openParts = ['page starts', ...OPEN_MARKS].map((n) => `${n.replace('kizuna:', '')} ${median(fromPageStart.map((m) => m[n])).toFixed(0)}`).join(' | ');

    // Thread switch with the sidebar mounted.
    const { page, sidebar } = await kizuna.openGmail(`#inbox/${a.id}`);
    await paintedAt(sidebar, emails[a.id], 0);
    const targets = [b, a].map((t) => ({ id: t.id, email: emails[t.id] }));
    const quietFrom = await sidebar.evaluate(() => performance.timeOrigin + performance.now());
    const switches = await measureSwitches(page, sidebar, targets, RUNS);
    const quietParts = await switchBreakdown(sidebar, quietFrom, switches);
    // The same two threads switched by Gmail's page at a skimming user's pace (j/k), after the driven ones (the page shows
    // b now: RUNS is odd). A second between the kinds, so that each starts on a settled panel.
    const paced: { gap: number; times: number[]; parts: string }[] = [];
    for (const gap of PACES) {
      await page.waitForTimeout(1000);
      const from = await sidebar.evaluate(() => performance.timeOrigin + performance.now());
      const times = await measurePacedSwitches(page, sidebar, [...targets].reverse(), PACED_RUNS, gap);
      paced.push({ gap, times, parts: await switchBreakdown(sidebar, from, times) });
      // Back on b, as the driven switches left it (PACED_RUNS is even).
    }
    const rawGet = await sidebar.evaluate(async (email) => {
      const db = await new Promise<IDBDatabase>((resolve) => {
        const r = indexedDB.open('kizuna');
        r.onsuccess = () => resolve(r.result);
      });
      const times: number[] = [];
      for (let i = 0; i < 15; i++) {
        const t = performance.now();
        await new Promise((resolve) => (db.transaction('contacts').objectStore('contacts').index('email').get(email).onsuccess = resolve));
        times.push(performance.now() - t);
      }
      db.close();
      return times.sort((x, y) => x - y)[7];
    }, emails[a.id]);
    console.log(
      `thread switch → profile painted: median ${median(switches).toFixed(1)} ms | baseline one raw IndexedDB get by key: ${rawGet.toFixed(2)} ms | ratio ${(median(switches) / rawGet).toFixed(1)} | goal median ≤ 30 ms, p95 ≤ 60 ms | p95 ${[...switches].sort((x, y) => x - y)[Math.ceil(switches.length * 0.95) - 1].toFixed(1)} ms`,
    );
    console.log(`  where the quiet switch goes: ${quietParts}`);
    const p95 = (xs: readonly number[]) => [...xs].sort((x, y) => x - y)[Math.ceil(xs.length * 0.95) - 1];
    for (const { gap, times, parts } of paced) {
      console.log(
        `thread switch set by Gmail's page every ${gap} ms (${times.length} switches, no DevTools message in flight) → profile painted: median ${median(times).toFixed(1)} ms, p95 ${p95(times).toFixed(1)} ms | baseline raw get ${rawGet.toFixed(2)} ms | goal median ≤ 30 ms, p95 ≤ 60 ms | ${times.filter((t) => t === Infinity).length} not painted before the next`,
      );
      console.log(`  where they go: ${parts}`);
    }
    console.log(
      `first open of the side panel, Gmail's click event → profile painted: median ${median(cold).toFixed(1)} ms | baseline raw get ${rawGet.toFixed(2)} ms | goal ≤ 300 ms | from the test's click call ${median(fromCall).toFixed(1)} ms`,
    );
    console.log(`  from the panel page's start → profile painted: median ${median(fromPageStart.map((m) => m['kizuna:profile-painted'])).toFixed(1)} ms`);
    console.log(`  where the first open goes (medians, ms; the click → the page starts, then each mark since the page started): ${openParts}`);
    // The median is of opens 2–7 mostly: the panel runs in the worker's process, which stays up between samples and
    // keeps what the first open warmed (the i18n catalogue, V8's compiled code). Sample 1 is the browser's first.
    const firstParts = ['page starts', ...OPEN_MARKS].map((n) => `${n.replace('kizuna:', '')} ${fromPageStart[0][n].toFixed(0)}`).join(' | ');
    console.log(`  the browser's first open alone (sample 1): ${cold[0].toFixed(1)} ms | ${firstParts}`);
    // Issue 17: a tag added in the panel shows at once (one paint), the write follows.
    const tagAdds = await measureTagAdds(
      sidebar,
      Array.from({ length: 7 }, (_, i) => `Bench tag ${i}`),
    );
    console.log(
      `tag add → chip painted: median ${median(tagAdds.painted).toFixed(1)} ms | baseline raw get ${rawGet.toFixed(2)} ms | → stored tag's chip: median ${median(tagAdds.stored).toFixed(1)} ms (${tagAdds.stored.map((x) => x.toFixed(0)).join(' ')}) | goal one write and one paint`,
    );
    const kizunaScript = await scriptMsPerNavigation(page, [a.id, b.id]);
    // BENCH_SIDEBAR_QUICK=1: only the quiet switch and the first open (a quick before/after while developing).
    if (process.env.BENCH_SIDEBAR_QUICK) return console.log(`page script per thread navigation (Kizuna's content script and the fixture's): ${kizunaScript.toFixed(2)} ms`);
    // The same switches while the background rescores every contact (the daily run, or after a settings change).
    void sendToBackground(kizuna, { type: 'kizuna:risk-recompute' }).catch(() => undefined);
    // Start from thread a, as the quiet run did (the script measurement may have left b open).
    const back = await switchTo(page, a.id);
    await paintedAt(sidebar, emails[a.id], back).catch(() => undefined);
    await page.waitForTimeout(500);
    const busySwitches = await measureSwitches(page, sidebar, targets, RUNS);

    console.log(`busy switches: ${busySwitches.map((x) => x.toFixed(0)).join(' ')}`);
    console.log(
      `thread switch while the background rescores everyone: median ${median(busySwitches).toFixed(1)} ms | baseline the quiet switch above ${median(switches).toFixed(1)} ms | ratio ${(median(busySwitches) / median(switches)).toFixed(2)} | goal ≤ 1.2`,
    );
    await kizuna.close();

    // Baseline: the same navigations with an extension whose content script is empty.
    const emptyDir = mkdtempSync(join(tmpdir(), 'kizuna-empty-ext-'));
    writeFileSync(
      join(emptyDir, 'manifest.json'),
      JSON.stringify({ manifest_version: 3, name: 'empty', version: '1.0', content_scripts: [{ matches: ['https://mail.google.com/*'], js: ['empty.js'] }], background: { service_worker: 'sw.js' } }),
    );
    writeFileSync(join(emptyDir, 'empty.js'), '');
    writeFileSync(join(emptyDir, 'sw.js'), '');
    const empty = await launchKizuna({ extensionDir: emptyDir });
    await empty.serveGmail({ user: ME, threads: SAMPLE_THREADS });
    const emptyPage = await empty.context.newPage();
    await emptyPage.goto(`https://mail.google.com/mail/u/0/#inbox/${a.id}`);
    const emptyScript = await scriptMsPerNavigation(emptyPage, [a.id, b.id]);
    await empty.close();
    console.log(
      `content script main-thread work per thread navigation: ${(kizunaScript - emptyScript).toFixed(2)} ms (page script total ${kizunaScript.toFixed(2)} ms | baseline empty content script ${emptyScript.toFixed(2)} ms) | goal ≤ 5 ms`,
    );
  } finally {
    await kizuna.close().catch(() => {});
  }
  const content = readFileSync(join(EXTENSION_DIR, 'content-scripts/gmail.js'));
  console.log(
    `content script: ${(content.length / 1000).toFixed(1)} kB minified, ${(gzipSync(content).length / 1000).toFixed(1)} kB gzipped | baseline empty content script 0 kB | goal ≤ 30 kB minified`,
  );
  for (const file of ['background.js']) console.log(`${file}: ${(statSync(join(EXTENSION_DIR, file)).size / 1000).toFixed(1)} kB`);
}
