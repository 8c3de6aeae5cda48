// Before/after of the side panel's first open (issue 13) on a loaded machine: two builds, alternated, each sample in
// a fresh browser (the first open after the browser starts), then a second open in the same browser.
// Run: KIZUNA_AB="dirA dirB" npx tsx bench/_first-open-ab.ts [pairs]   (each dir holds a built chrome-mv3)
import { execSync } from 'node:child_process';
import { launchKizuna } from '../test/support/launch';
import { ME, PEOPLE, SAMPLE_THREADS } from '../test/support/sample-threads';
import { median } from './_measure';
import { seedLargeDb } from './_seed-large';
import { painted } from './_sidebar-switch';

const dirs = (process.env.KIZUNA_AB ?? '').split(' ').filter(Boolean);
if (dirs.length !== 2) throw new Error('KIZUNA_AB="dirA dirB"');
const PAIRS = Number(process.argv[2] ?? 5);
const STAGES = ['page start', 'kizuna:first-module', 'kizuna:profile-painted', 'kizuna:mount', 'kizuna:snapshot', 'kizuna:read-end', 'kizuna:takeover'] as const;
type Sample = Record<string, number>;
const results: Record<string, { first: Sample[]; second: Sample[] }> = Object.fromEntries(dirs.map((d) => [d, { first: [], second: [] }]));

async function sample(dir: string): Promise<void> {
  const kizuna = await launchKizuna({ extensionDir: dir });
  try {
    await seedLargeDb(kizuna.worker, 500, 5000);
    await kizuna.serveGmail({ user: ME, threads: SAMPLE_THREADS });
    const email = PEOPLE.dana.email.toLowerCase();
    for (const which of ['first', 'second'] as const) {
      const page = await kizuna.openGmailPage(`#inbox/${SAMPLE_THREADS[0].id}`);
      const start = await page.evaluate(() => performance.timeOrigin + performance.now());
      const panel = await kizuna.openPanel(page);
      const at = await painted(panel, email, start);
      const marks = await panel.evaluate((names) => ({ origin: performance.timeOrigin, ...Object.fromEntries(names.map((n) => [n, performance.getEntriesByName(n)[0]?.startTime ?? NaN])) }), [
        ...STAGES.slice(1),
      ] as string[]);
      const pageStart = marks.origin - start;
      results[dir][which].push({ ...Object.fromEntries(STAGES.slice(1).map((n) => [n, pageStart + (marks as Record<string, number>)[n]])), 'page start': pageStart, total: at - start });
      await page.close();
    }
  } finally {
    await kizuna.close();
  }
}

for (let i = 0; i < PAIRS; i++) for (const dir of i % 2 ? [...dirs].reverse() : dirs) await sample(dir);
console.log(`load average: ${execSync('uptime').toString().trim()}`);
for (const which of ['first', 'second'] as const) {
  console.log(`\n${which} open in the browser (medians of ${PAIRS}, ms after the click):`);
  for (const dir of dirs) {
    const rows = results[dir][which];
    console.log(`  ${dir.padEnd(40)} ${[...STAGES, 'total'].map((s) => `${s.replace('kizuna:', '')} ${median(rows.map((r) => r[s])).toFixed(0)}`).join(' | ')}`);
  }
}
