import type { KizunaDb } from '../db/schema';
import type { Alert } from '../db/types';
import { contactStoreOf } from '../contacts/dexie-store';
import type { BookSample } from './bands';
import { BandQueue } from './band-queue';
import { scoreBasis } from './score-history';
import type { ScorerConfig } from './scorer';
import { readBatch, readChunk, takeChunk, READ_AHEAD, type ReadBatch, type ReadTimes } from './recompute-read';
import { scoreChunk, type ChunkWrites } from './score-chunk';
import { applyBands, holdBackBlock, mergeWrites, noWriteTimes, writeChunk, type PendingWrites, type WriteTimes } from './recompute-write';

// The rescore's loop: reads (recompute-read.ts), scoring (score-chunk.ts) and writes (recompute-write.ts) are modules of their own.
export interface RecomputeOptions {
  now?: number;
  /** Only these contacts; default everyone. */
  ids?: readonly number[];
  /**
   * Contacts per chunk (scored together); default 500. Walking the book by id, one read transaction takes READ_AHEAD
   * chunks and one write transaction (when something changed) writes them; with `ids`, one of each per chunk. Chunks
   * that change nothing are larger (QUIET_GROWTH).
   */
  chunkSize?: number;
  /** Called after each chunk. */
  onProgress?: (done: number, total: number) => void;
  /** Between chunks, so other work (pages, messages) runs; default a macrotask. */
  pause?: () => Promise<void>;
  /** Before each write transaction (which holds up the pages' reads of contacts, scores and alerts while it runs); default none. */
  beforeWrite?: () => Promise<void>;
  signal?: AbortSignal;
  /**
   * Bands that follow the book (book-bands.ts): called once every contact is scored, with the book's scores; the
   * stored bands and "crossed into high risk" alerts then follow the bands it returns. Ignored with `ids`.
   */
  bookBands?: (book: BookSample) => Promise<{ medium: number; high: number }>;
}

export interface RecomputeResult {
  /** Contacts scored (churn-eligible ones). */
  scored: number;
  /** Contacts read (eligible or not). */
  read: number;
  /** Scores whose stored row changed (and were written). */
  changed: number;
  /** Stored scores removed: of contacts no longer scored for churn, or no longer there. */
  cleared: number;
  /** Alerts raised by this run. */
  alerts: Alert[];
  /** Every scored customer's score and how many customers churned within the horizon: what bandsForBook reads. */
  book: BookSample;
  ms: number;
  /** Where the time went: reading contacts, activities, scores and alerts; scoring and detecting; writing scores and alerts. */
  phases: { readMs: number; scoreMs: number; writeMs: number; bandsMs: number; reads: ReadTimes; writes: WriteTimes; bandWrites: WriteTimes };
}

const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * While chunks change nothing (every contact's score inputs current, no score, input or alert to write), the next
 * chunk reads this many times as many contacts: a daily rescore with nothing changed needs fewer round trips, and
 * its read-only transactions hold up no page. A chunk with something to write goes back to the chunk size.
 */
const QUIET_GROWTH = 5;

const quiet = (writes: ChunkWrites) => writes.scores.length === 0 && writes.removed.length === 0 && writes.inputs.length === 0 && writes.alertContacts.length === 0 && writes.closeAllOf.length === 0;

/**
 * Recomputes the stored scores (the ContactStore's scores) of every churn-eligible contact and raises alerts, in chunks of
 * contacts by id. Each READ_AHEAD chunks are one read batch (readBatch: contacts with their stored scores, inputs and
 * alerts; then, in a transaction of their own, activities), the next one asked for as soon as a batch is in hand,
 * scored a chunk at a time, and, only when something changed, one write transaction on the score inputs, scores and
 * alerts tables, which runs while the next batch's activities are read:
 * a rescore never writes a contact row. A pause between chunks lets other work run. With `bookBands`, the
 * bands come from this run's own scores: the rows and crossings wait for them (applyBands), so there is one
 * scoring pass.
 */
export async function recomputeRisk(db: KizunaDb, config: ScorerConfig, options: RecomputeOptions = {}): Promise<RecomputeResult> {
  const started = performance.now();
  const now = options.now ?? Date.now();
  const size = options.chunkSize ?? 500;
  const pause = options.pause ?? macrotask;
  const basis = scoreBasis(config);
  const total = options.ids ? options.ids.length : await contactStoreOf(db).count();
  const result: RecomputeResult = {
    scored: 0,
    read: 0,
    changed: 0,
    cleared: 0,
    alerts: [],
    book: { scores: [], churnedWithin: 0 },
    ms: 0,
    phases: { readMs: 0, scoreMs: 0, writeMs: 0, bandsMs: 0, reads: { contacts: 0, inputs: 0, scores: 0, alerts: 0, activities: 0 }, writes: noWriteTimes(), bandWrites: noWriteTimes() },
  };
  const bookBands = options.ids ? undefined : options.bookBands;
  const held = new BandQueue();
  const bookScores: number[] = [];
  let mark = performance.now();
  const lap = (phase: 'readMs' | 'scoreMs' | 'writeMs') => {
    const t = performance.now();
    result.phases[phase] += t - mark;
    mark = t;
  };
  let after = -Infinity;
  let offset = 0;
  let span = size;
  // Walking the book by id: the contacts read ahead in one transaction and not yet scored.
  let batch: ReadBatch | undefined;
  // The writes of the chunks scored since the last write transaction.
  let waiting: PendingWrites | undefined;
  // `upTo`: the last contact read so far, when the run goes on (its block's inputs and scores wait: holdBackBlock).
  const flush = async (upTo?: number) => {
    if (!waiting) return;
    const writes = waiting;
    waiting = upTo === undefined ? undefined : holdBackBlock(writes, upTo);
    if (options.beforeWrite) {
      await options.beforeWrite();
      mark = performance.now();
    }
    result.alerts.push(...(await writeChunk(db, writes, now, result.phases.writes)));
    lap('writeMs');
  };
  // The next batch, asked for as soon as the current one is in hand.
  let ahead: ReturnType<typeof readBatch> | undefined;
  for (;;) {
    if (options.signal?.aborted) break;
    mark = performance.now();
    let ids: readonly number[] | undefined;
    if (options.ids) {
      ids = options.ids.slice(offset, offset + span);
      offset += span;
      if (ids.length === 0) break;
    }
    let chunk: ReadBatch;
    if (ids) chunk = await readChunk(db, ids, result.phases.reads);
    else {
      if (!batch || batch.contacts.length === 0) {
        const next = ahead ?? readBatch(db, Math.max(span, size * READ_AHEAD), after, result.phases.reads, size);
        batch = await next.batch;
        // The next batch is asked for at once (IndexedDB reads it off this thread): its contacts, inputs, scores and
        // alerts while this one is scored, its activities while this one is scored and written (readBatch).
        ahead = batch.upTo === Infinity ? undefined : readBatch(db, size * Math.max(QUIET_GROWTH, READ_AHEAD), batch.upTo, result.phases.reads, size);
      }
      chunk = takeChunk(batch, span, after);
    }
    lap('readMs');
    const writes = scoreChunk(config, chunk, now, basis, bookBands !== undefined);
    lap('scoreMs');
    // The batch's write transaction would wait for the next batch's stored read (their tables overlap, and that read
    // was asked first): waited for here, as reading. Not for its activities, which the write does not wait for.
    if (ahead && batch?.contacts.length === 0) {
      await ahead.stored;
      lap('readMs');
    }
    // Holding the chunk's new alerts for applyBands took longer on a loaded machine than adding them here
    // (bench/risk-recompute.ts at 0.1, 2 Dec 2026): they are added with their batch.
    waiting = mergeWrites(waiting, writes);
    // One write transaction per read batch (with `ids`, per chunk): each transaction's commit and round trips cost
    // about the same whatever it writes, and a batch's chunks share their blocks of score inputs (issue #12).
    if (ids || !batch || batch.contacts.length === 0) await flush(ids || chunk.upTo === Infinity ? undefined : chunk.upTo);
    for (const score of writes.riskScores) bookScores.push(score);
    if (bookBands) held.append(writes.deferred);
    result.book.churnedWithin += writes.churnedWithin;
    result.read += chunk.contacts.length;
    result.scored += writes.scored;
    result.changed += writes.scores.length;
    result.cleared += writes.removed.length;
    options.onProgress?.(result.read, total);
    span = chunk.activities.length === 0 && quiet(writes) ? size * QUIET_GROWTH : size;
    if (!ids) {
      if (chunk.upTo === Infinity) break;
      after = chunk.upTo;
    }
    await pause();
  }
  // Stopped (aborted) within a batch: what was scored is still written.
  await flush();
  result.book.scores = bookScores;
  if (bookBands && !options.signal?.aborted) {
    const banding = performance.now();
    const bands = await bookBands(result.book);
    const settled = { ...config, settings: { ...config.settings, rules: { ...config.settings.rules, bands } } };
    const applied = await applyBands(db, settled, held, now, basis, { pause, beforeWrite: options.beforeWrite, signal: options.signal, times: result.phases.bandWrites });
    result.changed += applied.changed;
    result.alerts.push(...applied.alerts);
    result.phases.bandsMs = performance.now() - banding;
  }
  result.ms = performance.now() - started;
  return result;
}
