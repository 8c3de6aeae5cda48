// A development aid for issue 16's full list (not a benchmark of record: npm run bench skips files starting with _): how
// much of a read of N contact rows is IndexedDB's cost per record. In a scratch database ('probe') of an extension page,
// the same N contact-shaped rows (bench/workspace-db.ts's) stored four ways, read in ranges of 10,000 contacts all asked
// for at once, rounds interleaved: one record per contact ('rows'), BLOCK contacts per record as an array of objects
// ('objects'), as one array per field ('columns', rebuilt into objects on the page) and as one JSON string ('json').
// Prints the read's total time and the page's own time in the success handlers (decode, and rebuild or parse):
//   N=100000 RUNS=3 npx tsx bench/_probe-packed.ts      (needs a build in .output-dev-before or DIR)
import { resolve } from 'node:path';
import { launchKizuna } from '../test/support/launch';
import { median } from './_measure';
const N = Number(process.env.N ?? 100000);
const RUNS = Number(process.env.RUNS ?? 3);
const BLOCK = Number(process.env.BLOCK ?? 100);
const k = await launchKizuna({ extensionDir: resolve(process.env.DIR ?? '.output-dev-before', 'chrome-mv3') });
try {
  const page = await k.context.newPage();
  await page.goto(`chrome-extension://${k.extensionId}/manifest.json`);
  await page.evaluate(
    async ({ N, BLOCK }) => {
      const db = await new Promise<IDBDatabase>((res, rej) => {
        const q = indexedDB.open('probe', 1);
        q.onupgradeneeded = () => {
          for (const s of ['rows', 'objects', 'columns', 'json']) q.result.createObjectStore(s, { keyPath: s === 'rows' ? 'id' : 'block' });
        };
        q.onsuccess = () => res(q.result);
        q.onerror = () => rej(q.error);
      });
      const now = Date.now();
      const DAY = 86_400_000;
      const stages = ['lead', 'customer', 'at-risk', 'churned', 'advocate'];
      const row = (i: number) => ({
        id: i + 1,
        email: `person${i}@company${i % 5000}.example`,
        name: `Person ${i}`,
        companyId: 1 + (i % 5000),
        stage: stages[i % 5],
        owner: `owner${i % 10}`,
        custom: { plan: ['Pro', 'Basic', 'Team'][i % 3], revenue: String((i * 37) % 100_000) },
        doNotContact: i % 50 === 0 ? 1 : 0,
        lastInboundAt: now - (i % 120) * DAY,
        createdAt: now - 400 * DAY,
        updatedAt: now - DAY,
      });
      const tx = db.transaction(['rows', 'objects', 'columns', 'json'], 'readwrite');
      for (let b = 0; b * BLOCK < N; b++) {
        const rows = [];
        for (let i = b * BLOCK; i < Math.min(N, (b + 1) * BLOCK); i++) rows.push(row(i));
        for (const r of rows) tx.objectStore('rows').put(r);
        tx.objectStore('objects').put({ block: b, rows });
        const cols: Record<string, unknown[]> = {};
        for (const r of rows) for (const [k2, v] of Object.entries(r)) (cols[k2] ??= []).push(k2 === 'custom' ? [r.custom.plan, r.custom.revenue] : v);
        tx.objectStore('columns').put({ block: b, ...cols });
        tx.objectStore('json').put({ block: b, json: JSON.stringify(rows) });
      }
      await new Promise((r) => (tx.oncomplete = r));
      db.close();
    },
    { N, BLOCK },
  );
  const res: Record<string, number[][]> = {};
  const modes = (process.env.MODES ?? 'rows,objects,columns,json').split(',');
  for (let r = 0; r < RUNS; r++)
    for (const mode of modes) {
      const out = await page.evaluate(
        async ({ mode, N, BLOCK }) => {
          const db = await new Promise<IDBDatabase>((res, rej) => {
            const q = indexedDB.open('probe');
            q.onsuccess = () => res(q.result);
            q.onerror = () => rej(q.error);
          });
          const per = mode === 'rows' ? 10000 : 10000 / BLOCK;
          const total = mode === 'rows' ? N : Math.ceil(N / BLOCK);
          const ranges: [number, number][] = [];
          const base = mode === 'rows' ? 1 : 0;
          for (let lo = 0; lo < total; lo += per) ranges.push([lo + base, Math.min(lo + per, total) - 1 + base]);
          const t0 = performance.now();
          let sync = 0;
          let rows = 0;
          await Promise.all(
            ranges.map(
              ([lo, hi]) =>
                new Promise<void>((res) => {
                  const req = db.transaction(mode, 'readonly').objectStore(mode).getAll(IDBKeyRange.bound(lo, hi));
                  req.onsuccess = () => {
                    const t = performance.now();
                    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- four shapes of scratch rows
                    const got = req.result as any[];
                    if (mode === 'rows') rows += got.length;
                    else if (mode === 'objects') for (const b of got) rows += b.rows.length;
                    else if (mode === 'json') for (const b of got) rows += JSON.parse(b.json).length;
                    else
                      for (const b of got) {
                        const out = [];
                        for (let i = 0; i < b.id.length; i++)
                          out.push({
                            id: b.id[i],
                            email: b.email[i],
                            name: b.name[i],
                            companyId: b.companyId[i],
                            stage: b.stage[i],
                            owner: b.owner[i],
                            custom: { plan: b.custom[i][0], revenue: b.custom[i][1] },
                            doNotContact: b.doNotContact[i],
                            lastInboundAt: b.lastInboundAt[i],
                            createdAt: b.createdAt[i],
                            updatedAt: b.updatedAt[i],
                          });
                        rows += out.length;
                      }
                    sync += performance.now() - t;
                    res();
                  };
                }),
            ),
          );
          db.close();
          return [performance.now() - t0, sync, rows];
        },
        { mode, N, BLOCK },
      );
      (res[mode] ??= []).push(out);
      console.log(mode, out.map((x) => x.toFixed(0)).join(' '));
    }
  for (const [m, v] of Object.entries(res)) console.log(`${m}: total ${median(v.map((x) => x[0])).toFixed(0)} main-sync ${median(v.map((x) => x[1])).toFixed(0)} rows ${v[0][2]}`);
} finally {
  await k.close();
}
