import type { Table } from 'dexie';
import { contactStoreOf } from '../contacts/dexie-store';
import type { KizunaDb } from '../db/schema';
import type { Activity, Alert, Contact, StoredScore } from '../db/types';
import { bandFor, type BookSample } from './bands';
import { addAlerts, alertKeysOf, alertsChangeFor, dropAlertsOfGone, storeAlerts, type AlertKey } from './alert-store';
import { BandQueue, type HeldScore } from './band-queue';
import { detectAlerts, unansweredKeys, type AlertDraft } from './alerts';
import type { ChurnScore } from './rules';
import { churnEligible } from './eligible';
import { nextStoredScore, scoreBasis } from './score-history';
import { scoreEvents, type ScorerConfig } from './scorer';
import { mailEventsOf } from './from-activities';
import { sameAddress, scoreInputsVersion, storedInputs } from './score-inputs';
import { inputsInRange, inputsOf, storeInputs, type ScoreInputEntry, type ScoreInputRow } from '../db/score-inputs';
import { blockOf } from '../db/score-blocks';

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

const DAY = 86_400_000;
const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
/** What one chunk needs from the database. */
export interface ChunkData {
  contacts: Contact[];
  activities: Activity[];
  /** Stored scores of the chunk's id range (or ids), including rows of contacts that are gone. */
  scores: StoredScore[];
  /** Stored alerts of the chunk's contacts: their index keys only (alertKeysOf), no alert row. */
  alerts: AlertKey[];
  /** Stored score inputs of the chunk's contacts (lib/db/score-inputs.ts): a contact with current ones has no activities here. */
  inputs?: ScoreInputRow[];
}

/**
 * The read phase by request, summed over chunks: each the time from its request to its answer. The inputs, scores and
 * alerts are asked for together (one transaction answers them in turn), so each of those includes the wait for the
 * ones before it: the differences between them, in that order, are what each cost. A batch read ahead is answered
 * while chunks are scored and written: these then add up to more than the read phase (`readMs`, the time spent
 * waiting for reads).
 */
export interface ReadTimes {
  contacts: number;
  inputs: number;
  scores: number;
  alerts: number;
  activities: number;
}

const timed = async <T>(times: ReadTimes | undefined, part: keyof ReadTimes, read: Promise<T> | T): Promise<T> => {
  const started = performance.now();
  const out = await read;
  if (times) times[part] += performance.now() - started;
  return out;
};

/** Index ranges per chunk at most: beyond this, one range over the chunk's eligible contacts, filtered. */
const MAX_RANGES = 8;

/**
 * The activities of a chunk's churn-eligible contacts (the others are not scored, so theirs are not read).
 * Contacts next to each other in the chunk are read as one range of the contactIds index (one request, much
 * faster than a lookup per contact), so leads, churned and do-not-contact contacts between them are skipped;
 * a chunk of scattered ids is read by lookups.
 */
function activitiesOf(db: KizunaDb, contacts: readonly Contact[], scattered: boolean, current: ReadonlySet<number>): Promise<Activity[]> {
  const sorted = [...contacts].sort((a, b) => a.id - b.id);
  // Contacts with current score inputs need none of their activities.
  const needed = (c: Contact) => churnEligible(c) && !current.has(c.id);
  const ids = sorted.filter(needed).map((c) => c.id);
  if (ids.length === 0) return Promise.resolve([]);
  if ((scattered || current.size > 0) && ids[ids.length - 1] - ids[0] + 1 > ids.length * 2) return db.activities.where('contactIds').anyOf(ids).toArray();
  let ranges: [number, number][] = [];
  let open = false;
  for (const c of sorted) {
    if (!needed(c)) open = false;
    else if (open) ranges[ranges.length - 1][1] = c.id;
    else {
      ranges.push([c.id, c.id]);
      open = true;
    }
  }
  if (ranges.length > MAX_RANGES) ranges = [[ids[0], ids[ids.length - 1]]];
  const wanted = new Set(ids);
  return Promise.all(ranges.map(([lo, hi]) => db.activities.where('contactIds').between(lo, hi, true, true).toArray())).then((parts) =>
    parts.flat().filter((a) => a.contactIds.some((id) => wanted.has(id))),
  );
}

/** Whether stored inputs score their contact without its activities: not marked stale, of this code's version, built for its address. */
const isCurrent = (r: ScoreInputRow | undefined, contact: Pick<Contact, 'email'>, version = scoreInputsVersion()) =>
  r !== undefined && r.rev === undefined && r.mail !== undefined && r.v === version && sameAddress(r.me, contact.email);

/** The ids of the contacts whose inputs are current. */
function currentInputs(inputs: readonly ScoreInputRow[], contacts: readonly Contact[]): Set<number> {
  const byId = new Map(inputs.map((r) => [r.contactId, r]));
  return new Set(contacts.filter((c) => isCurrent(byId.get(c.id), c)).map((c) => c.id));
}

/**
 * Chunks of contacts one read batch takes when the rescore walks the book by id: a batch is read in three round trips
 * (contacts; their inputs, scores and alerts; the activities of those that need them), then scored and written a chunk
 * at a time. Reading each chunk in its own transaction cost those three round trips per chunk, and at 200 contacts a
 * chunk the round trips, not the rows, were most of a first full rescore's read phase (issue #12).
 */
export const READ_AHEAD = 5;

/** What one read loaded: a chunk's data, or a batch of chunks' (takeChunk hands them out). */
interface ReadBatch extends ChunkData {
  /** The stored scores and contacts read go up to this id (Infinity: to the end). */
  upTo: number;
}

/** A batch read without its activities (readStored), and the contacts whose score inputs are current. */
type StoredBatch = Omit<ReadBatch, 'activities'> & { current: Set<number> };

/** The tables readStored reads: everything a batch needs but the activities. */
const storedTables = (db: KizunaDb): Table[] => [...contactStoreOf(db).readTables, db.scoreBlocks, db.alerts, db.scoreInputBlocks, db.scoreInputMarks];

/**
 * The next `size` contacts after `after` (or these ids), their score inputs (a row per block of ids and the blocks'
 * stale marks, lib/db/score-inputs.ts), stored scores and alerts: each one request over a key range (or one bulk get),
 * a batch a few requests however many contacts it holds. Call inside a read transaction on storedTables.
 */
async function readStored(db: KizunaDb, size: number, after: number, ids?: readonly number[], times?: ReadTimes): Promise<StoredBatch> {
  const store = contactStoreOf(db);
  if (ids) {
    // The rescore reads no tags: `untagged` leaves their membership unread.
    const contacts = await timed(times, 'contacts', store.untagged({ ids }));
    const found = contacts.map((c) => c.id);
    const [inputs, scores, alerts] = await Promise.all([
      timed(times, 'inputs', found.length ? inputsOf(db, found) : []),
      timed(
        times,
        'scores',
        store.scores.getMany([...ids]).then((rows) => rows.filter((r): r is StoredScore => r !== undefined)),
      ),
      timed(times, 'alerts', found.length ? alertKeysOf(db, { ids: found }) : []),
    ]);
    return { contacts, scores, alerts, inputs, upTo: after, current: currentInputs(inputs, contacts) };
  }
  const contacts = await timed(times, 'contacts', store.untagged({ after, limit: size }));
  // The last batch also takes the stored scores past the last contact (contacts deleted since).
  const upTo = contacts.length < size ? Infinity : contacts[contacts.length - 1].id;
  const found = contacts.map((c) => c.id);
  const lo = found[0] ?? 0;
  const hi = found[found.length - 1] ?? 0;
  const [inputs, scores, alerts] = await Promise.all([
    timed(times, 'inputs', found.length ? inputsInRange(db, lo, hi) : []),
    timed(times, 'scores', store.scores.page({ after, upTo })),
    timed(times, 'alerts', found.length ? alertKeysOf(db, { lo, hi }) : []),
  ]);
  return { contacts, scores, alerts, inputs, upTo, current: currentInputs(inputs, contacts) };
}

/**
 * The activities of a batch's contacts whose inputs are not current, asked for a `piece` of contacts per request, all at
 * once: no round trip more, and each request stays as short as a chunk's (a page's request waits behind one at most).
 * Call inside a read transaction on the activities.
 */
function readActivities(db: KizunaDb, stored: StoredBatch, scattered: boolean, times?: ReadTimes, piece = stored.contacts.length): Promise<Activity[]> {
  const { contacts, current } = stored;
  const parts: Promise<Activity[]>[] = [];
  for (let i = 0; i < contacts.length; i += Math.max(1, piece)) parts.push(activitiesOf(db, contacts.slice(i, i + piece), scattered, current));
  return timed(
    times,
    'activities',
    Promise.all(parts).then((lists) => lists.flat()),
  );
}

/**
 * One read-only transaction over what a chunk of these ids needs: readStored, then the activities of those whose inputs
 * are not current.
 */
function readChunk(db: KizunaDb, ids: readonly number[], times?: ReadTimes): Promise<ReadBatch> {
  // Only the tables read: a read-only transaction still waits for any earlier write on a table in its scope (a tag
  // added in a page, the team outbox), and those writes for it.
  return db.transaction('r', [...storedTables(db), db.activities], async () => {
    const stored = await readStored(db, ids.length, -Infinity, ids, times);
    const { current: _current, ...rest } = stored;
    return { ...rest, activities: await readActivities(db, stored, true, times) };
  });
}

/**
 * A batch of the walk by id, in two read-only transactions: `stored`, the next `size` contacts after `after` with their
 * inputs, scores and alerts (readStored); then `batch`, with the activities of those whose inputs are not current, read
 * in a transaction of the activities table alone. The batch's own write transaction (score inputs, scores, alerts)
 * overlaps only the first: it waits for `stored`, not for the activities, so the previous batch is written while the
 * activities of this one are read.
 */
function readBatch(db: KizunaDb, size: number, after: number, times: ReadTimes, piece: number): { stored: Promise<unknown>; batch: Promise<ReadBatch> } {
  const stored = db.transaction('r', storedTables(db), () => readStored(db, size, after, undefined, times));
  const batch = stored.then(async (s) => {
    const { current: _current, ...rest } = s;
    const needed = s.contacts.some((c) => churnEligible(c) && !s.current.has(c.id));
    const activities = needed ? await db.transaction('r', [db.activities], () => readActivities(db, s, false, times, piece)) : [];
    return { ...rest, activities };
  });
  // Awaited by the loop; a run stopped before then leaves them unanswered, not unhandled.
  stored.catch(() => {});
  batch.catch(() => {});
  return { stored, batch };
}

/**
 * Takes the next chunk (at most `span` contacts) out of a batch read after `after`: the chunk's contacts, the stored
 * scores of its id range (after, its last contact] (the batch's last chunk: to the batch's end, deleted contacts' rows
 * included), and the activities, inputs and alerts of its contacts. What is taken leaves the batch.
 */
function takeChunk(batch: ReadBatch, span: number, after: number): ReadBatch {
  const contacts = batch.contacts.splice(0, span);
  const upTo = batch.contacts.length === 0 ? batch.upTo : contacts[contacts.length - 1].id;
  const inRange = (id: number) => id > after && id <= upTo;
  const ids = new Set(contacts.map((c) => c.id));
  return {
    contacts,
    upTo,
    scores: batch.scores.filter((s) => inRange(s.contactId)),
    alerts: batch.alerts.filter((a) => inRange(a.contactId)),
    inputs: (batch.inputs ?? []).filter((r) => inRange(r.contactId)),
    activities: batch.activities.filter((a) => a.contactIds.some((id) => ids.has(id))),
  };
}

/** The writes one chunk needs: changed score rows, rows to remove, alerts to add or close. */
export interface ChunkWrites {
  scores: StoredScore[];
  removed: number[];
  drafts: AlertDraft[];
  /** Contacts whose alerts need a write (new alerts, answered ones to close, or all to close). */
  alertContacts: number[];
  /** Keys of messages still waiting for an answer (any age). */
  pending: Set<string>;
  /** Contacts not scored for churn with open alerts: all closed. */
  closeAllOf: number[];
  scored: number;
  /** The score of each contact scored. */
  riskScores: number[];
  /** Churned contacts whose churnedAt lies within the settings' horizon before now. */
  churnedWithin: number;
  /**
   * With bands still to settle: each scored contact's score, written once the bands are known (applyBands), with the
   * "crossed into high risk" alerts; the chunk's other alerts are added with its write.
   */
  deferred: BandQueue;
  /** Score inputs built from activities, to store unless the contact's stale mark changed since it was read (`read`: its `rev`, undefined for none). */
  inputs: { entry: ScoreInputEntry; read?: number }[];
}

/**
 * Scores one chunk of contacts with what readChunk loaded and works out its writes, without writing: only
 * churn-eligible contacts are scored (others lose a stored score and their open alerts), only changed scores
 * are written, and the alert table is written only when an alert is new or must close.
 */
export function scoreChunk(config: ScorerConfig, data: ChunkData, now: number, basis = scoreBasis(config), deferBands = false): ChunkWrites {
  const byContact = new Map<number, Activity[]>();
  const seen = new Set<number>();
  for (const a of data.activities) {
    // A multi-entry index range gives an activity of two contacts in the range twice.
    if (seen.has(a.id)) continue;
    seen.add(a.id);
    for (const id of a.contactIds) {
      let list = byContact.get(id);
      if (!list) byContact.set(id, (list = []));
      list.push(a);
    }
  }
  const stored = new Map(data.scores.map((s) => [s.contactId, s]));
  const alertsOf = new Map<number, AlertKey[]>();
  for (const a of data.alerts) (alertsOf.get(a.contactId) ?? alertsOf.set(a.contactId, []).get(a.contactId)!).push(a);
  const out: ChunkWrites = {
    scores: [],
    removed: [],
    drafts: [],
    alertContacts: [],
    pending: new Set(),
    closeAllOf: [],
    scored: 0,
    riskScores: [],
    churnedWithin: 0,
    deferred: new BandQueue(),
    inputs: [],
  };
  const inputs = new Map((data.inputs ?? []).map((r) => [r.contactId, r]));
  const version = scoreInputsVersion();
  const recent = now - config.settings.horizonDays * DAY;
  const listed = new Set<number>();
  for (const contact of data.contacts) {
    listed.add(contact.id);
    const prev = stored.get(contact.id);
    const theirs = alertsOf.get(contact.id) ?? [];
    if (!churnEligible(contact)) {
      if (contact.stage === 'churned' && contact.churnedAt !== undefined && contact.churnedAt >= recent && contact.churnedAt <= now) out.churnedWithin++;
      if (prev) out.removed.push(contact.id);
      if (theirs.some((a) => a.open === 1)) out.closeAllOf.push(contact.id);
      continue;
    }
    out.scored++;
    const kept = inputs.get(contact.id);
    let mail = isCurrent(kept, contact, version) ? kept!.mail : undefined;
    if (!mail) {
      // Scored with the summary as stored (storedInputs): the next run, which reads it, gives the same score.
      const built = storedInputs(mailEventsOf(byContact.get(contact.id) ?? []), contact.email);
      mail = built.mail;
      out.inputs.push({ entry: { contactId: contact.id, v: version, ...built }, read: kept?.rev });
    }
    const { risk, input } = scoreEvents(config, contact, mail, now, { reasons: false });
    out.riskScores.push(risk.score);
    let drafts = detectAlerts({ ...contact, riskBand: prev?.band }, risk, input, config.settings.rules, { now, timeZone: config.timeZone });
    // The band and its crossing wait for the book's bands (applyBands); the other alerts do not depend on them.
    if (deferBands) drafts = drafts.filter((d) => d.kind !== 'high-risk');
    const pending = unansweredKeys(contact.id, input);
    for (const key of pending) out.pending.add(key);
    const waiting = new Set(pending);
    if (alertsChangeFor(theirs, drafts, waiting)) {
      out.alertContacts.push(contact.id);
      out.drafts.push(...drafts);
    }
    if (deferBands) {
      const same = prev !== undefined && nextStoredScore(prev, contact.id, { ...risk, band: prev.band }, basis, now, config.timeZone) === null;
      out.deferred.push({ contactId: contact.id, score: risk.score, probability: risk.probability, horizonDays: risk.horizonDays, same, storedBand: prev?.band });
      continue;
    }
    const next = nextStoredScore(prev, contact.id, risk, basis, now, config.timeZone);
    if (next) out.scores.push(next);
  }
  // Stored scores of contacts that are gone.
  for (const s of data.scores) if (!listed.has(s.contactId)) out.removed.push(s.contactId);
  return out;
}

/**
 * While chunks change nothing (every contact's score inputs current, no score, input or alert to write), the next
 * chunk reads this many times as many contacts: a daily rescore with nothing changed needs fewer round trips, and
 * its read-only transactions hold up no page. A chunk with something to write goes back to the chunk size.
 */
const QUIET_GROWTH = 5;

const quiet = (writes: ChunkWrites) => writes.scores.length === 0 && writes.removed.length === 0 && writes.inputs.length === 0 && writes.alertContacts.length === 0 && writes.closeAllOf.length === 0;

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
type PendingWrites = Pick<ChunkWrites, 'scores' | 'removed' | 'drafts' | 'alertContacts' | 'pending' | 'closeAllOf' | 'inputs'>;

/** Adds a chunk's writes to those waiting for the next write transaction (`into`, changed in place, or a new one). */
function mergeWrites(into: PendingWrites | undefined, w: ChunkWrites): PendingWrites {
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
function holdBackBlock(writes: PendingWrites, upTo: number): PendingWrites | undefined {
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
async function writeChunk(db: KizunaDb, writes: PendingWrites, now: number, times: WriteTimes): Promise<Alert[]> {
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
async function applyBands(
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
