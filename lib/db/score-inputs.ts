import type { Table } from 'dexie';
import type { MailEvent, MailSummary } from '../churn/signals';
import { blockOf } from './score-blocks';

// What a contact's churn score reads from its history, kept so that the rescore need not read the history again
// (lib/churn/score-inputs.ts): the summary of its mail events (MailSummary: counts, their message times, the messages
// still waiting for an answer, those with churn wording and its words; schema 17). Schemas 15–16 kept the events
// themselves, so a first full rescore wrote the whole history's volume again (issue #12). Packed like the scores, a
// block of contact ids per row (schema 15): a first full rescore of 100,000 contacts wrote and re-read 100,000 rows,
// each costing about the same whatever its size.
//
// Staleness lives apart, in `scoreInputMarks` (one small row per block, only for blocks with stale contacts): any
// write to a contact's activities puts a new `rev` for that contact there, in the same transaction (the ActivityStore,
// lib/activities/dexie-store.ts, the one writer of activities), without reading or rewriting the block of inputs. A
// contact's stored inputs are current only while it has no mark. The rescore reads the activities of a marked contact,
// and stores the summary it built, taking the mark away, only if the mark is still the one it read (`rev`).

/** One contact's inputs as the rescore builds them. */
export interface ScoreInputEntry {
  contactId: number;
  /** Of the code that built `mail` (see scoreInputsVersion); inputs of another version are not used. */
  v: string;
  /** The contact's address the summary was built for, lower-cased (absent: none): another address reads other mail as theirs. */
  me?: string;
  mail: MailSummary;
}

/**
 * A MailSummary as stored: one array, so that an entry writes no field names, and the messages waiting for an answer
 * as indexes into `heard` (each is one of their messages heard) with their ids (null: none). Do not change without
 * bumping FORMAT (lib/churn/score-inputs.ts).
 */
export type PackedMail = [
  inbound: number,
  outbound: number,
  undated: number,
  ourLastAt: number | null,
  replyMs: number | null,
  replySamples: number,
  heard: number[],
  waiting: number[],
  waitingIds: (string | null)[],
  intent: MailSummary['intent'],
];

/** One contact's stored inputs in a block: a ScoreInputEntry with its summary packed. */
export type StoredInputEntry = Omit<ScoreInputEntry, 'mail'> & { mail: PackedMail };

/** A summary as stored (unpackMail reads it back). */
export function packMail(m: MailSummary): PackedMail {
  const index = new Map<number, number>();
  m.heard.forEach((at, i) => {
    if (!index.has(at)) index.set(at, i);
  });
  const waiting = m.waiting.map((w) => index.get(w.at)!);
  return [m.inbound, m.outbound, m.undated, m.ourLastAt, m.replyMs, m.replySamples, m.heard, waiting, m.waiting.map((w) => w.messageId ?? null), m.intent];
}

/** The summary of a stored one (packMail). */
export function unpackMail(p: PackedMail): MailSummary {
  const [inbound, outbound, undated, ourLastAt, replyMs, replySamples, heard, waiting, ids, intent] = p;
  return {
    inbound,
    outbound,
    undated,
    heard,
    ourLastAt,
    replyMs,
    replySamples,
    waiting: waiting.map((i, k) => ({ at: heard[i], ...(ids[k] !== null ? { messageId: ids[k] } : {}) })),
    intent,
  };
}

const packed = (e: ScoreInputEntry): StoredInputEntry => ({ ...e, mail: packMail(e.mail) });

/** One row of `scoreInputBlocks`: the inputs of one block of contact ids (blockOf), ascending by contact id. Do not change without a migration. */
export interface ScoreInputBlockRow {
  block: number;
  inputs: StoredInputEntry[];
}

/** One row of `scoreInputMarks`: the stale contacts of one block, each with its revision (never empty). */
export interface ScoreInputMarkRow {
  block: number;
  /** Contact id → revision (a random number, new with every write to the contact's activities). */
  revs: Record<number, number>;
}

/** A contact's score inputs as the rescore reads them: `rev` when marked stale (its `mail` is then not to be used). */
export interface ScoreInputRow {
  contactId: number;
  rev?: number;
  v?: string;
  me?: string;
  mail?: MailSummary;
}

/** A fresh revision for a stale mark. */
export const newRev = (): number => Math.random();

/** The tables behind the score inputs. */
export interface ScoreInputTables {
  scoreInputBlocks: Table<ScoreInputBlockRow, number>;
  scoreInputMarks: Table<ScoreInputMarkRow, number>;
}

const blocksOf = (ids: Iterable<number>) => [...new Set([...ids].map(blockOf))].sort((a, b) => a - b);

/** The rows of some stored blocks and marks, for these contacts only (or every contact in them). */
function rowsOf(blocks: readonly (ScoreInputBlockRow | undefined)[], marks: readonly (ScoreInputMarkRow | undefined)[], wanted?: ReadonlySet<number>): ScoreInputRow[] {
  const out = new Map<number, ScoreInputRow>();
  for (const b of blocks) for (const e of b?.inputs ?? []) if (!wanted || wanted.has(e.contactId)) out.set(e.contactId, { ...e, mail: unpackMail(e.mail) });
  for (const m of marks)
    for (const [id, rev] of Object.entries(m?.revs ?? {})) {
      const contactId = Number(id);
      if (!wanted || wanted.has(contactId)) out.set(contactId, { ...out.get(contactId), contactId, rev });
    }
  return [...out.values()].sort((a, b) => a.contactId - b.contactId);
}

/** The score inputs of contact ids in [lo, hi] (two range reads, one row per block each); call inside a transaction on both tables. */
export async function inputsInRange(t: ScoreInputTables, lo: number, hi: number): Promise<ScoreInputRow[]> {
  const [blocks, marks] = await Promise.all([
    t.scoreInputBlocks.where(':id').between(blockOf(lo), blockOf(hi), true, true).toArray(),
    t.scoreInputMarks.where(':id').between(blockOf(lo), blockOf(hi), true, true).toArray(),
  ]);
  return rowsOf(blocks, marks).filter((r) => r.contactId >= lo && r.contactId <= hi);
}

/** The score inputs of these contacts (those with none left out); call inside a transaction on both tables. */
export async function inputsOf(t: ScoreInputTables, ids: readonly number[]): Promise<ScoreInputRow[]> {
  const blocks = blocksOf(ids);
  const [stored, marks] = await Promise.all([t.scoreInputBlocks.bulkGet(blocks), t.scoreInputMarks.bulkGet(blocks)]);
  return rowsOf(stored, marks, new Set(ids));
}

/** Every stored score input (tests, fixtures). */
export async function allInputs(t: ScoreInputTables): Promise<ScoreInputRow[]> {
  const [blocks, marks] = await Promise.all([t.scoreInputBlocks.toArray(), t.scoreInputMarks.toArray()]);
  return rowsOf(blocks, marks);
}

/** The stale marks' revisions of these contacts (undefined: not marked). */
export async function marksOf(t: ScoreInputTables, ids: readonly number[]): Promise<(number | undefined)[]> {
  const marks = new Map((await t.scoreInputMarks.bulkGet(blocksOf(ids))).filter((m): m is ScoreInputMarkRow => m !== undefined).map((m) => [m.block, m.revs]));
  return ids.map((id) => marks.get(blockOf(id))?.[id]);
}

/** Marks these contacts' inputs stale, each with a new revision: one read and one write of the touched blocks' marks. */
export async function markStale(t: ScoreInputTables, contacts: ReadonlySet<number>): Promise<void> {
  if (contacts.size === 0) return;
  const blocks = blocksOf(contacts);
  const stored = await t.scoreInputMarks.bulkGet(blocks);
  const rows = new Map(blocks.map((block, i) => [block, { block, revs: { ...stored[i]?.revs } }]));
  for (const id of contacts) rows.get(blockOf(id))!.revs[id] = newRev();
  await t.scoreInputMarks.bulkPut([...rows.values()]);
}

/**
 * Stores inputs the rescore built, each only if its contact's mark is still the one it read (`read`, undefined for no
 * mark): an activity written since gave it a new one, and the inputs built before it are stale. Takes the marks of the
 * stored ones away. Reads and writes each touched block once; call inside a readwrite transaction on both tables.
 * Returns the contacts whose inputs were stored.
 */
export async function storeInputs(t: ScoreInputTables, built: readonly { entry: ScoreInputEntry; read?: number }[]): Promise<number[]> {
  if (built.length === 0) return [];
  const blocks = blocksOf(built.map((b) => b.entry.contactId));
  const [stored, marks] = await Promise.all([t.scoreInputBlocks.bulkGet(blocks), t.scoreInputMarks.bulkGet(blocks)]);
  const markOf = new Map(blocks.map((block, i) => [block, marks[i]]));
  const fresh = built.filter((b) => markOf.get(blockOf(b.entry.contactId))?.revs[b.entry.contactId] === b.read);
  if (fresh.length === 0) return [];
  const entries = new Map(blocks.map((block, i) => [block, new Map((stored[i]?.inputs ?? []).map((e) => [e.contactId, e]))]));
  const writes = new Set<number>();
  const unmarked = new Set<number>();
  for (const { entry, read } of fresh) {
    const block = blockOf(entry.contactId);
    entries.get(block)!.set(entry.contactId, packed(entry));
    writes.add(block);
    if (read !== undefined) {
      delete markOf.get(block)!.revs[entry.contactId];
      unmarked.add(block);
    }
  }
  const put = [...writes].map((block) => ({ block, inputs: [...entries.get(block)!.values()].sort((a, b) => a.contactId - b.contactId) }));
  const left = [...unmarked].map((block) => markOf.get(block)!);
  const keep = left.filter((m) => Object.keys(m.revs).length > 0);
  const drop = left.filter((m) => Object.keys(m.revs).length === 0).map((m) => m.block);
  await Promise.all([t.scoreInputBlocks.bulkPut(put), keep.length ? t.scoreInputMarks.bulkPut(keep) : undefined, drop.length ? t.scoreInputMarks.bulkDelete(drop) : undefined]);
  return fresh.map((b) => b.entry.contactId);
}

/**
 * Schema 15's upgrade: packs every row of the old `scoreInputs` table (one per contact) into blocks: inputs with events
 * into `scoreInputBlocks` (a row that also had a mark is stale: its events were never stored), bare markers into
 * `scoreInputMarks` with their revision. (Schema 17 then drops them: entries of events, not summaries.)
 */
export function packInputsIntoBlocks(idb: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = idb.objectStore('scoreInputs').getAll();
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const blocks = new Map<number, { contactId: number; v: string; events: MailEvent[] }[]>();
      const marks = new Map<number, Record<number, number>>();
      for (const row of request.result as { contactId: number; rev: number; v?: string; events?: MailEvent[] }[]) {
        const block = blockOf(row.contactId);
        if (row.events && row.v !== undefined) (blocks.get(block) ?? blocks.set(block, []).get(block)!).push({ contactId: row.contactId, v: row.v, events: row.events });
        else (marks.get(block) ?? marks.set(block, {}).get(block)!)[row.contactId] = row.rev;
      }
      // Rows come ascending by contact id (the old table's key), so each block's entries are in order.
      const target = idb.objectStore('scoreInputBlocks');
      for (const [block, inputs] of blocks) target.put({ block, inputs });
      const marked = idb.objectStore('scoreInputMarks');
      for (const [block, revs] of marks) marked.put({ block, revs } satisfies ScoreInputMarkRow);
      resolve();
    };
  });
}
