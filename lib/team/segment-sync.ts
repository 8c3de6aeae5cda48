// Saved segments between the local `segments` table and the team book (lib/team/book-segments.ts). A segment gets
// its team key when it first reaches the book; writes from the team go straight into the table: no outbox, no echo.
// Its filter names tags and companies by the keys the team shares them by (lib/team/playbook-refs.ts), not by this
// browser's ids, which mean other tags in another member's browser.
import { contactStoreOf } from '../contacts/dexie-store';
import { cleanTagName } from '../contacts/tags';
import type { KizunaDb } from '../db/schema';
import type { SegmentRecord } from '../db/types';
import { SegmentFilterSchema } from '../segments/filter';
import type { Stamp, TeamBook } from './book-doc';
import { deleteSegment, readSegments, writeSegment } from './book-segments';
import { markFromTeam } from './outbox';
import { filterToLocal, filterToTeam, tagKeysOf } from './playbook-refs';
import { refMaps, toTeam } from './playbook-sync';
import type * as Y from 'yjs';

/** Writes the named segments as the local table has them now: saved, or (gone) deleted by their team key. */
export async function pushSegments(db: KizunaDb, book: Y.Doc, rows: readonly { segmentId: number; key?: string }[], stamp: Stamp, origin: object): Promise<void> {
  const team = await toTeam(db);
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
    writeSegment(book, { key, name: segment.name, filter: JSON.stringify(filterToTeam(segment.filter, team)), createdAt: segment.createdAt }, stamp, origin);
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

/**
 * Makes the local segments equal to the book's (a filter this version cannot read is left out, not stored half). The
 * tags a filter names are made here first, as a contact's tags are, so that each has an id.
 */
export async function pullSegments(db: KizunaDb, book: TeamBook): Promise<void> {
  const { live, deleted } = readSegments(book.bookDoc());
  const parsed = new Map<string, Record<string, unknown>>();
  for (const team of live.values()) {
    try {
      const filter: unknown = JSON.parse(team.filter);
      if (typeof filter === 'object' && filter !== null && !Array.isArray(filter)) parsed.set(team.key, filter as Record<string, unknown>);
    } catch {
      // Left out: not stored half.
    }
  }
  const store = contactStoreOf(db);
  const defs = book.tags();
  await db.transaction('rw', [db.segments, db.companies, db.templates, ...store.tables, db.teamOutbox, db.contactMeta], async (tx) => {
    markFromTeam(tx);
    const wanted = new Set([...parsed.values()].flatMap((filter) => tagKeysOf({}, filter, [])));
    const have = new Set((await db.tags.toArray()).map((t) => t.key));
    for (const key of wanted) if (!have.has(key)) await store.tags.ensure([cleanTagName(defs.get(key)?.name ?? key) ?? key.slice(0, 60)]);
    const { toLocal: to, toTeam: ours } = await refMaps(db);
    const byKey = new Map((await db.segments.toArray()).filter((s) => s.team).map((s) => [s.team!, s]));
    for (const key of deleted) {
      const mine = byKey.get(key);
      if (mine) await db.segments.delete(mine.id);
    }
    for (const team of live.values()) {
      const shared = parsed.get(team.key);
      if (!shared) continue;
      const local = SegmentFilterSchema.safeParse(filterToLocal(shared, to));
      if (!local.success) continue;
      const mine = byKey.get(team.key);
      const fields = { name: team.name, filter: local.data, createdAt: team.createdAt, team: team.key };
      // Equal in the book's terms: nothing to write.
      if (!mine) await db.segments.add({ ...fields, updatedAt: team.updatedAt } as SegmentRecord);
      else if (mine.name !== fields.name || JSON.stringify(filterToTeam(mine.filter, ours)) !== team.filter) await db.segments.put({ ...mine, ...fields, updatedAt: team.updatedAt });
    }
  });
}
