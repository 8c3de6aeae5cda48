// Development aid (not a bench: the leading underscore keeps it out of `npm run bench`): where a first full rescore's
// write phase goes (issue #12). Seeds the bench's book at BENCH_SCALE (default 0.2), runs the first rescore (every score
// changed) and prints its phases, then times each kind of write request the rescore makes, in raw IndexedDB in the
// service worker, each in its own transaction, interleaved round by round (so a load swing hits every kind alike):
// the request alone and the commit alone, with the bytes and the index entries each writes.
// `BENCH_SCALE=0.2 npx tsx bench/_trace-rescore-write.ts` (KIZUNA_OUT_DIR picks the build).
import { sendToBackground } from '../test/support/background-messages';
import { launchKizuna } from '../test/support/launch';
import { clearDailyRescore } from './_measure';
import { seedLargeDb } from './_seed-large';

const SCALE = Number(process.env.BENCH_SCALE ?? 0.2);
const ROUNDS = Number(process.env.ROUNDS ?? 40);
const k = await launchKizuna();
try {
  // Before the seed: the alarm the worker made at start (due a minute later) would rescore during it (b74141d).
  await clearDailyRescore(k.worker);
  await seedLargeDb(k.worker, Math.round(100_000 * SCALE), Math.round(500_000 * SCALE));
  const first = await sendToBackground(k, { type: 'kizuna:risk-recompute' });
  const p = first.phases;
  const w = p.writes;
  console.log(
    `first rescore ${first.read} contacts ${first.ms} ms: read ${p.readMs.toFixed(0)}, score ${p.scoreMs.toFixed(0)}, write ${p.writeMs.toFixed(0)} in ${w.transactions} transactions (inputs ${w.inputs.toFixed(0)} / scores ${w.scores.toFixed(0)} / alerts ${w.alerts.toFixed(0)}, commit ${w.commit.toFixed(0)}; rows ${w.inputRows} / ${w.scoreRows} / ${w.alertRows}), bands ${p.bandsMs.toFixed(0)} (${p.bandWrites.transactions} transactions, commit ${p.bandWrites.commit.toFixed(0)})`,
  );
  console.log(`write split: ${JSON.stringify(w)}`);
  console.log(`read split: ${JSON.stringify(p.reads)}`);
  const out = await k.worker.evaluate(async (rounds) => {
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
    const done = (tx: IDBTransaction) =>
      new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      });
    const times: Record<string, { work: number[]; commit: number[] }> = {};
    /** One transaction: `work` issues requests and resolves with their answers; then the commit is timed alone. */
    const run = async (name: string, stores: string[], work: (tx: IDBTransaction) => Promise<unknown>, durability?: IDBTransactionDurability) => {
      const t0 = performance.now();
      const tx = db.transaction(stores, 'readwrite', durability ? { durability } : undefined);
      const end = done(tx);
      await work(tx);
      const t1 = performance.now();
      tx.commit();
      await end;
      const t2 = performance.now();
      const entry = (times[name] ??= { work: [], commit: [] });
      entry.work.push(t1 - t0);
      entry.commit.push(t2 - t1);
    };
    const blocks = (await req(db.transaction('scoreInputBlocks').objectStore('scoreInputBlocks').getAllKeys())) as number[];
    const scoreBlocks = (await req(db.transaction('scoreBlocks').objectStore('scoreBlocks').getAllKeys())) as number[];
    const alertCount = await req(db.transaction('alerts').objectStore('alerts').count());
    const sample = (await req(db.transaction('alerts').objectStore('alerts').getAll(null, 60))) as Record<string, unknown>[];
    const inputSample = (await req(db.transaction('scoreInputBlocks').objectStore('scoreInputBlocks').get(blocks[1]))) as unknown;
    const scoreSample = (await req(db.transaction('scoreBlocks').objectStore('scoreBlocks').get(scoreBlocks[1]))) as unknown;
    const bytes = {
      inputBlock: JSON.stringify(inputSample).length,
      scoreBlock: JSON.stringify(scoreSample).length,
      alert: Math.round(JSON.stringify(sample).length / Math.max(1, sample.length)),
      alertIndexes: [...db.transaction('alerts').objectStore('alerts').indexNames],
      alerts: alertCount,
      inputBlocks: blocks.length,
      scoreBlocks: scoreBlocks.length,
    };
    // A chunk of 200 contacts touches two or three blocks; ~54 new alerts per chunk on a first run (26,880 / 500).
    const perChunk = Math.max(1, Math.round(alertCount / Math.max(1, blocks.length / 2)));
    let fresh = 0;
    const alertRows = () =>
      sample.slice(0, perChunk).map((a) => {
        const { id: _id, ...rest } = a;
        return { ...rest, key: `diag:${fresh++}`, contactId: 1e9 + fresh };
      });
    const getPut = (store: string, keys: number[]) => async (tx: IDBTransaction) => {
      const os = tx.objectStore(store);
      const rows = await Promise.all(keys.map((key) => req(os.get(key))));
      await Promise.all(rows.map((row) => req(os.put(row))));
    };
    for (let round = 0; round < rounds; round++) {
      const b = 2 * (round % Math.floor(blocks.length / 2));
      const sb = 2 * (round % Math.floor(scoreBlocks.length / 2));
      await run('empty (alerts)', ['alerts'], async () => {});
      await run('empty relaxed (alerts)', ['alerts'], async () => {}, 'relaxed');
      await run('one small put (playbookMeta)', ['playbookMeta'], (tx) => req(tx.objectStore('playbookMeta').put({ key: 'diag', value: round })));
      await run('one small put relaxed', ['playbookMeta'], (tx) => req(tx.objectStore('playbookMeta').put({ key: 'diag', value: round })), 'relaxed');
      await run('one small put strict', ['playbookMeta'], (tx) => req(tx.objectStore('playbookMeta').put({ key: 'diag', value: round })), 'strict');
      await run('inputs: get+put 2 blocks', ['scoreInputBlocks', 'scoreInputMarks'], getPut('scoreInputBlocks', blocks.slice(b, b + 2)));
      await run('inputs: get+put 2 blocks relaxed', ['scoreInputBlocks', 'scoreInputMarks'], getPut('scoreInputBlocks', blocks.slice(b, b + 2)), 'relaxed');
      await run('scores: get+put 2 blocks', ['scoreBlocks'], getPut('scoreBlocks', scoreBlocks.slice(sb, sb + 2)));
      await run(`alerts: add ${perChunk} (${bytes.alertIndexes.length} indexes)`, ['alerts'], (tx) => Promise.all(alertRows().map((r) => req(tx.objectStore('alerts').add(r)))));
      await run(`alerts: add ${perChunk} relaxed`, ['alerts'], (tx) => Promise.all(alertRows().map((r) => req(tx.objectStore('alerts').add(r)))), 'relaxed');
      await run(`no-index store: put ${perChunk} alert-sized rows`, ['playbookMeta'], (tx) =>
        Promise.all(alertRows().map((r, i) => req(tx.objectStore('playbookMeta').put({ ...r, key: `diag:${round}:${i}` })))),
      );
      await run('contacts: keys of 200 (existence check)', ['alerts', 'contacts'], (tx) => req(tx.objectStore('contacts').getAllKeys(IDBKeyRange.bound(round * 200, round * 200 + 199))));
      await run('alerts: rows of 200 contacts by [contactId+open+key]', ['alerts'], (tx) =>
        req(
          tx
            .objectStore('alerts')
            .index('[contactId+open+key]')
            .getAll(IDBKeyRange.bound([round * 200], [round * 200 + 200], false, true)),
        ),
      );
    }
    // Clean up what this added.
    const tx = db.transaction(['alerts', 'playbookMeta'], 'readwrite');
    tx
      .objectStore('alerts')
      .index('[contactId+open+key]')
      .openCursor(IDBKeyRange.lowerBound([1e9])).onsuccess = function () {
      const c = this.result;
      if (c) (c.delete(), c.continue());
    };
    tx.objectStore('playbookMeta').delete(IDBKeyRange.bound('diag', 'diag\uffff'));
    await done(tx);
    db.close();
    return { times, bytes };
  }, ROUNDS);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(JSON.stringify(out.bytes));
  console.log(`per transaction, median of ${ROUNDS} (ms): work / commit`);
  for (const [name, t] of Object.entries(out.times)) console.log(`  ${median(t.work).toFixed(2).padStart(8)} / ${median(t.commit).toFixed(2).padStart(8)}  ${name}`);
} finally {
  await k.close();
}
