// A paired before/after of the contacts page open for a loaded machine: two development builds (DIRS, default
// .output-dev-before,.output-dev: build the old commit with KIZUNA_DEV_OUT_DIR=.output-dev-before npm run build:dev),
// one browser each, both seeded like bench/workspace-db.ts, reloads alternated between them (RUNS, default 7), and
// the medians of shell, first rows and full list (page clock), also relative to each load's own shell:
//   N=10000 npx tsx bench/_ab-contacts-page.ts
// Not a benchmark of record (npm run bench skips files starting with _): the same minute's load falls on both sides.
import { launchKizuna } from '../test/support/launch';
import { clearDailyRescore, median } from './_measure';
import { paintedAt } from './_painted';
import { seed } from './workspace-db';
import { resolve } from 'node:path';
const N = Number(process.env.N ?? 10000);
const RUNS = Number(process.env.RUNS ?? 7);
const dirs = (process.env.DIRS ?? '.output-dev-before,.output-dev').split(',');
const sides: { d: string; k: Awaited<ReturnType<typeof launchKizuna>>; page: import('playwright-core').Page; shell: number[]; first: number[]; full: number[] }[] = [];
for (const d of dirs) {
  const k = await launchKizuna({ extensionDir: resolve(d, 'chrome-mv3') });
  await clearDailyRescore(k.worker);
  const page = await k.context.newPage();
  await page.goto(`chrome-extension://${k.extensionId}/app.html?bench#/contacts`);
  await page.locator('[data-testid="result-count"], [data-testid="first-run"]').first().waitFor();
  await seed(page, N);
  sides.push({ d, k, page, shell: [] as number[], first: [] as number[], full: [] as number[] });
}
try {
  for (let r = 0; r < RUNS; r++)
    for (const s of sides) {
      const page = s.page;
      await page.reload({ waitUntil: 'commit' });
      const painted = (sel: string) =>
        page.waitForFunction((x) => (document.querySelector(x) ? performance.now() : null), sel, { polling: 'raf', timeout: 120_000 }).then((h) => h.jsonValue() as Promise<number>);
      const { shell, first } = await paintedAt(page, { shell: 'nav a[href="#/contacts"]', first: '.ws-scroll [role="row"][data-index="0"]' });
      s.shell.push(shell);
      s.first.push(first);
      s.full.push(await painted(`[data-testid="result-count"][data-count="${N}"][data-complete="true"]`));
    }
  for (const s of sides)
    console.log(
      `${s.d}: shell ${median(s.shell).toFixed(0)} first ${median(s.first).toFixed(0)} (first-shell ${median(s.first.map((f, i) => f - s.shell[i])).toFixed(0)}) full ${median(s.full).toFixed(0)} (full-shell ${median(s.full.map((f, i) => f - s.shell[i])).toFixed(0)}) ms, medians of ${RUNS}`,
    );
} finally {
  for (const s of sides) await s.k.close();
}
