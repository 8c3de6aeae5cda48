import type { Contact } from '../db/types';

/**
 * The contacts list's pages (schema 19, `contactList`): every contact row, ordinary or staged, also stored a block of
 * 100 contact ids per record, one array per field. The lists read the whole book from them (lib/workspace/store.ts):
 * IndexedDB's cost is per record, so 1,000 records read several times faster than 100,000 rows, and one array per
 * field decodes faster than 100 objects (docs/workspace-lists.md). Only the ContactStore writes them, in the same
 * transaction as the rows (lib/contacts/dexie-store.ts); reads by id or email still read the rows.
 */

/** A contact row as stored (membership is in `tagMembers`). */
export type ListRow = Omit<Contact, 'tags'>;

/** Contact ids per page: ids [block × LIST_BLOCK, (block + 1) × LIST_BLOCK). Do not change without a migration. */
export const LIST_BLOCK = 100;

/**
 * One `contactList` record: the rows of one block of ids, column by column. Never empty. A row without a field has
 * undefined in its column, which JSON (a test fixture) turns into null: both read as absent (no contact field holds null).
 */
export interface ListPage {
  block: number;
  /** The rows' ids, ascending. */
  ids: number[];
  /** Every other field some row has, in first-seen order; `custom` is here only when some row's is not a plain object. */
  fields: string[];
  /** `columns[f][i]`: row i's value of `fields[f]` (undefined where the row has none). */
  columns: unknown[][];
  /** Every key of the rows' `custom` values, in first-seen order. */
  customKeys: string[];
  /** `custom[k][i]`: row i's value of `custom[customKeys[k]]` (undefined where the row has none). */
  custom: (string | undefined)[][];
}

export const listBlockOf = (id: number): number => Math.floor(id / LIST_BLOCK);

const isPlain = (value: unknown): value is Record<string, string> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Packs rows of one block (ascending by id) into its page. */
export function packPage(block: number, rows: readonly ListRow[]): ListPage {
  const n = rows.length;
  const generic = rows.some((row) => !isPlain(row.custom));
  const fieldAt = new Map<string, number>();
  const columns: unknown[][] = [];
  const customAt = new Map<string, number>();
  const custom: (string | undefined)[][] = [];
  rows.forEach((row, i) => {
    for (const key in row) {
      if (key === 'id') continue;
      const value = (row as Record<string, unknown>)[key];
      if (key === 'custom' && !generic) {
        for (const k in value as Record<string, string>) {
          let at = customAt.get(k);
          if (at === undefined) customAt.set(k, (at = custom.push(new Array<string | undefined>(n).fill(undefined)) - 1));
          custom[at][i] = (value as Record<string, string>)[k];
        }
        continue;
      }
      if (value === undefined) continue;
      let at = fieldAt.get(key);
      if (at === undefined) fieldAt.set(key, (at = columns.push(new Array<unknown>(n).fill(undefined)) - 1));
      columns[at][i] = value;
    }
  });
  return { block, ids: rows.map((row) => row.id), fields: [...fieldAt.keys()], columns, customKeys: [...customAt.keys()], custom };
}

/** The rows of a page, one new object each (ascending by id). */
export function unpackPage(page: ListPage): ListRow[] {
  const { ids, fields, columns, customKeys, custom } = page;
  const generic = fields.includes('custom');
  const out: ListRow[] = new Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const row: Record<string, unknown> = { id: ids[i] };
    for (let f = 0; f < fields.length; f++) {
      const value = columns[f][i];
      if (value != null) row[fields[f]] = value;
    }
    if (!generic) {
      const values: Record<string, string> = {};
      for (let k = 0; k < customKeys.length; k++) {
        const value = custom[k][i];
        if (value != null) values[customKeys[k]] = value;
      }
      row.custom = values;
    }
    out[i] = row as ListRow;
  }
  return out;
}

/**
 * The pages after a write: `stored` are the current pages of the blocks touched (undefined where none), `put` the rows
 * written (inserted or replaced), `deleted` the ids taken out. Returns the pages to store and the blocks left empty (to
 * delete). Pages that do not change (ids deleted that were not there) are not returned.
 */
export function changePages(stored: ReadonlyMap<number, ListPage | undefined>, put: readonly ListRow[], deleted: readonly number[] = []): { pages: ListPage[]; emptied: number[] } {
  const rows = new Map<number, Map<number, ListRow>>();
  const rowsOf = (block: number) => {
    let map = rows.get(block);
    if (!map) {
      const page = stored.get(block);
      rows.set(block, (map = new Map(page ? unpackPage(page).map((row) => [row.id, row]) : [])));
    }
    return map;
  };
  const changed = new Set<number>();
  for (const id of deleted) if (rowsOf(listBlockOf(id)).delete(id)) changed.add(listBlockOf(id));
  for (const row of put) {
    rowsOf(listBlockOf(row.id)).set(row.id, row);
    changed.add(listBlockOf(row.id));
  }
  const pages: ListPage[] = [];
  const emptied: number[] = [];
  for (const [block, map] of rows) {
    if (!changed.has(block)) continue;
    if (map.size === 0) {
      if (stored.get(block)) emptied.push(block);
      continue;
    }
    pages.push(
      packPage(
        block,
        [...map.values()].sort((a, b) => a.id - b.id),
      ),
    );
  }
  return { pages, emptied };
}

/** Pages of a whole book (rows in any order): what `contactList` must hold for these rows. */
export function pagesOf(rows: readonly ListRow[]): ListPage[] {
  return changePages(new Map(), rows).pages.sort((a, b) => a.block - b.block);
}
