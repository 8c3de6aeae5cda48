import { build } from 'esbuild';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchKizuna, type Kizuna } from '../support/launch';

/**
 * The seeded differential run of the Dexie ContactStore against the memory model (test/support/store-differential.ts,
 * in Node over fake-indexeddb: test/unit/contacts/store-differential.test.ts), here with the same seed and operations
 * over Chromium's real IndexedDB, in a page of the built extension (its origin, its storage). The run is bundled
 * with esbuild (already installed with Vite) and evaluated in the page; a failure names the seed to replay with
 * STORE_SEED=<seed> (the same variable replays it in Node).
 */
const SEED = Number(process.env.STORE_SEED ?? 20261202);
const OPERATIONS = Number(process.env.STORE_OPS ?? 2000);
const root = resolve(import.meta.dirname, '../..');

/** The run as one script that defines `globalThis.__storeDifferential(seed, operations)`. */
async function bundle(): Promise<string> {
  const out = await build({
    stdin: {
      contents: `import { createDb } from './lib/db/schema';
import { runStoreDifferential } from './test/support/store-differential';
globalThis.__storeDifferential = async (seed, operations) => {
  const db = createDb('contact-store-differential-' + seed + '-' + Date.now());
  try { await runStoreDifferential(db, seed, operations); } finally { await db.delete(); }
};`,
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'silent',
  });
  return out.outputFiles[0].text;
}

let k: Kizuna;
let page: Page;
beforeAll(async () => {
  k = await launchKizuna();
  page = await k.context.newPage();
  // Any page of the extension's origin: the import page reads nothing until asked.
  await page.goto(`chrome-extension://${k.extensionId}/app.html#/import`);
  await page.evaluate(await bundle());
});
afterAll(async () => k?.close());

describe('the Dexie ContactStore against the memory model, in Chromium', () => {
  it(`agrees on ${OPERATIONS} random operations over real IndexedDB (seed ${SEED})`, { timeout: 600_000 }, async () => {
    const error = await page.evaluate(
      ({ seed, operations }) =>
        (globalThis as unknown as { __storeDifferential(seed: number, operations: number): Promise<void> }).__storeDifferential(seed, operations).then(
          () => null,
          (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e)),
        ),
      { seed: SEED, operations: OPERATIONS },
    );
    if (error) throw new Error(`store differential in Chromium failed (replay: STORE_SEED=${SEED} STORE_OPS=${OPERATIONS}):\n${error}`);
  });
});
