// The rescore's write side (issue #12): a batch's score inputs, scores and alerts in one transaction, each block of
// inputs and scores written once in a run, and the second step that writes the bands once the book's are settled.
import type { Table } from 'dexie';
import { contactStoreOf } from '../contacts/dexie-store';
import type { KizunaDb } from '../db/schema';
import type { Alert, StoredScore } from '../db/types';
import { bandFor } from './bands';
import { addAlerts, dropAlertsOfGone, storeAlerts } from './alert-store';
import type { BandQueue, HeldScore } from './band-queue';
import { detectAlerts, type AlertDraft } from './alerts';
import type { ChurnScore } from './rules';
import { nextStoredScore } from './score-history';
import type { ScorerConfig } from './scorer';
import { blockOf } from '../db/score-blocks';
import { storeInputs } from '../db/score-inputs';
import type { ChunkWrites } from './score-chunk';

/**
 * The write phase by table, summed over transactions: each the time from its request to its answer (the requests of one
 * transaction go out together and IndexedDB answers them in turn, so each includes the wait for those before it), and
 * `commit` from the last answer to the transaction's end. `inputs` includes their stale marks.
 */
export interface WriteTimes {
  inputs: number;
  scores: number;
  alerts: number;
  commit: number;
  transactions: number;
  /** Rows written: score blocks are counted as the scores put in them. */
  alertRows: number;
  scoreRows: number;
  inputRows: number;
}

export const noWriteTimes = (): WriteTimes => ({ inputs: 0, scores: 0, alerts: 0, commit: 0, transactions: 0, alertRows: 0, scoreRows: 0, inputRows: 0 });

/** Runs a readwrite transaction and times its commit (from the callback's answer to the transaction's end). */
async function timedTransaction<T>(db: KizunaDb, tables: Table[], times: WriteTimes, work: () => Promise<T>): Promise<T> {
  let answered = 0;
  const out = await db.transaction('rw', tables, async () => {
    const result = await work();
    answered = performance.now();
    return result;
  });
  times.commit += performance.now() - answered;
  times.transactions++;
  return out;
}

const since = (started: number) => performance.now() - started;

/** What a write transaction stores: the writes of one chunk, or of several merged (mergeWrites). */
export type PendingWrites = Pick<ChunkWrites, 'scores' | 'removed' | 'drafts' | 'alertContacts' | 'pending' | 'closeAllOf' | 'inputs'>;

/** Adds a chunk's writes to those waiting for the next write transaction (`into`, changed in place, or a new one). */
export function mergeWrites(into: PendingWrites | undefined, w: ChunkWrites): PendingWrites {
  if (!into)
    return {
      scores: [...w.scores],
      removed: [...w.removed],
      drafts: [...w.drafts],
      alertContacts: [...w.alertContacts],
      pending: new Set(w.pending),
      closeAllOf: [...w.closeAllOf],
      inputs: [...w.inputs],
    };
  into.scores.push(...w.scores);
  into.removed.push(...w.removed);
  into.drafts.push(...w.drafts);
  into.alertContacts.push(...w.alertContacts);
  for (const key of w.pending) into.pending.add(key);
  into.closeAllOf.push(...w.closeAllOf);
  into.inputs.push(...w.inputs);
  return into;
}

/**
 * Takes the score inputs and scores of contact `upTo`'s block (lib/db/score-blocks.ts) out of `writes`, when the block
 * goes on past `upTo`: the next read batch starts inside it, so they wait for that batch's write, and each block of
 * inputs and scores is written once in a run. (A block written at the end of two batches cost a second read-modify-
 * write of ~20 kB of inputs and its share of the bytes LevelDB then compacts: issue #12.) Returns what is held back.
 */
export function holdBackBlock(writes: PendingWrites, upTo: number): PendingWrites | undefined {
  const block = blockOf(upTo);
  if (blockOf(upTo + 1) !== block) return undefined;
  const held = (id: number) => blockOf(id) === block;
  const inputs = writes.inputs.filter((i) => held(i.entry.contactId));
  const scores = writes.scores.filter((s) => held(s.contactId));
  const removed = writes.removed.filter(held);
  if (inputs.length === 0 && scores.length === 0 && removed.length === 0) return undefined;
  writes.inputs = writes.inputs.filter((i) => !held(i.entry.contactId));
  writes.scores = writes.scores.filter((s) => !held(s.contactId));
  writes.removed = writes.removed.filter((id) => !held(id));
  // No alert: alerts are written with their own batch (they are not packed in blocks).
  return { inputs, scores, removed, drafts: [], alertContacts: [], pending: new Set(), closeAllOf: [] };
}

/**
 * Writes the changes of one or more chunks in one transaction: alerts and scores together (a "crossed into high risk"
 * alert and the band it compared with). With the bands still to settle, new "crossed into high risk" alerts wait for
 * applyBands.
 */
export async function writeChunk(db: KizunaDb, writes: PendingWrites, now: number, times: WriteTimes): Promise<Alert[]> {
  const { drafts, alertContacts } = writes;
  const alertWork = alertContacts.length > 0 || writes.closeAllOf.length > 0;
  if (!alertWork && writes.scores.length === 0 && writes.removed.length === 0 && writes.inputs.length === 0) return [];
  // Not the contacts: the drafted contacts were read with their chunk, and those deleted since lose their new alerts
  // once written (dropAlertsOfGone), so the write does not hold up the sidebar's contact reads while it runs. (The
  // store's score writes need only the scores table: sub-transactions of this one.)
  const store = contactStoreOf(db);
  const tables: Table[] = [db.alerts, db.scoreBlocks];
  if (writes.inputs.length) tables.push(db.scoreInputBlocks, db.scoreInputMarks);
  // The writes go out together: one transaction either way, and each awaited call would cost a round trip.
  const added = await timedTransaction(db, tables, times, async () => {
    const started = performance.now();
    const others = Promise.all([
      // An activity written since the chunk was read gave its contact a new mark: the inputs built before it are not stored.
      storeInputs(db, writes.inputs).then(() => (times.inputs += since(started))),
      // One call each, in turn: each merges its rows into the stored blocks (lib/db/score-blocks.ts).
      store.scores
        .put(writes.scores)
        .then(() => store.scores.delete(writes.removed))
        .then(() => (times.scores += since(started))),
    ]);
    // A failed alert write aborts the transaction, and the others with it: its error is the one to report.
    others.catch(() => {});
    const added = alertWork ? (await storeAlerts(db, drafts, alertContacts, now, writes.pending, writes.closeAllOf, 'by-caller')).added : [];
    times.alerts += since(started);
    await others;
    times.inputRows += writes.inputs.length;
    times.scoreRows += writes.scores.length + writes.removed.length;
    times.alertRows += added.length;
    return added;
  });
  return dropAlertsOfGone(db, added);
}

/** Alerts added per transaction of applyBands, at most (about): fewer transactions, each holding the contacts' table briefly. */
const ALERTS_PER_WRITE = 5 * 49;
/** Held scores per transaction of applyBands, at most (before rounding up to a block's end). */
const SCORES_PER_WRITE = 2000;

/**
 * The second, cheap step of a rescore whose bands follow the book: with every score known and the bands settled,
 * writes the score rows whose stored row differs (score or band) and raises "crossed into high risk" for those now
 * high that were not: the rows and alerts of a range of contacts in one transaction (an alert lost with a failed write is raised on the next run, as
 * the row still has the band it crossed from), each block of scores written once. Reads, in that transaction, only
 * the stored score rows of the blocks it writes (their history continues) and the keys of the range's alerts.
 */
export async function applyBands(
  db: KizunaDb,
  config: ScorerConfig,
  held: BandQueue,
  now: number,
  basis: string,
  options: { pause: () => Promise<void>; beforeWrite?: () => Promise<void>; signal?: AbortSignal; times: WriteTimes },
): Promise<{ changed: number; alerts: Alert[] }> {
  const { rules } = config.settings;
  const { times } = options;
  const store = contactStoreOf(db);
  const out = { changed: 0, alerts: [] as Alert[] };
  let end: number;
  for (let i = 0; i < held.length; i = end) {
    if (options.signal?.aborted) break;
    // A range ends on a block boundary (lib/db/score-blocks.ts), so each block of scores is written once.
    end = i;
    let alerts = 0;
    const rows: { held: HeldScore; risk: ChurnScore }[] = [];
    const crossings: AlertDraft[] = [];
    while (end < held.length && (end === i || blockOf(held.ids[end]) === blockOf(held.ids[end - 1]) || (end - i < SCORES_PER_WRITE && alerts < ALERTS_PER_WRITE))) {
      const h = held.at(end++);
      const band = bandFor(h.score, rules.bands);
      if (h.same && h.storedBand === band) continue;
      const risk: ChurnScore = {
        score: h.score,
        band,
        reasons: [],
        ...(h.probability !== undefined ? { probability: h.probability } : {}),
        ...(h.horizonDays !== undefined ? { horizonDays: h.horizonDays } : {}),
      };
      rows.push({ held: h, risk });
      // Only the crossing: an input without mail or CRM signals raises nothing else.
      const subject = { id: h.contactId, stage: 'customer' as const, doNotContact: 0 as const, riskBand: h.storedBand };
      for (const c of detectAlerts(subject, risk, { now }, rules, { now, timeZone: config.timeZone })) (crossings.push(c), alerts++);
    }
    const lo = held.ids[i];
    const hi = held.ids[end - 1];
    const adding = crossings;
    if (rows.length === 0 && adding.length === 0) continue;
    if (i > 0) await options.pause();
    await options.beforeWrite?.();
    const tables: Table[] = adding.length ? [db.alerts, db.scoreBlocks, ...store.readTables] : [db.scoreBlocks];
    const added = await timedTransaction(db, tables, times, async () => {
      const started = performance.now();
      const alertsAdded = addAlerts(db, adding, lo, hi).then((a) => ((times.alerts += since(started)), a));
      // A failed alert write aborts the transaction, and the scores with it: its error is the one to report.
      alertsAdded.catch(() => {});
      let written = 0;
      if (rows.length) {
        // The stored rows of the range, read in this transaction: each score's history continues from its row. None
        // when no row had one when its chunk was read (a first run): no read, as the block write reads the blocks anyway.
        const stored = new Map(rows.some((r) => r.held.storedBand !== undefined) ? (await store.scores.page({ after: lo - 1, upTo: hi })).map((r) => [r.contactId, r]) : []);
        const next = rows.map(({ held: h, risk }) => nextStoredScore(stored.get(h.contactId), h.contactId, risk, basis, now, config.timeZone)).filter((r): r is StoredScore => r !== null);
        await store.scores.put(next);
        written = next.length;
        times.scores += since(started);
      }
      const result = await alertsAdded;
      out.changed += written;
      times.scoreRows += written;
      times.alertRows += result.length;
      return result;
    });
    out.alerts.push(...added);
  }
  return out;
}
