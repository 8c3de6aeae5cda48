// Mailbox import into IndexedDB, end to end in headless Chromium with the built extension: the import
// worker streams a File, parses it and writes contacts and activities with Dexie. Baseline from the same
// run and the same worker: reading and parsing the same file without writing anything.
import { execSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { syntheticMbox } from '../lib/mbox/synthetic';
import type { MboxImportSummary } from '../lib/mbox/import-to-db';
import { EXTENSION_DIR, launchKizuna } from '../test/support/launch';
import { report } from './_measure';

// KIZUNA_BENCH_MBOX_MB sets the file size (default 50 MB, as the churn bench's parse figure).
const MB = Number(process.env.KIZUNA_BENCH_MBOX_MB ?? 50);

/** Runs the built import worker on the file chosen in the page's file input. */
function runWorker(page: Page, url: string, parseOnly: boolean): Promise<{ summary: MboxImportSummary; ms: number }> {
  return page.evaluate(
    async ({ url, parseOnly }) => {
      const file = (document.querySelector('input[type=file]') as HTMLInputElement).files![0];
      const worker = new Worker(url, { type: 'module' });
      const started = performance.now();
      const summary = await new Promise<MboxImportSummary>((resolve, reject) => {
        worker.onmessage = (e) => (e.data.type === 'done' ? resolve(e.data.summary) : e.data.type === 'error' ? reject(new Error(e.data.message)) : undefined);
        worker.postMessage({ type: 'start', file, own: ['ann@kizuna.example'], autoCreate: true, neverLog: [], parseOnly });
      });
      worker.terminate();
      return { summary, ms: performance.now() - started };
    },
    { url, parseOnly },
  );
}

export default async function run(): Promise<void> {
  // KIZUNA_SKIP_BUILD=1 uses the extension already built in KIZUNA_OUT_DIR (or .output).
  if (!process.env.KIZUNA_SKIP_BUILD) execSync('npx wxt build', { stdio: 'ignore' });
  const assets = join(EXTENSION_DIR, 'assets');
  const workerFile = readdirSync(assets).find((f) => /^risk-mbox\.worker-.*\.js$/.test(f));
  if (!workerFile) throw new Error(`no import worker in ${assets}`);
  const dir = mkdtempSync(join(tmpdir(), 'kizuna-mbox-bench-'));
  const synthetic = syntheticMbox(MB * 1024 * 1024);
  // Shaped like Google Takeout: Gmail's message id on the From_ line, its thread id in X-GM-THRID.
  let n = 0;
  const text = Buffer.concat(synthetic.chunks)
    .toString('utf8')
    .replace(/^From sender\d+@example\.com /gm, () => `From ${1790000000000000000n + BigInt(++n)}@xxx `)
    .replace(/^Message-ID: <msg(\d+)@example\.com>$/gm, (line, i: string) => `${line}\nX-GM-THRID: ${1790000000000000000n + BigInt(Math.floor(Number(i) / 5))}`);
  const bytes = Buffer.from(text, 'utf8');
  const size = bytes.length;
  const messages = synthetic.messages;
  const path = join(dir, 'bench.mbox');
  writeFileSync(path, bytes);
  const kizuna = await launchKizuna();
  try {
    const page = await kizuna.context.newPage();
    await page.goto(`chrome-extension://${kizuna.extensionId}/app.html#/risk`);
    await page.getByLabel('Mailbox file (.mbox)').setInputFiles(path);
    const url = `chrome-extension://${kizuna.extensionId}/assets/${workerFile}`;
    const parse: number[] = [];
    for (let i = 0; i < 3; i++) parse.push((await runWorker(page, url, true)).ms);
    parse.sort((a, b) => a - b);
    const parseMs = parse[1];
    const first = await runWorker(page, url, false);
    const again = await runWorker(page, url, false);
    if (first.summary.added !== messages) throw new Error(`mbox import: added ${first.summary.added} of ${messages} messages`);
    if (again.summary.added !== 0) throw new Error(`mbox re-import added ${again.summary.added}`);
    const mbps = (ms: number) => (size / 1e6 / (ms / 1000)).toFixed(1);
    const label = `${(size / 1e6).toFixed(0)} MB, ${messages} messages, ${first.summary.contactsCreated} contacts`;
    report(`mbox import into IndexedDB ${label}`, first.ms, 'parse only, same worker', parseMs, '≥ 20 MB/s');
    report(`mbox re-import (all already there) ${label}`, again.ms, 'parse only, same worker', parseMs);
    console.log(`mbox import into IndexedDB: ${mbps(first.ms)} MB/s | re-import ${mbps(again.ms)} MB/s | baseline parse only ${mbps(parseMs)} MB/s | goal ≥ 20 MB/s`);
  } finally {
    await kizuna.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
