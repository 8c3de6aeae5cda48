// The floor of the side panel's first open (issue 13): the same click on Kizuna's button in Gmail opens, alternately,
// the real side panel and an empty page of the same extension (the development build's dev-floor.html, set for the tab
// through the worker's `kizunaFloorPanel`: docs/dev-hooks.md). Both are timed from Gmail's click event: the page's
// start, its first module, its next frame (the empty page) or the profile's paint (the panel).
// Run: npm run build:dev && npx tsx bench/_first-open-floor.ts [pairs]   (KIZUNA_WORKER=asleep: the worker stopped first)
// KIZUNA_FLOOR_SEED="contacts history": the database's size (500 and 5,000 unless set; npm run bench -- sidebar seeds 50,000 and 500,000).
import { execSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEV_EXTENSION_DIR, launchKizuna } from '../test/support/launch';
import { openPanelByClick } from '../test/support/panel-open';
import { ME, PEOPLE, SAMPLE_THREADS } from '../test/support/sample-threads';
import { clearDailyRescore, median } from './_measure';
import { seedLargeDb } from './_seed-large';

const PAIRS = Number(process.argv[2] ?? 7);
const ASLEEP = process.env.KIZUNA_WORKER === 'asleep';
const [CONTACTS, HISTORY] = (process.env.KIZUNA_FLOOR_SEED ?? '500 5000').split(' ').map(Number);
const KINDS = { panel: { file: 'sidepanel.html', paint: 'kizuna:profile-painted' }, floor: { file: 'dev-floor.html', paint: 'kizuna:floor-painted' } } as const;
type Kind = keyof typeof KINDS;
const STAGES = ['page start', 'first module', 'painted'] as const;
const rows: Record<Kind, Record<(typeof STAGES)[number], number>[]> = { panel: [], floor: [] };

const userDataDir = mkdtempSync(join(tmpdir(), 'kizuna-floor-'));
const kizuna = await launchKizuna({ extensionDir: DEV_EXTENSION_DIR, userDataDir });
try {
  // As bench/sidebar.ts: the daily rescore (due a minute after the worker starts) would run in the middle of the opens.
  await clearDailyRescore(kizuna.worker);
  await seedLargeDb(kizuna.worker, CONTACTS, HISTORY);
  await kizuna.serveGmail({ user: ME, threads: SAMPLE_THREADS });
  const email = PEOPLE.dana.email.toLowerCase();
  for (let i = 0; i < PAIRS * 2; i++) {
    // Alternated, and each kind goes first in every other pair.
    const kind: Kind = (i % 2 === 0) === (Math.floor(i / 2) % 2 === 0) ? 'panel' : 'floor';
    await kizuna.worker.evaluate((on) => void ((globalThis as { kizunaFloorPanel?: boolean }).kizunaFloorPanel = on), kind === 'floor');
    const page = await kizuna.openGmailPage(`#inbox/${SAMPLE_THREADS[0].id}`);
    const { click, panel, close } = await openPanelByClick(kizuna, userDataDir, page, ASLEEP, KINDS[kind].file);
    const marks = await panel.evaluate(
      ({ paint, email }) =>
        new Promise<{ origin: number; module: number; painted: number }>((resolve, reject) => {
          const started = Date.now();
          const poll = () => {
            const mark = performance.getEntriesByName(paint).find((m) => paint !== 'kizuna:profile-painted' || (m as PerformanceMark).detail === email);
            if (mark) resolve({ origin: performance.timeOrigin, module: performance.getEntriesByName('kizuna:first-module')[0]?.startTime ?? NaN, painted: mark.startTime });
            else if (Date.now() - started > 60_000) reject(new Error(`no ${paint}`));
            else setTimeout(poll, 5);
          };
          poll();
        }),
      { paint: KINDS[kind].paint, email },
    );
    const start = marks.origin - click;
    rows[kind].push({ 'page start': start, 'first module': start + marks.module, painted: start + marks.painted });
    await close();
    await page.close();
  }
  console.log(`${CONTACTS} contacts, ${HISTORY} history rows${ASLEEP ? ', worker stopped before each click' : ''}`);
  console.log(`load average: ${execSync('uptime').toString().trim()}`);
  console.log(`ms after Gmail's click event (medians of ${PAIRS}; every sample in brackets):`);
  for (const kind of ['floor', 'panel'] as const)
    console.log(`  ${kind.padEnd(6)} ${STAGES.map((s) => `${s} ${median(rows[kind].map((r) => r[s])).toFixed(0)} [${rows[kind].map((r) => r[s].toFixed(0)).join(' ')}]`).join(' | ')}`);
} finally {
  await kizuna.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
