// Development aid (not a bench: the leading underscore keeps it out of `npm run bench`): how a first full rescore could
// read the book's activities (issue #12), in raw IndexedDB in the service worker, on the bench's seeded book:
//  - by index: the rescore's way, a batch of 1,000 contacts per transaction, five ranges of the contactIds index;
//  - by primary key: one walk over the whole table in getAll slices (one transaction per slice);
// interleaved round by round (a load swing hits both alike), and the JS heap (after a forced GC) of holding the whole
// book's rows, and of the per-contact events built from them.
// `BENCH_SCALE=0.2 npx tsx bench/_probe-activity-reads.ts` (KIZUNA_OUT_DIR picks the build).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchKizuna } from '../test/support/launch';
import { clearDailyRescore, median } from './_measure';
import { seedLargeDb } from './_seed-large';

const SCALE = Number(process.env.BENCH_SCALE ?? 0.2);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const userDataDir = mkdtempSync(join(tmpdir(), 'kizuna-probe-reads-'));
const k = await launchKizuna({ userDataDir });

async function workerSession(): Promise<{ send: (method: string, params?: object) => Promise<Record<string, unknown>>; close: () => void }> {
  const [port] = readFileSync(join(userDataDir, 'DevToolsActivePort'), 'utf8').trim().split('\n');
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { type: string; url: string; webSocketDebuggerUrl: string }[];
  const target = targets.find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${k.extensionId}/`));
  if (!target) throw new Error('no service worker target');
  const ws = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => ((ws.onopen = resolve), (ws.onerror = reject)));
  let next = 1;
  const waiting = new Map<number, (r: Record<string, unknown>) => void>();
  ws.onmessage = (e) => {
    const m = JSON.parse(String(e.data)) as { id?: number; result?: Record<string, unknown>; error?: unknown };
    if (m.id !== undefined) waiting.get(m.id)?.(m.result ?? { error: m.error });
  };
  return {
    send: (method, params = {}) =>
      new Promise((resolve) => {
        const id = next++;
        waiting.set(id, resolve);
        ws.send(JSON.stringify({ id, method, params }));
      }),
    close: () => ws.close(),
  };
}

type Way = 'index' | 'pk5000' | 'pk20000' | 'pkCursor';

try {
  const contacts = Math.round(100_000 * SCALE);
  // Before the seed: the alarm the worker made at start (due a minute later) would rescore during it (b74141d).
  await clearDailyRescore(k.worker);
  await seedLargeDb(k.worker, contacts, Math.round(500_000 * SCALE));
  const run = (way: Way, hold = false) =>
    k.worker.evaluate(
      async ({ way, hold }) => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const r = indexedDB.open('kizuna');
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
        const req = <T>(r: IDBRequest<T>) =>
          new Promise<T>((resolve, reject) => {
            r.onsuccess = () => resolve(r.result);
            r.onerror = () => reject(r.error);
          });
        const started = performance.now();
        let rows = 0;
        let requests = 0;
        const kept: unknown[][] = [];
        if (way === 'index') {
          let after = 0;
          for (;;) {
            const tx = db.transaction(['contacts', 'activities']);
            const ids = (await req(tx.objectStore('contacts').getAllKeys(IDBKeyRange.lowerBound(after, true), 1000))) as number[];
            if (ids.length === 0) break;
            const parts: Promise<unknown[]>[] = [];
            for (let i = 0; i < ids.length; i += 200) {
              const piece = ids.slice(i, i + 200);
              parts.push(
                req(
                  tx
                    .objectStore('activities')
                    .index('contactIds')
                    .getAll(IDBKeyRange.bound(piece[0], piece[piece.length - 1])),
                ),
              );
              requests++;
            }
            for (const part of await Promise.all(parts)) {
              rows += part.length;
              if (hold) kept.push(part);
            }
            after = ids[ids.length - 1];
          }
        } else if (way === 'pkCursor') {
          const tx = db.transaction(['activities']);
          await new Promise<void>((resolve, reject) => {
            const c = tx.objectStore('activities').openCursor();
            requests++;
            c.onerror = () => reject(c.error);
            c.onsuccess = () => {
              const cursor = c.result;
              if (!cursor) return resolve();
              rows++;
              cursor.continue();
            };
          });
        } else {
          const slice = way === 'pk5000' ? 5000 : 20000;
          let after = -Infinity;
          for (;;) {
            const tx = db.transaction(['activities']);
            const part = (await req(tx.objectStore('activities').getAll(after === -Infinity ? null : IDBKeyRange.lowerBound(after, true), slice))) as { id: number }[];
            requests++;
            if (part.length === 0) break;
            rows += part.length;
            if (hold) kept.push(part);
            after = part[part.length - 1].id;
            if (part.length < slice) break;
          }
        }
        const ms = performance.now() - started;
        db.close();
        (globalThis as unknown as { probeHeld?: unknown }).probeHeld = hold ? kept : undefined;
        return { ms, rows, requests };
      },
      { way, hold },
    );
  const ways: Way[] = ['index', 'pk5000', 'pk20000', 'pkCursor'];
  const times = new Map<Way, number[]>(ways.map((w) => [w, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const way of round % 2 ? [...ways].reverse() : ways) {
      const r = await run(way);
      times.get(way)!.push(r.ms);
      console.log(`round ${round} ${way}: ${r.ms.toFixed(0)} ms, ${r.rows} rows, ${r.requests} requests`);
    }
  }
  for (const [way, t] of times) console.log(`${way}: median ${median(t).toFixed(0)} ms (${t.map((x) => x.toFixed(0)).join(', ')})`);

  // The heap: nothing held, the whole table's rows held, and the events of each contact built from them.
  const cdp = await workerSession();
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize / 1e6;
  };
  const empty = await heap();
  await run('pk20000', true);
  const rowsHeld = await heap();
  await k.worker.evaluate(() => {
    const g = globalThis as unknown as { probeHeld?: Record<string, unknown>[][] };
    const byContact = new Map<number, unknown[]>();
    for (const part of g.probeHeld ?? [])
      for (const a of part) {
        // What mailEventsOf keeps of a row (lib/churn/from-activities.ts), the subject on every message of theirs.
        const e = { direction: a.direction, at: a.at, messageId: a.messageId, threadId: a.threadId, from: a.from, text: `${String(a.subject)}\n${String(a.snippet)}` };
        for (const id of a.contactIds as number[]) (byContact.get(id) ?? byContact.set(id, []).get(id)!).push(e);
      }
    (globalThis as unknown as { probeHeld?: unknown }).probeHeld = byContact;
  });
  const eventsHeld = await heap();
  await k.worker.evaluate(() => ((globalThis as unknown as { probeHeld?: unknown }).probeHeld = undefined));
  const after = await heap();
  console.log(`heap (MB, after GC): empty ${empty.toFixed(1)}, rows held ${rowsHeld.toFixed(1)}, events held ${eventsHeld.toFixed(1)}, released ${after.toFixed(1)}`);
  cdp.close();
} finally {
  await k.close();
}
