// Churn risk, DB-backed: rescoring every stored contact in the extension's service worker (the daily
// alarm's work: chunked reads, scoring, writes of changed scores to the scores table, alerts), next to a
// baseline from the same run: only reading the same contacts and activities in the same chunks, in raw
// IndexedDB. Goals (issue #12): 100,000 contacts with every score changed ≤ 60 s, with nothing changed
// ≤ 15 s; thread switches during a rescore ≤ 1.2 × quiet (bench/sidebar.ts).
import { sendToBackground } from '../test/support/background-messages';
import { launchKizuna } from '../test/support/launch';
import { seedRows } from '../test/support/seed';
import { SIGNAL_FEATURES } from '../lib/churn/features';
import { fitLogistic } from '../lib/churn/model/logistic';
import { serializeModel } from '../lib/churn/model/model';
import { seededRandom } from '../lib/random';
import { seedLargeDb } from './_seed-large';
import { clearDailyRescore, rawChunkedReads, report } from './_measure';

/** The background rescore's chunk (lib/churn/background.ts). */
const CHUNK = 200;

// BENCH_SCALE=0.1 for a quick run while developing.
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const CONTACTS = Math.round(100_000 * SCALE);
const HISTORY = Math.round(500_000 * SCALE);

declare const chrome: { storage: { local: { set(items: object): Promise<void> } }; alarms: { clear(name: string): Promise<boolean> } };

export default async function bench(): Promise<void> {
  const k = await launchKizuna();
  try {
    // The daily alarm is made (due a minute later) when the worker starts: cleared before the seed, or its rescore runs
    // during the seed, and the first run below joins it (one run at a time) and reports its time, seed writes included.
    await clearDailyRescore(k.worker);
    const seedStart = performance.now();
    await seedLargeDb(k.worker, CONTACTS, HISTORY);
    console.log(`seeded ${CONTACTS} contacts and ${HISTORY} history rows in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

    // Baseline: the recompute's reads alone, in raw IndexedDB: CHUNK contacts by id (the background's chunk), then
    // their activities as one range of the contactIds index.
    const readOnly = () => rawChunkedReads(k.worker, CHUNK);

    // A check that the database has settled after the seed (600,000 rows in a couple of minutes) before the rescore is
    // timed: the raw reads are repeated, a pause before each, until one is no more than 15 % faster than the one before.
    // (On 3 Dec 2026 two reads 15 s apart took 20.2 and 20.3 s: settled at once. A first read of 50 s seen earlier that
    // day was the background's own rescore running beside it.)
    // The daily alarm is made again (due a minute later) whenever the worker starts: cleared before each read, so no
    // rescore of the background's own runs meanwhile (it would both slow the reads and score the book before the first run).
    const noDaily = () => k.worker.evaluate(() => chrome.alarms.clear('kizuna-risk-daily'));
    const settling = [await readOnly()];
    while (settling.length < 6) {
      await noDaily();
      await new Promise((resolve) => setTimeout(resolve, 15_000));
      await noDaily();
      settling.push(await readOnly());
      const [before, last] = settling.slice(-2);
      if (last.ms >= before.ms * 0.85) break;
    }
    console.log(`storage settling after the seed: raw chunked reads ${settling.map((r) => (r.ms / 1000).toFixed(1)).join(' → ')} s (15 s apart)`);
    const base = settling[settling.length - 1];
    // First run: no score stored yet, so every contact's score is new (every score changed, every row written).
    await noDaily();
    const first = await sendToBackground(k, { type: 'kizuna:risk-recompute' });
    // Every customer is scored for the first time: anything else means a rescore ran before (the figure would be wrong).
    if (first.changed < first.scored * 0.99) throw new Error(`the first run changed ${first.changed} of ${first.scored} scores: the book was scored before it`);
    const second = await sendToBackground(k, { type: 'kizuna:risk-recompute' });
    const base2 = await readOnly();
    const baseline = Math.min(base.ms, base2.ms);
    const goal = (seconds: number) => `≤ ${seconds} s for 100,000 (${((seconds * CONTACTS) / 100_000).toFixed(1)} s at this size)`;
    console.log(`read ${base.rows} activities for ${CONTACTS} contacts, ${CHUNK} per chunk`);
    report(`recompute ${first.read} contacts, every score changed (${first.changed} scores written, ${first.alerts} alerts)`, first.ms, 'chunked reads only', baseline, goal(60));
    report(`recompute ${second.read} contacts, nothing changed (${second.changed} written)`, second.ms, 'chunked reads only', baseline, goal(15));
    // The read phase by request (lib/churn/recompute.ts ReadTimes): inputs, scores and alerts are asked for together, so each includes the wait for the ones before it.
    const reads = (r: typeof first.phases.reads) =>
      `contacts ${r.contacts.toFixed(0)}, then inputs ${r.inputs.toFixed(0)} / scores ${r.scores.toFixed(0)} / alerts ${r.alerts.toFixed(0)}, activities ${r.activities.toFixed(0)}`;
    // The write phase by table (lib/churn/recompute.ts WriteTimes): each request's time to its answer, then the commit.
    const writes = (w: typeof first.phases.writes | undefined) =>
      w
        ? `${w.transactions} transactions: inputs ${w.inputs.toFixed(0)} (${w.inputRows} rows) / scores ${w.scores.toFixed(0)} (${w.scoreRows}) / alerts ${w.alerts.toFixed(0)} (${w.alertRows}), commit ${w.commit.toFixed(0)}`
        : 'no split (older build)';
    const phases = (p: typeof first.phases) =>
      `read ${p.readMs.toFixed(0)} ms (${reads(p.reads)}), score ${p.scoreMs.toFixed(0)} ms, write ${p.writeMs.toFixed(0)} ms (${writes(p.writes)}), bands ${p.bandsMs.toFixed(0)} ms (${writes(p.bandWrites)})`;
    console.log(`every score changed: ${phases(first.phases)}; nothing changed: ${phases(second.phases)} (the rest: pauses between chunks)`);
    // A rescore by the rules settles the book's bands from its own scores, then writes the scores with them (book-bands.ts).
    console.log(`settling the book's bands and writing scores with them: ${first.bandsMs} ms on the first run, ${second.bandsMs} ms on the second`);
    console.log(
      `per 100,000 contacts by the rules: ${(((second.ms / second.read) * 100_000) / 1000).toFixed(2)} s nothing changed, ${(((first.ms / first.read) * 100_000) / 1000).toFixed(2)} s with every score written`,
    );

    // The same with an active logistic model over the signal features (fitted here on synthetic rows).
    const random = seededRandom(5);
    const columns = [...SIGNAL_FEATURES];
    const rows = Array.from({ length: 2000 }, () => columns.map((c) => (c === 'paymentStatus' ? (random() < 0.1 ? 'overdue' : 'ok') : random() < 0.2 ? null : Math.floor(random() * 120))));
    const labels = rows.map((r) => (typeof r[0] === 'number' && r[0] > 60 ? 1 : 0));
    const model = fitLogistic(
      { columns, rows },
      labels,
      rows.map((_, i) => i),
    );
    await seedRows(k.worker, { riskModels: [{ id: 1, kind: 'logistic', createdAt: Date.now(), auc: 0.9, positives: 1, negatives: 1, model: serializeModel(model), active: 1 }] });
    await k.worker.evaluate(() => chrome.storage.local.set({ riskSettings: { useModel: true } }));
    const withModel = await sendToBackground(k, { type: 'kizuna:risk-recompute' });
    const withModel2 = await sendToBackground(k, { type: 'kizuna:risk-recompute' });
    report(`recompute ${withModel.read} contacts with the model, first run after switching (${withModel.changed} scores changed)`, withModel.ms, 'chunked reads only', baseline, goal(60));
    report(`recompute ${withModel2.read} contacts with the model, nothing changed (${withModel2.changed} written)`, withModel2.ms, 'chunked reads only', baseline, goal(15));
    console.log(`model runs: ${phases(withModel.phases)}; unchanged: ${phases(withModel2.phases)}`);
  } finally {
    await k.close();
  }
}
