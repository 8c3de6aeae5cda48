/**
 * Tag membership as stored: per tag, the ids of its contacts in blocks of 2,048 ids (the `tagMembers`
 * table), so tagging 10,000 contacts rewrites a few dozen small rows instead of 10,000 contact rows.
 * Pure functions over those rows, shared by the one writer of membership (lib/contacts/dexie-store.ts)
 * and the test seeds that write IndexedDB directly.
 */
export interface TagMemberRow {
  tagId: number;
  /** `blockOf(contactId)`. */
  block: number;
  /** Contact ids, ascending, all in this block. */
  ids: number[];
}

/** Contact ids per membership row: few rows per bulk tag, small rows for one contact's read. */
export const MEMBER_BLOCK = 2048;

/** The membership block of a contact id. */
export const blockOf = (contactId: number): number => Math.floor(contactId / MEMBER_BLOCK);

/** Index of the first id not below `id` in ascending ids. */
function lowerBound(ids: readonly number[], id: number): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ids[mid] < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Inserts `id` into an ascending array (no duplicates); returns whether it changed. */
export function insertSorted(ids: number[], id: number): boolean {
  const at = lowerBound(ids, id);
  if (ids[at] === id) return false;
  ids.splice(at, 0, id);
  return true;
}

/** The membership rows of these contacts' tags (ids ascending in each row; non-number tag ids skipped). */
export function memberRows(contacts: Iterable<{ id: number; tags?: unknown }>): TagMemberRow[] {
  const rows = new Map<string, TagMemberRow>();
  for (const { id, tags } of contacts) {
    for (const tagId of Array.isArray(tags) ? new Set(tags) : []) {
      if (typeof tagId !== 'number') continue;
      const key = `${tagId}:${blockOf(id)}`;
      let row = rows.get(key);
      if (!row) rows.set(key, (row = { tagId, block: blockOf(id), ids: [] }));
      insertSorted(row.ids, id);
    }
  }
  return [...rows.values()];
}

/** Each contact's tag ids, ascending, from membership rows. */
export function tagsFromRows(rows: Iterable<TagMemberRow>, wanted?: ReadonlySet<number>): Map<number, number[]> {
  const out = new Map<number, number[]>();
  // Rows read in key order ([tagId, block], or by block) give each contact its tags ascending: sorted only if not.
  let unsorted = false;
  for (const row of rows) {
    for (const id of row.ids) {
      if (wanted && !wanted.has(id)) continue;
      const tags = out.get(id);
      if (!tags) out.set(id, [row.tagId]);
      else {
        if (tags[tags.length - 1] > row.tagId) unsorted = true;
        tags.push(row.tagId);
      }
    }
  }
  if (unsorted) for (const tags of out.values()) tags.sort((a, b) => a - b);
  return out;
}

/**
 * Puts on each listed contact its tag ids (ascending) as `tags`, from the membership rows of the contacts' blocks.
 * Ids close together (a page of the book) are looked up in an array over their span, not in a map of them checked
 * against a set of them: the contacts page reads 100,000 contacts this way (issue 16). Rows may hold other ids too.
 */
export function putTagsOn(rows: readonly TagMemberRow[], list: readonly { id: number; tags?: number[] }[]): void {
  if (list.length === 0) return;
  let lo = Infinity;
  let hi = -Infinity;
  for (const { id } of list) {
    if (id < lo) lo = id;
    if (id > hi) hi = id;
  }
  if (hi - lo > 4 * list.length + MEMBER_BLOCK) {
    const tags = tagsFromRows(rows, new Set(list.map((c) => c.id)));
    for (const c of list) c.tags = tags.get(c.id) ?? [];
    return;
  }
  const span: (number[] | undefined)[] = new Array<number[] | undefined>(hi - lo + 1);
  let unsorted = false;
  for (const { tagId, ids } of rows) {
    for (let i = lowerBound(ids, lo); i < ids.length && ids[i] <= hi; i++) {
      const tags = span[ids[i] - lo];
      if (!tags) span[ids[i] - lo] = [tagId];
      else {
        if (tags[tags.length - 1] > tagId) unsorted = true;
        tags.push(tagId);
      }
    }
  }
  for (const c of list) {
    const tags = span[c.id - lo] ?? [];
    if (unsorted && tags.length > 1) tags.sort((a, b) => a - b);
    c.tags = tags;
  }
}

/**
 * Makes each listed contact's membership exactly its tag list, given every stored row of the listed
 * contacts' blocks (all tags). Returns the rows to write: those left empty are to be deleted.
 */
export function setTagsInRows(rows: readonly TagMemberRow[], tagsById: ReadonlyMap<number, readonly number[]>): TagMemberRow[] {
  const byKey = new Map(rows.map((row) => [`${row.tagId}:${row.block}`, { ...row, ids: [...row.ids] }]));
  const changed = new Set<TagMemberRow>();
  for (const row of byKey.values()) {
    const kept = row.ids.filter((id) => {
      const tags = tagsById.get(id);
      return tags === undefined || tags.includes(row.tagId);
    });
    if (kept.length !== row.ids.length) {
      row.ids = kept;
      changed.add(row);
    }
  }
  for (const [id, tags] of tagsById) {
    const block = blockOf(id);
    for (const tagId of new Set(tags)) {
      const key = `${tagId}:${block}`;
      let row = byKey.get(key);
      if (!row) byKey.set(key, (row = { tagId, block, ids: [] }));
      if (insertSorted(row.ids, id)) changed.add(row);
    }
  }
  return [...changed];
}

/**
 * Adds `ids` to one tag's rows (or takes them out), given that tag's stored rows of the ids' blocks.
 * Returns the rows to write (empty ones to delete) and the ids whose membership changed, ascending.
 */
export function changeTagInRows(tagId: number, rows: readonly (TagMemberRow | undefined)[], ids: readonly number[], add: boolean): { rows: TagMemberRow[]; changed: number[] } {
  const byBlock = new Map<number, TagMemberRow>();
  for (const row of rows) if (row) byBlock.set(row.block, { ...row, ids: [...row.ids] });
  const touched = new Set<TagMemberRow>();
  const changed: number[] = [];
  for (const id of new Set(ids)) {
    const block = blockOf(id);
    let row = byBlock.get(block);
    if (!row) {
      if (!add) continue;
      byBlock.set(block, (row = { tagId, block, ids: [] }));
    }
    if (add) {
      if (insertSorted(row.ids, id)) (changed.push(id), touched.add(row));
    } else {
      const at = lowerBound(row.ids, id);
      if (row.ids[at] === id) {
        row.ids.splice(at, 1);
        changed.push(id);
        touched.add(row);
      }
    }
  }
  return { rows: [...touched], changed: changed.sort((a, b) => a - b) };
}
