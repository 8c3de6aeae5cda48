// Before/after of the side panel's first open (issue 13) on a loaded machine: two builds, alternated, each sample in
// a fresh browser (the first open after the browser starts), then a second open in the same browser.
// Run: KIZUNA_AB="dirA dirB" npx tsx bench/_first-open-ab.ts [pairs]   (each dir holds a built chrome-mv3)
// KIZUNA_WORKER=asleep: the extension's service worker is stopped before each click, as after 30 s without events
// (a user who reads Gmail a while before opening Kizuna): the click's message starts it again.
// Stages are ms after the test's click call; "click event" is when Gmail's page got the click (Playwright's own
// steps before it, finding the button and checking it can take a click, are no part of the user's wait), and
// "from click" is the paint measured from there.
import { execSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchKizuna } from '../test/support/launch';
import { ME, PEOPLE, SAMPLE_THREADS } from '../test/support/sample-threads';
import { median } from './_measure';
import { openPanelByClick } from '../test/support/panel-open';
import { seedLargeDb } from './_seed-large';
import { painted } from './_sidebar-switch';

const dirs = (process.env.KIZUNA_AB ?? '').split(' ').filter(Boolean);
if (dirs.length !== 2) throw new Error('KIZUNA_AB="dirA dirB"');
const PAIRS = Number(process.argv[2] ?? 5);
const ASLEEP = process.env.KIZUNA_WORKER === 'asleep';
const STAGES = ['click event', 'page start', 'kizuna:first-module', 'kizuna:profile-painted', 'kizuna:mount', 'kizuna:snapshot', 'kizuna:read-end', 'kizuna:takeover'] as const;
const MARKS = STAGES.slice(2) as readonly string[];
type Sample = Record<string, number>;
const results: Record<string, { first: Sample[]; second: Sample[] }> = Object.fromEntries(dirs.map((d) => [d, { first: [], second: [] }]));

async function sample(dir: string): Promise<void> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'kizuna-ab-'));
  const kizuna = await launchKizuna({ extensionDir: dir, userDataDir });
  try {
    await seedLargeDb(kizuna.worker, 500, 5000);
    await kizuna.serveGmail({ user: ME, threads: SAMPLE_THREADS });
    const email = PEOPLE.dana.email.toLowerCase();
    for (const which of ['first', 'second'] as const) {
      const page = await kizuna.openGmailPage(`#inbox/${SAMPLE_THREADS[0].id}`);
      const { start, click, panel, close } = await openPanelByClick(kizuna, userDataDir, page, ASLEEP);
      const at = await painted(panel, email, start);
      const marks = await panel.evaluate(
        (names) => ({ origin: performance.timeOrigin, ...Object.fromEntries(names.map((n) => [n, performance.getEntriesByName(n)[0]?.startTime ?? NaN])) }),
        [...MARKS],
      );
      const pageStart = marks.origin - start;
      results[dir][which].push({
        ...Object.fromEntries(MARKS.map((n) => [n, pageStart + (marks as Record<string, number>)[n]])),
        'click event': click - start,
        'page start': pageStart,
        total: at - start,
        'from click': at - click,
      });
      await close();
      await page.close();
    }
  } finally {
    await kizuna.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

for (let i = 0; i < PAIRS; i++) for (const dir of i % 2 ? [...dirs].reverse() : dirs) await sample(dir);
console.log(`load average: ${execSync('uptime').toString().trim()}${ASLEEP ? ' | worker stopped before each click' : ''}`);
for (const which of ['first', 'second'] as const) {
  console.log(`\n${which} open in the browser (medians of ${PAIRS}, ms after the click call):`);
  for (const dir of dirs) {
    const rows = results[dir][which];
    console.log(`  ${dir.padEnd(40)} ${[...STAGES, 'total', 'from click'].map((s) => `${s.replace('kizuna:', '')} ${median(rows.map((r) => r[s])).toFixed(0)}`).join(' | ')}`);
  }
}
