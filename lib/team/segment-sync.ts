// Saved segments between the local `segments` table and the team book (lib/team/book-segments.ts). A segment gets
// its team key when it first reaches the book; writes from the team go straight into the table: no outbox, no echo.
import type { KizunaDb } from '../db/schema';
import type { SegmentRecord } from '../db/types';
import { SegmentFilterSchema } from '../segments/filter';
import type { Stamp } from './book-doc';
import { deleteSegment, readSegments, writeSegment } from './book-segments';
import type * as Y from 'yjs';

/** Writes the named segments as the local table has them now: saved, or (gone) deleted by their team key. */
export async function pushSegments(db: KizunaDb, book: Y.Doc, rows: readonly { segmentId: number; key?: string }[], stamp: Stamp, origin: object): Promise<void> {
  for (const row of rows) {
    const segment = await db.segments.get(row.segmentId);
    if (!segment) {
      if (row.key && readSegments(book).live.has(row.key)) deleteSegment(book, row.key, stamp, origin);
      continue;
    }
    let key = segment.team;
    if (!key) {
      key = crypto.randomUUID();
      await db.segments.update(segment.id, { team: key });
    }
    writeSegment(book, { key, name: segment.name, filter: JSON.stringify(segment.filter), createdAt: segment.createdAt }, stamp, origin);
  }
}

/** Every local segment into the book (joining a team). */
export async function pushAllSegments(db: KizunaDb, book: Y.Doc, stamp: Stamp, origin: object): Promise<void> {
  const ids = (await db.segments.toCollection().primaryKeys()) as number[];
  await pushSegments(
    db,
    book,
    ids.map((segmentId) => ({ segmentId })),
    stamp,
    origin,
  );
}

/** Makes the local segments equal to the book's (a filter this version cannot read is left out, not stored half). */
export async function pullSegments(db: KizunaDb, book: Y.Doc): Promise<void> {
  const { live, deleted } = readSegments(book);
  await db.transaction('rw', db.segments, async () => {
    const byKey = new Map((await db.segments.toArray()).filter((s) => s.team).map((s) => [s.team!, s]));
    for (const key of deleted) {
      const mine = byKey.get(key);
      if (mine) await db.segments.delete(mine.id);
    }
    for (const team of live.values()) {
      let filter: unknown;
      try {
        filter = JSON.parse(team.filter);
      } catch {
        continue;
      }
      const parsed = SegmentFilterSchema.safeParse(filter);
      if (!parsed.success) continue;
      const mine = byKey.get(team.key);
      const fields = { name: team.name, filter: parsed.data, createdAt: team.createdAt, team: team.key };
      if (!mine) await db.segments.add({ ...fields, updatedAt: team.updatedAt } as SegmentRecord);
      else if (mine.name !== fields.name || JSON.stringify(mine.filter) !== team.filter) await db.segments.put({ ...mine, ...fields, updatedAt: team.updatedAt });
    }
  });
}
