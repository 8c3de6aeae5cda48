// Development aid (not a bench): does a first rescore's write volume slow the contacts read that follows (issue #12:
// the first run's contacts read took 34.2 s, the unchanged run's 2.9 s)? Times the book's contacts read alone, in raw
// IndexedDB in the service worker, 1,000 rows per transaction (the rescore's batch), before the first rescore, right
// after it, after a quiet wait, and after the second (unchanged) rescore.
// `BENCH_SCALE=0.1 npx tsx bench/_probe-contacts-after-writes.ts` (KIZUNA_OUT_DIR picks the build).
import { sendToBackground } from '../test/support/background-messages';
import { launchKizuna } from '../test/support/launch';
import { clearDailyRescore } from './_measure';
import { seedLargeDb } from './_seed-large';

const SCALE = Number(process.env.BENCH_SCALE ?? 0.1);
const k = await launchKizuna();
const contactsRead = () =>
  k.worker.evaluate(async () => {
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
    let after = 0;
    let rows = 0;
    for (;;) {
      const part = (await req(db.transaction('contacts').objectStore('contacts').getAll(IDBKeyRange.lowerBound(after, true), 1000))) as { id: number }[];
      if (part.length === 0) break;
      rows += part.length;
      after = part[part.length - 1].id;
    }
    db.close();
    return { ms: Math.round(performance.now() - started), rows };
  });
try {
  // Before the seed: the alarm the worker made at start (due a minute later) would rescore during it (b74141d).
  await clearDailyRescore(k.worker);
  await seedLargeDb(k.worker, Math.round(100_000 * SCALE), Math.round(500_000 * SCALE));
  const line = async (what: string) => console.log(`${what}: contacts read ${JSON.stringify(await contactsRead())}`);
  await line('before');
  await line('before, again');
  const first = await sendToBackground(k, { type: 'kizuna:risk-recompute' });
  console.log(`first rescore ${first.ms} ms, its contacts read ${first.phases.reads.contacts.toFixed(0)} ms`);
  await line('right after the first rescore');
  await line('again');
  await new Promise((r) => setTimeout(r, 30_000));
  await line('after 30 s quiet');
  const second = await sendToBackground(k, { type: 'kizuna:risk-recompute' });
  console.log(`second rescore ${second.ms} ms, its contacts read ${second.phases.reads.contacts.toFixed(0)} ms`);
  await line('after the second rescore');
} finally {
  await k.close();
}
