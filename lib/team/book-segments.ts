// Saved segments in the team's `book` document (docs/team-book.md): every saved segment of a joined browser is the
// team's. Flat keys per field in the Y.Map `segments` (`key␟name`, `key␟filter`, `key␟createdAt`), so a rename and a
// filter change made at once both survive; the filter is one value (JSON text): two concurrent filter edits converge
// to one of them. A delete is a tombstone (`key␟@deletedAt`), which wins over a concurrent edit.
import type * as Y from 'yjs';
import { SEP, type Stamp } from './book-doc';

/** A saved segment as the book holds it. */
export interface BookSegment {
  key: string;
  name: string;
  /** The filter as JSON text (lib/segments/filter.ts validates it when it is read into the local book). */
  filter: string;
  createdAt: number;
  updatedAt: number;
  updatedBy: string;
}

const FIELDS = ['name', 'filter', 'createdAt'] as const;
const split = (flat: string): [string, string] => {
  const at = flat.lastIndexOf(SEP);
  return [flat.slice(0, at), flat.slice(at + 1)];
};

/** The map that holds the saved segments (in the `book` document). */
export const segmentsMap = (book: Y.Doc): Y.Map<unknown> => book.getMap('segments');

/** Every saved segment of the team: the live ones, and the keys of the deleted ones. */
export function readSegments(book: Y.Doc): { live: Map<string, BookSegment>; deleted: Set<string> } {
  const fields = new Map<string, Map<string, unknown>>();
  for (const [flat, value] of segmentsMap(book).entries()) {
    const [key, field] = split(flat);
    if (!fields.has(key)) fields.set(key, new Map());
    fields.get(key)!.set(field, value);
  }
  const live = new Map<string, BookSegment>();
  const deleted = new Set<string>();
  for (const [key, values] of fields) {
    if (values.has('@deletedAt')) deleted.add(key);
    else if (values.has('name') && values.has('filter'))
      live.set(key, {
        key,
        name: values.get('name') as string,
        filter: values.get('filter') as string,
        createdAt: (values.get('createdAt') as number | undefined) ?? 0,
        updatedAt: (values.get('@at') as number | undefined) ?? 0,
        updatedBy: (values.get('@by') as string | undefined) ?? '',
      });
  }
  return { live, deleted };
}

/** Writes a segment's fields, only those that differ. */
export function writeSegment(book: Y.Doc, segment: Pick<BookSegment, 'key' | 'name' | 'filter' | 'createdAt'>, stamp: Stamp, origin: object): void {
  const map = segmentsMap(book);
  const flat = (field: string) => segment.key + SEP + field;
  book.transact(() => {
    let changed = false;
    if (map.has(flat('@deletedAt'))) (map.delete(flat('@deletedAt')), (changed = true));
    for (const field of FIELDS) if (map.get(flat(field)) !== segment[field]) (map.set(flat(field), segment[field]), (changed = true));
    if (changed) (map.set(flat('@at'), stamp.at), map.set(flat('@by'), stamp.by));
  }, origin);
}

/** Deletes a segment for the whole team: a tombstone, its fields removed. */
export function deleteSegment(book: Y.Doc, key: string, stamp: Stamp, origin: object): void {
  const map = segmentsMap(book);
  book.transact(() => {
    for (const flat of [...map.keys()]) if (split(flat)[0] === key) map.delete(flat);
    map.set(key + SEP + '@deletedAt', stamp.at);
    map.set(key + SEP + '@by', stamp.by);
  }, origin);
}
