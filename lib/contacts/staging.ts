import type { Contact } from '../db/types';

/**
 * Staged contacts: a large import stores its new contacts packed, a hundred per `contactStage` row,
 * with their emails in `contactStageEmails` hash buckets, and the background files them into
 * ordinary `contacts` rows afterwards (DexieContactStore.fileStaged).
 *
 * Why: IndexedDB in Chromium costs a fixed ~0.1 ms per row written, whatever the row (the note on
 * issue #5), so 100,000 contact rows take 9–12 s on their own on a small machine; a thousand packed
 * rows take a fraction of a second. The Dexie store reads both tables itself (docs/contact-store.md,
 * option A): nothing below it pretends they are the contacts table.
 */

/** A staged contact: a contact row without its tags (membership is in `tagMembers`, as for every contact). */
export type StagedContact = Omit<Contact, 'tags'>;

export interface StagedBlock {
  block: number;
  /** Ascending by id, all in this block. */
  rows: StagedContact[];
}

/** Email → id of the staged contacts whose email hashes to this bucket. May hold entries already filed (checked on use). */
export interface StageEmailBucket {
  bucket: number;
  ids: Record<string, number>;
}

/**
 * Contact ids per staged row: a hundred make 100,000 contacts a thousand rows (a fraction of a
 * second to write), and a filing step that moves one row short (~10 ms), so the sidebar never
 * waits long behind it.
 */
export const STAGE_BLOCK = 100;
/** Email lookup rows: each holds the staged emails whose hash falls in it (never rewritten by filing). */
const BUCKETS = 256;

export const stagedBlockOf = (id: number): number => Math.floor(id / STAGE_BLOCK);

/** The email bucket of an address (FNV-1a, 32 bits). */
export function bucketOf(email: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < email.length; i++) {
    h ^= email.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % BUCKETS;
}

/** Adds staged contacts (ids given, none staged yet) to the stored blocks and buckets they fall in; returns the rows to put. */
export function stageRows(
  rows: readonly StagedContact[],
  storedBlocks: readonly (StagedBlock | undefined)[],
  storedBuckets: readonly (StageEmailBucket | undefined)[],
): { blocks: StagedBlock[]; buckets: StageEmailBucket[] } {
  const blocks = new Map<number, StagedBlock>();
  for (const b of storedBlocks) if (b) blocks.set(b.block, { block: b.block, rows: [...b.rows] });
  const buckets = new Map<number, StageEmailBucket>();
  for (const b of storedBuckets) if (b) buckets.set(b.bucket, { bucket: b.bucket, ids: { ...b.ids } });
  for (const row of rows) {
    const key = stagedBlockOf(row.id);
    let block = blocks.get(key);
    if (!block) blocks.set(key, (block = { block: key, rows: [] }));
    block.rows.push(row);
    const bucketKey = bucketOf(row.email);
    let bucket = buckets.get(bucketKey);
    if (!bucket) buckets.set(bucketKey, (bucket = { bucket: bucketKey, ids: {} }));
    bucket.ids[row.email] = row.id;
  }
  for (const block of blocks.values()) block.rows.sort((a, b) => a.id - b.id);
  return { blocks: [...blocks.values()], buckets: [...buckets.values()] };
}

/** Takes these ids out of their blocks; returns the changed blocks (empty ones to delete) and the staged contacts taken out. */
export function unstageRows(blocks: readonly StagedBlock[], ids: ReadonlySet<number>): { changed: StagedBlock[]; removed: Map<number, StagedContact> } {
  const removed = new Map<number, StagedContact>();
  const changed: StagedBlock[] = [];
  for (const block of blocks) {
    const kept = block.rows.filter((row) => {
      if (!ids.has(row.id)) return true;
      removed.set(row.id, row);
      return false;
    });
    if (kept.length !== block.rows.length) changed.push({ block: block.block, rows: kept });
  }
  return { changed, removed };
}
