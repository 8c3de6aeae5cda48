// Importing 100,000 CSV rows through the real import page (built extension, headless Chromium):
// file picked with setInputFiles, "Check" (parse + validate + dry run in the Web Worker), then
// "Import" (one Dexie transaction), timed to the summary. Baselines from the same run and browser:
// papaparse alone on the same text (in a plain page), and a raw IndexedDB put of as many
// contact-shaped rows in one transaction into a store shaped like the app's (unique email index
// only), in the extension's origin, a scratch database: the floor for any import that stores one row
// per contact. The import stores its new contacts packed (lib/contacts/staging.ts), so it is not
// bound by that floor; the background then files them into ordinary rows, timed here as well. The
// import also writes the file's notes (one activity row each, 10,000 here), its companies and tag
// membership.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { readPhases } from '../lib/csv/import-phases';
import { launchKizuna } from '../test/support/launch';
import { ME, PEOPLE, SAMPLE_THREADS } from '../test/support/sample-threads';
import { clearDailyRescore, median, report } from './_measure';
import { measureSwitches, painted, switchBreakdown } from './_sidebar-switch';

const ROWS = Math.round(100_000 * Number(process.env.BENCH_SCALE ?? 1));
/** How long the simulated user reads a thread between two switches during the filing (BENCH_READ_MS; lib/db/stage-background.ts waits for FILING_QUIET_MS of it). */
const READ_MS = Number(process.env.BENCH_READ_MS ?? 2000);
const STAGES = ['lead', 'customer', 'at-risk', 'churned', 'advocate'];
const OWNERS = ['alex', 'mia', 'sato', '佐藤', ''];

/** The people of two sample Gmail threads are among the imported rows (the sidebar looks them up during the filing). */
const THREAD_PEOPLE = [PEOPLE.dana.email.toLowerCase(), PEOPLE.kim.email.toLowerCase()];

function makeCsv(rows: number): string {
  const lines = ['Email,First Name,Last Name,Company,Stage,Owner,Tags,Notes,Plan,Annual Revenue'];
  for (let i = 0; i < rows; i++) {
    const note = i % 10 === 0 ? `"Called on ${1 + (i % 28)} May, asked about ""renewal"""` : '';
    lines.push(
      `${THREAD_PEOPLE[i] ?? `person${i}@company${i % 2000}.example`},Given${i},Family${i % 997},Company ${i % 2000},${STAGES[i % 5]},${OWNERS[i % 5]},"vip; t${i % 40}",${note},${['Free', 'Pro', 'Team'][i % 3]},${(i % 500) * 1000}`,
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

async function longestTaskDuring(page: Page, run: () => Promise<void>): Promise<number> {
  await page.evaluate(() => {
    const w = window as unknown as { __longest: number };
    w.__longest = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longest = Math.max(w.__longest, e.duration);
    }).observe({ type: 'longtask' });
  });
  await run();
  return page.evaluate(() => (window as unknown as { __longest: number }).__longest);
}

export default async function benchWorkspaceImport(): Promise<void> {
  const csv = makeCsv(ROWS);
  const kizuna = await launchKizuna();
  try {
    // The daily risk rescore must not run during the filing.
    await clearDailyRescore(kizuna.worker);
    await kizuna.serveGmail({ user: ME, threads: SAMPLE_THREADS });
    const page = await kizuna.context.newPage();
    await page.goto(`chrome-extension://${kizuna.extensionId}/app.html#/import`);
    await page.getByLabel('CSV file').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('wi-detected').waitFor();
    let checkMs = 0;
    let writeMs = 0;
    const longest = await longestTaskDuring(page, async () => {
      let start = performance.now();
      await page.getByRole('button', { name: 'Check the file (dry run)' }).click();
      await page.getByTestId('wi-counts').waitFor({ timeout: 120_000 });
      checkMs = performance.now() - start;
      const counted = await page.getByTestId('wi-count-new').locator('strong').textContent();
      if (counted?.replace(/\D/g, '') !== String(ROWS)) throw new Error(`dry run counted ${counted} new, expected ${ROWS}`);
      start = performance.now();
      await page.getByRole('button', { name: /^Import .* contacts$/ }).click();
      await page.getByTestId('wi-summary').waitFor({ timeout: 120_000 });
      writeMs = performance.now() - start;
    });
    // Where check and write spent their time (lib/csv/import-phases.ts: the worker's parts, replayed on the page's clock).
    const phases = readPhases(await page.evaluate(() => performance.getEntriesByType('measure').map(({ name, startTime, duration }) => ({ name, startTime, duration }))));
    console.log(`  parts: ${phases.map((p) => `${p.phase} ${p.ms.toFixed(0)} ms${p.count > 1 ? ` (×${p.count})` : ''}`).join('; ')}`);
    // Every contact is there at once: ordinary rows plus staged ones (lib/contacts/staging.ts),
    // which the background then files into ordinary rows; timed too.
    const storedNow = () =>
      page.evaluate(
        () =>
          new Promise<{ rows: number; staged: number }>((resolve, reject) => {
            const open = indexedDB.open('kizuna');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const tx = open.result.transaction(['contacts', 'contactStage']);
              const rows = tx.objectStore('contacts').count();
              const staged = tx.objectStore('contactStage').getAll();
              tx.oncomplete = () => {
                open.result.close();
                resolve({ rows: rows.result, staged: (staged.result as { rows: unknown[] }[]).reduce((n, b) => n + b.rows.length, 0) });
              };
            };
          }),
      );
    const atSummary = await storedNow();
    if (atSummary.rows + atSummary.staged !== ROWS) throw new Error(`stored ${atSummary.rows} + ${atSummary.staged} staged contacts, expected ${ROWS}`);
    // The filing, timed in the page from the summary: staged contacts counted every 100 ms.
    await page.evaluate(() => {
      const w = window as unknown as { __filed: Promise<number> };
      const start = performance.now();
      w.__filed = new Promise((resolve) => {
        const poll = () => {
          const open = indexedDB.open('kizuna');
          open.onsuccess = () => {
            const count = open.result.transaction('contactStage').objectStore('contactStage').count();
            count.onsuccess = () => {
              open.result.close();
              if (count.result === 0) resolve(performance.now() - start);
              else setTimeout(poll, 100);
            };
          };
        };
        poll();
      });
    });
    // Gmail's sidebar while the contacts are being filed: thread switches between two imported people,
    // each shown once first (a contact's first view also scores it and records the thread).
    const gmail = await kizuna.openGmail(`#inbox/${SAMPLE_THREADS[0].id}`);
    await painted(gmail.sidebar, THREAD_PEOPLE[0], 0);
    const [a, , , b] = SAMPLE_THREADS;
    const targets = [
      { id: b.id, email: THREAD_PEOPLE[1] },
      { id: a.id, email: THREAD_PEOPLE[0] },
    ];
    // An even number of switches, so each series ends on thread a, where the next one starts from.
    await measureSwitches(gmail.page, gmail.sidebar, targets, 2);
    // A user reading mail: two thread switches every READ_MS (two seconds) while the filing runs (which steps
    // aside after each, lib/db/stage-background.ts), for up to a minute.
    const duringFiling: number[] = [];
    const filingSince = Date.now();
    const readingUntil = performance.now() + 60_000;
    while (performance.now() < readingUntil && (await storedNow()).staged > 0) {
      duringFiling.push(...(await measureSwitches(gmail.page, gmail.sidebar, targets, 2)));
      await gmail.page.waitForTimeout(READ_MS);
    }
    const fileMs = await page.evaluate(() => (window as unknown as { __filed: Promise<number> }).__filed);
    const filed = await storedNow();
    if (filed.rows !== ROWS || filed.staged !== 0) throw new Error(`filed ${filed.rows} contacts (${filed.staged} still staged), expected ${ROWS}`);
    const duringBreakdown = await switchBreakdown(gmail.sidebar, filingSince, duringFiling);
    const afterSince = Date.now();
    const afterFiling = await measureSwitches(gmail.page, gmail.sidebar, targets, 16);
    const afterBreakdown = await switchBreakdown(gmail.sidebar, afterSince, afterFiling);

    // Baseline 1: the raw IndexedDB write of the same number of contact-shaped rows, same indexes, one transaction.
    const rawPutMs = await page.evaluate(async (rows) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('bench-raw', 1);
        open.onupgradeneeded = () => {
          // The contacts store as the app has it (schema 5: the unique email index only).
          const s = open.result.createObjectStore('contacts', { keyPath: 'id', autoIncrement: true });
          s.createIndex('email', 'email', { unique: true });
        };
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const now = Date.now();
      const start = performance.now();
      const tx = db.transaction('contacts', 'readwrite');
      const store = tx.objectStore('contacts');
      for (let i = 0; i < rows; i++) {
        store.put({
          email: `person${i}@company${i % 2000}.example`,
          name: `Given${i} Family${i % 997}`,
          companyId: 1 + (i % 2000),
          stage: 'lead',
          owner: 'alex',
          custom: { plan: 'Pro', annual_revenue: String(i) },
          doNotContact: 0,
          createdAt: now,
          updatedAt: now,
        });
      }
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      const ms = performance.now() - start;
      db.close();
      indexedDB.deleteDatabase('bench-raw');
      return ms;
    }, ROWS);

    // Baseline 2: papaparse alone on the same text, in a plain page of the same browser.
    const plain = await kizuna.context.newPage();
    await plain.setContent('<!doctype html><title>papaparse</title>');
    const papaPath = createRequire(import.meta.url).resolve('papaparse/papaparse.min.js');
    await plain.addScriptTag({ content: readFileSync(papaPath, 'utf8') });
    const parseMs = await plain.evaluate((text) => {
      const Papa = (window as unknown as { Papa: { parse(t: string, o: object): { data: unknown[] } } }).Papa;
      const start = performance.now();
      const rows = Papa.parse(text, { delimiter: ',', newline: '\r\n' }).data.length;
      const ms = performance.now() - start;
      if (rows < 1000) throw new Error('papaparse read too few rows');
      return ms;
    }, csv);

    const total = checkMs + writeMs;
    console.log(
      `${ROWS.toLocaleString('en')} rows, ${(csv.length / 1e6).toFixed(1)} MB: check (parse + validate + dry run) ${checkMs.toFixed(0)} ms, write ${writeMs.toFixed(0)} ms; longest main-thread task during both ${longest.toFixed(0)} ms`,
    );
    report(`import ${ROWS.toLocaleString('en')} rows (check + write, real page)`, total, 'papaparse parse alone', parseMs, '≤ 8000 ms (issue #16)');
    report(`  write step alone (one Dexie transaction)`, writeMs, `raw IndexedDB put of ${ROWS.toLocaleString('en')} contact rows (email index)`, rawPutMs);
    report(`  then filed into ordinary rows in the background (contacts usable throughout)`, fileMs, 'the same raw put', rawPutMs);
    if (duringFiling.length < 16) console.log(`  (the filing ended after ${duringFiling.length} switches)`);
    report(`  Gmail thread switch → profile painted, during the filing (${duringFiling.length} switches)`, median(duringFiling), 'the same switches after the filing', median(afterFiling), '≤ 50 ms');
    console.log(`    during the filing: ${duringBreakdown}\n    after it: ${afterBreakdown}`);
  } finally {
    await kizuna.close();
  }
}
