// A development aid for issue 16's full list (not a benchmark of record): would a dedicated worker that reads the
// contacts take their decoding off the page? Seeded like bench/workspace-db.ts, N contacts read in ranges of 10,000 all
// asked for at once, rounds interleaved: on the page ('main'); in a worker that posts each range as a JSON string the
// page parses ('json'), as the rows themselves (structured clone, 'clone'), or only their count ('count': the worker's
// read alone). Prints the total, the page's own time (decode, parse or the message's clone), and the worker's decode and
// JSON time. The worker is a plain script written into a copy of the build (DIR, default .output-dev-before):
//   N=100000 RUNS=3 npx tsx bench/_probe-decode.ts
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { launchKizuna } from '../test/support/launch';
import { clearDailyRescore, median } from './_measure';
import { seed } from './workspace-db';
const WORKER = `let db;
const open = () => new Promise((res, rej) => { const r = indexedDB.open('kizuna'); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
onmessage = async (e) => {
  const { mode, ranges } = e.data;
  db ??= await open();
  const t0 = performance.now();
  let decodeMs = 0, encodeMs = 0, bytes = 0;
  let left = ranges.length;
  ranges.forEach(([lo, hi], i) => {
    const req = db.transaction('contacts', 'readonly').objectStore('contacts').getAll(IDBKeyRange.bound(lo, hi, true, false));
    req.onsuccess = () => {
      let t = performance.now();
      const rows = req.result;
      decodeMs += performance.now() - t;
      t = performance.now();
      if (mode === 'json') { const s = JSON.stringify(rows); bytes += s.length; encodeMs += performance.now() - t; postMessage({ i, s }); }
      else if (mode === 'clone') postMessage({ i, rows });
      else postMessage({ i, n: rows.length });
      if (--left === 0) postMessage({ done: true, decodeMs, encodeMs, bytes, ms: performance.now() - t0 });
    };
  });
};
`;
const N = Number(process.env.N ?? 100000);
const RUNS = Number(process.env.RUNS ?? 3);
const dir = resolve('.output-probe', 'chrome-mv3');
rmSync(dir, { recursive: true, force: true });
cpSync(resolve(process.env.DIR ?? '.output-dev-before', 'chrome-mv3'), dir, { recursive: true });
writeFileSync(resolve(dir, 'probe-worker.js'), WORKER);
const k = await launchKizuna({ extensionDir: dir });
try {
  await clearDailyRescore(k.worker);
  const page = await k.context.newPage();
  await page.goto(`chrome-extension://${k.extensionId}/app.html?bench#/contacts`);
  await page.locator('[data-testid="result-count"], [data-testid="first-run"]').first().waitFor();
  await seed(page, N);
  await page.goto(`chrome-extension://${k.extensionId}/manifest.json`);
  const res: Record<string, number[][]> = {};
  const modes = (process.env.MODES ?? 'main,json,clone,count').split(',');
  for (let r = 0; r < RUNS; r++)
    for (const mode of modes) {
      const out = await page.evaluate(
        async ({ mode, N }) => {
          const ranges: [number, number][] = [];
          for (let lo = 0; lo < N; lo += 10000) ranges.push([lo, Math.min(lo + 10000, N)]);
          const t0 = performance.now();
          let sync = 0;
          let rows = 0;
          if (mode === 'main') {
            const db = await new Promise<IDBDatabase>((res, rej) => {
              const q = indexedDB.open('kizuna');
              q.onsuccess = () => res(q.result);
              q.onerror = () => rej(q.error);
            });
            const t1 = performance.now();
            await Promise.all(
              ranges.map(
                ([lo, hi]) =>
                  new Promise<void>((res) => {
                    const req = db
                      .transaction('contacts', 'readonly')
                      .objectStore('contacts')
                      .getAll(IDBKeyRange.bound(lo, hi, true, false));
                    req.onsuccess = () => {
                      const t = performance.now();
                      rows += (req.result as unknown[]).length;
                      sync += performance.now() - t;
                      res();
                    };
                  }),
              ),
            );
            db.close();
            return [performance.now() - t0, sync, rows, t1 - t0, 0, 0];
          }
          const w = new Worker('/probe-worker.js');
          return await new Promise<number[]>((res) => {
            w.onmessage = (e) => {
              const t = performance.now();
              const d = e.data;
              if (d.done) {
                sync += performance.now() - t;
                w.terminate();
                return res([performance.now() - t0, sync, rows, d.decodeMs, d.encodeMs, d.bytes]);
              }
              if (d.s !== undefined) rows += JSON.parse(d.s).length;
              else if (d.rows) rows += d.rows.length;
              else rows += d.n;
              sync += performance.now() - t;
            };
            w.postMessage({ mode, ranges });
          });
        },
        { mode, N },
      );
      (res[mode] ??= []).push(out);
      console.log(mode, out.map((x) => x.toFixed(0)).join(' '));
    }
  for (const [m, v] of Object.entries(res))
    console.log(
      `${m}: total ${median(v.map((x) => x[0])).toFixed(0)} main-sync ${median(v.map((x) => x[1])).toFixed(0)} rows ${v[0][2]} worker-decode ${median(v.map((x) => x[3])).toFixed(0)} encode ${median(v.map((x) => x[4])).toFixed(0)} bytes ${v[0][5]}`,
    );
} finally {
  await k.close();
}
