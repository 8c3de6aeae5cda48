// Churn risk, DB-backed: rescoring every stored contact in the extension's service worker (the daily
// alarm's work: chunked reads, scoring, writes of changed scores, alerts), next to a baseline from the
// same run: only reading the same contacts and activities in the same chunks.
import { launchKizuna } from '../test/support/launch';
import { seedLargeDb } from './_seed-large';
import { report } from './_measure';

// BENCH_SCALE=0.1 for a quick run while developing.
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const CONTACTS = Math.round(100_000 * SCALE);
const HISTORY = Math.round(500_000 * SCALE);

type Globals = { kizunaRisk: { recomputeNow(): Promise<{ scored: number; changed: number; alerts: number; ms: number; phases: { readMs: number; scoreMs: number; writeMs: number } }> } };
declare const kizunaRisk: Globals['kizunaRisk'];

export default async function bench(): Promise<void> {
  const k = await launchKizuna();
  try {
    const seedStart = performance.now();
    await seedLargeDb(k.worker, CONTACTS, HISTORY);
    console.log(`seeded ${CONTACTS} contacts and ${HISTORY} history rows in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

    // Baseline: the recompute's reads alone, in raw IndexedDB: 500 contacts by id, then their activities as one
    // range of the contactIds index.
    const readOnly = () =>
      k.worker.evaluate(async () => {
        const started = performance.now();
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const r = indexedDB.open('kizuna');
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
        const req = <T,>(r: IDBRequest<T>) =>
          new Promise<T>((resolve, reject) => {
            r.onsuccess = () => resolve(r.result);
            r.onerror = () => reject(r.error);
          });
        let after = 0;
        let rows = 0;
        for (;;) {
          const tx = db.transaction(['contacts', 'activities']);
          const contacts = (await req(tx.objectStore('contacts').getAll(IDBKeyRange.lowerBound(after, true), 500))) as { id: number }[];
          if (contacts.length === 0) break;
          const first = contacts[0].id;
          after = contacts[contacts.length - 1].id;
          rows += (await req(tx.objectStore('activities').index('contactIds').getAll(IDBKeyRange.bound(first, after)))).length;
        }
        db.close();
        return { ms: performance.now() - started, rows };
      });

    const base = await readOnly();
    const first = await k.worker.evaluate(() => kizunaRisk.recomputeNow());
    const second = await k.worker.evaluate(() => kizunaRisk.recomputeNow());
    const base2 = await readOnly();
    const baseline = Math.min(base.ms, base2.ms);
    console.log(`read ${base.rows} activities for ${CONTACTS} contacts`);
    report(`recompute ${first.scored} contacts, first run (${first.changed} scores written, ${first.alerts} alerts)`, first.ms, 'chunked reads only', baseline);
    report(`recompute ${second.scored} contacts, nothing changed (${second.changed} written)`, second.ms, 'chunked reads only', baseline);
    const phases = (p: typeof first.phases) => `read ${p.readMs.toFixed(0)} ms, score ${p.scoreMs.toFixed(0)} ms, write ${p.writeMs.toFixed(0)} ms`;
    console.log(`first run: ${phases(first.phases)}; unchanged run: ${phases(second.phases)}`);
    console.log(`per 100,000 contacts: ${((second.ms / second.scored) * 100_000 / 1000).toFixed(2)} s unchanged, ${((first.ms / first.scored) * 100_000 / 1000).toFixed(2)} s with every score written`);
  } finally {
    await k.close();
  }
}
