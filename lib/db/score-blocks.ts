// Stored churn scores packed a block of contact ids per row (schema 14): a full rescore of 100,000 contacts writes
// about 1,000 rows instead of 100,000, and each row written costs about the same whatever its size (issue #12).
// Only the ScoreStore (lib/contacts/dexie-store.ts) reads and writes these rows: every reader sees StoredScore rows.
import type { Table } from 'dexie';
import type { ScoreStore } from '../contacts/store';
import type { StoredScore } from './types';

/** Contact ids per block: ids [block × SCORE_BLOCK, (block + 1) × SCORE_BLOCK). Do not change without a migration. */
export const SCORE_BLOCK = 100;

/** One row of `scoreBlocks`: the stored scores of one block of contact ids, ascending by contact id (never empty). */
export interface ScoreBlockRow {
  block: number;
  rows: StoredScore[];
}

/** The block of a contact id. */
export const blockOf = (contactId: number): number => Math.floor(contactId / SCORE_BLOCK);

/** Rows per write call: Dexie reports a call of fewer than 50 rows by key (pages re-read just those blocks' scores). */
const REPORTED_WRITE = 49;

const byContact = (a: StoredScore, b: StoredScore) => a.contactId - b.contactId;

/** Groups scores (or ids) by block, ascending. */
function groupByBlock<T>(items: readonly T[], idOf: (item: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const item of items) {
    const block = blockOf(idOf(item));
    let list = out.get(block);
    if (!list) out.set(block, (list = []));
    list.push(item);
  }
  return out;
}

/**
 * Puts and deletes scores in their blocks: reads the blocks touched (one request), merges, writes the changed ones (in
 * calls Dexie reports by key) and deletes those left empty. Run inside a readwrite transaction on `table`: the read and
 * the write are one step, so a score written by another context into the same block is kept.
 */
export async function writeScoreBlocks(table: Table<ScoreBlockRow, number>, put: readonly StoredScore[], removed: readonly number[]): Promise<void> {
  if (put.length === 0 && removed.length === 0) return;
  const puts = groupByBlock(put, (s) => s.contactId);
  const gone = groupByBlock(removed, (id) => id);
  const blocks = [...new Set([...puts.keys(), ...gone.keys()])].sort((a, b) => a - b);
  const stored = await table.bulkGet(blocks);
  const write: ScoreBlockRow[] = [];
  const empty: number[] = [];
  blocks.forEach((block, i) => {
    const rows = new Map((stored[i]?.rows ?? []).map((s) => [s.contactId, s]));
    const before = rows.size;
    let changed = false;
    for (const id of gone.get(block) ?? []) changed = rows.delete(id) || changed;
    for (const s of puts.get(block) ?? []) {
      rows.set(s.contactId, { ...s });
      changed = true;
    }
    if (!changed) return;
    if (rows.size === 0) {
      if (before > 0) empty.push(block);
    } else write.push({ block, rows: [...rows.values()].sort(byContact) });
  });
  const calls: Promise<unknown>[] = [];
  for (let i = 0; i < write.length; i += REPORTED_WRITE) calls.push(table.bulkPut(write.slice(i, i + REPORTED_WRITE)));
  for (let i = 0; i < empty.length; i += REPORTED_WRITE) calls.push(table.bulkDelete(empty.slice(i, i + REPORTED_WRITE)));
  await Promise.all(calls);
}

/** Stored blocks with these scores put in (each replacing its contact's): the blocks to write, ascending (seeds, benches). */
export function mergeIntoBlocks(stored: readonly ScoreBlockRow[], put: readonly StoredScore[]): ScoreBlockRow[] {
  const blocks = new Map(stored.map((b) => [b.block, new Map(b.rows.map((s) => [s.contactId, s]))]));
  const touched = new Set<number>();
  for (const s of put) {
    const block = blockOf(s.contactId);
    touched.add(block);
    (blocks.get(block) ?? blocks.set(block, new Map()).get(block)!).set(s.contactId, s);
  }
  return [...touched].sort((a, b) => a - b).map((block) => ({ block, rows: [...blocks.get(block)!.values()].sort(byContact) }));
}

/** Blocks read per request while a page with a limit is collected. */
const PAGE_BLOCKS = 20;

/** Scores with contactId in (after, upTo], ascending, at most `limit`: reads the blocks of that range. */
async function pageOf(table: Table<ScoreBlockRow, number>, after: number, upTo: number, limit?: number): Promise<StoredScore[]> {
  if (after >= upTo || limit === 0) return [];
  const lo = after === -Infinity ? -Infinity : blockOf(after);
  const hi = upTo === Infinity ? Infinity : blockOf(upTo);
  const out: StoredScore[] = [];
  const take = (blocks: readonly ScoreBlockRow[]) => {
    for (const b of blocks) for (const s of b.rows) if (s.contactId > after && s.contactId <= upTo && (limit === undefined || out.length < limit)) out.push(s);
  };
  if (limit === undefined) {
    take(await table.where(':id').between(lo, hi, true, true).toArray());
    return out;
  }
  // With a limit, a few blocks at a time (a page of 2,000 reads about 20 blocks), until the page is full.
  let from = lo;
  let first = true;
  for (;;) {
    const blocks = await table.where(':id').between(from, hi, first, true).limit(PAGE_BLOCKS).toArray();
    take(blocks);
    if (out.length >= limit || blocks.length < PAGE_BLOCKS) return out;
    from = blocks[blocks.length - 1].block;
    first = false;
  }
}

/** The ScoreStore over `scoreBlocks`; `inTransaction` runs a step in a transaction on the table (joining the caller's). */
export function scoreBlockStore(table: Table<ScoreBlockRow, number>, inTransaction: <T>(mode: 'r' | 'rw', fn: () => Promise<T>) => Promise<T>): ScoreStore {
  const find = (block: ScoreBlockRow | undefined, id: number) => block?.rows.find((s) => s.contactId === id);
  return {
    get: (id) => inTransaction('r', async () => find(await table.get(blockOf(id)), id)),
    getMany: (ids) =>
      inTransaction('r', async () => {
        const blocks = [...new Set(ids.map(blockOf))];
        const stored = new Map((await table.bulkGet(blocks)).filter((b): b is ScoreBlockRow => b !== undefined).map((b) => [b.block, b]));
        return ids.map((id) => find(stored.get(blockOf(id)), id));
      }),
    page: ({ after = -Infinity, upTo = Infinity, limit }) => inTransaction('r', () => pageOf(table, after, upTo, limit)),
    put: (list) => inTransaction('rw', () => writeScoreBlocks(table, list, [])),
    delete: (ids) => inTransaction('rw', () => writeScoreBlocks(table, [], ids)),
    clear: () => inTransaction('rw', () => table.clear()),
  };
}

/** Every contact id of some blocks (what a change to them may have changed). */
export function idsOfBlocks(blocks: Iterable<number>): number[] {
  const out: number[] = [];
  for (const block of blocks) for (let id = block * SCORE_BLOCK; id < (block + 1) * SCORE_BLOCK; id++) out.push(id);
  return out;
}

/**
 * Whether two stored scores say the same (every field, the history too). A write to a block reports every id of it as
 * changed: readers that hold a score keep theirs when it reads the same, so that nothing re-renders for a neighbour.
 */
export function sameStoredScore(a: StoredScore | undefined, b: StoredScore | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  if (a.contactId !== b.contactId || a.score !== b.score || a.band !== b.band || a.at !== b.at || a.basis !== b.basis) return false;
  if (a.probability !== b.probability || a.horizonDays !== b.horizonDays || a.history.length !== b.history.length) return false;
  return a.history.every(([day, score], i) => b.history[i][0] === day && b.history[i][1] === score);
}
