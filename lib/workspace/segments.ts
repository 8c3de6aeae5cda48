import type { KizunaDb } from '../db/schema';
import type { SegmentRecord } from '../db/types';
import { SegmentFilterSchema, type SegmentFilter } from '../segments/filter';
import { recordOutbox, refuseWhenReadOnly } from '../team/outbox';

/** A segment name or filter the store refuses, with a message for the user. */
export class SegmentError extends Error {
  constructor(
    readonly code: 'name-empty' | 'name-too-long' | 'name-taken' | 'bad-filter' | 'not-found',
    message: string,
  ) {
    super(message);
  }
}

function cleanName(name: string): string {
  const clean = name.trim().replace(/\s+/g, ' ');
  if (!clean) throw new SegmentError('name-empty', 'A segment needs a name.');
  if (clean.length > 100) throw new SegmentError('name-too-long', 'A segment name is at most 100 characters.');
  return clean;
}

function cleanFilter(filter: SegmentFilter): SegmentFilter {
  const parsed = SegmentFilterSchema.safeParse(filter);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SegmentError('bad-filter', `${issue.path.join('.') || 'filter'}: ${issue.message}`);
  }
  return parsed.data;
}

async function assertFree(db: KizunaDb, name: string, except?: number): Promise<void> {
  const lower = name.toLowerCase();
  const clash = await db.segments.filter((s) => s.id !== except && s.name.toLowerCase() === lower).first();
  if (clash) throw new SegmentError('name-taken', `A segment named "${clash.name}" already exists.`);
}

/** Every saved segment, by name. */
export async function listSegments(db: KizunaDb): Promise<SegmentRecord[]> {
  return db.segments.orderBy('name').toArray();
}

/** Saves a filter as a new named segment (names are unique, ignoring case). */
export async function createSegment(db: KizunaDb, name: string, filter: SegmentFilter, now = Date.now()): Promise<SegmentRecord> {
  const clean = cleanName(name);
  const valid = cleanFilter(filter);
  // Once a team is joined every saved segment is the team's (docs/team-book.md): a viewer's store refuses it.
  return db.transaction('rw', [db.segments, db.teamOutbox, db.contactMeta], async (tx) => {
    await refuseWhenReadOnly(tx);
    await assertFree(db, clean);
    const row = { name: clean, filter: valid, createdAt: now, updatedAt: now };
    const id = await db.segments.add(row as SegmentRecord);
    await recordOutbox(tx, () => [{ op: 'segment', segmentId: id }]);
    return { ...row, id };
  });
}

/** Renames a segment and/or replaces its filter. */
export async function updateSegment(db: KizunaDb, id: number, patch: { name?: string; filter?: SegmentFilter }, now = Date.now()): Promise<void> {
  const changes: Partial<SegmentRecord> = { updatedAt: now };
  if (patch.name !== undefined) changes.name = cleanName(patch.name);
  if (patch.filter !== undefined) changes.filter = cleanFilter(patch.filter);
  await db.transaction('rw', [db.segments, db.teamOutbox, db.contactMeta], async (tx) => {
    await refuseWhenReadOnly(tx);
    if (!(await db.segments.get(id))) throw new SegmentError('not-found', 'This segment no longer exists.');
    if (changes.name) await assertFree(db, changes.name, id);
    await db.segments.update(id, changes);
    await recordOutbox(tx, () => [{ op: 'segment', segmentId: id }]);
  });
}

/** Deletes a segment (the contacts in it are untouched). */
export async function deleteSegment(db: KizunaDb, id: number): Promise<void> {
  await db.transaction('rw', [db.segments, db.teamOutbox, db.contactMeta], async (tx) => {
    await refuseWhenReadOnly(tx);
    const team = (await db.segments.get(id))?.team;
    await db.segments.delete(id);
    await recordOutbox(tx, () => [{ op: 'segment', segmentId: id, ...(team ? { key: team } : {}) }]);
  });
}
