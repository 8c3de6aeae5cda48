// The rescore's read side (issue #12): a batch of contacts with their stored score inputs, scores and alerts in one
// read-only transaction, then the activities of those whose inputs are not current in a transaction of their own.
import type { Table } from 'dexie';
import { contactStoreOf } from '../contacts/dexie-store';
import type { KizunaDb } from '../db/schema';
import type { Activity, Contact, StoredScore } from '../db/types';
import { alertKeysOf, type AlertKey } from './alert-store';
import { churnEligible } from './eligible';
import { sameAddress, scoreInputsVersion } from './score-inputs';
import { inputsInRange, inputsOf, type ScoreInputRow } from '../db/score-inputs';

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
export const isCurrent = (r: ScoreInputRow | undefined, contact: Pick<Contact, 'email'>, version = scoreInputsVersion()) =>
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
export interface ReadBatch extends ChunkData {
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
export function readChunk(db: KizunaDb, ids: readonly number[], times?: ReadTimes): Promise<ReadBatch> {
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
export function readBatch(db: KizunaDb, size: number, after: number, times: ReadTimes, piece: number): { stored: Promise<unknown>; batch: Promise<ReadBatch> } {
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
export function takeChunk(batch: ReadBatch, span: number, after: number): ReadBatch {
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
