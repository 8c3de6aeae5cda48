/**
 * Tag additions as stored (the `tagEvents` table, schema 12): one row per tag and write, naming the contacts that
 * gained the tag then, so tagging 10,000 contacts adds one row. The ContactStore's membership writer adds them in the
 * same transaction as the membership; the playbooks' "tag is added" trigger reads them (lib/playbooks/run.ts). A tag
 * removed and added again is a new row.
 */
export interface TagEventRow {
  /** Auto-increment: the stable part of the trigger's key with `at`. */
  id?: number;
  at: number;
  tagId: number;
  /** Contact ids, ascending. */
  ids: number[];
}

/** The additions of a membership write: per tag, the listed contacts whose new list has it and whose old one did not. */
export function addedTagEvents(before: ReadonlyMap<number, readonly number[]>, after: ReadonlyMap<number, readonly number[]>, at: number): TagEventRow[] {
  const byTag = new Map<number, number[]>();
  for (const [id, tags] of after) {
    const old = before.get(id) ?? [];
    for (const tagId of new Set(tags)) {
      if (old.includes(tagId)) continue;
      const ids = byTag.get(tagId);
      if (ids) ids.push(id);
      else byTag.set(tagId, [id]);
    }
  }
  return [...byTag].sort((a, b) => a[0] - b[0]).map(([tagId, ids]) => ({ at, tagId, ids: ids.sort((a, b) => a - b) }));
}
