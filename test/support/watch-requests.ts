// What a test sees of the requests Dexie sends down to IndexedDB: a middleware below Dexie's tables hands each request
// to a callback once it is answered, with how many rows it named or handed up. Tests that pin how much a piece of
// work reads or writes (a rescore, a badge count) count with it.
import type { DBCoreMutateRequest, Dexie } from 'dexie';

export interface SeenRequest {
  table: string;
  op: 'mutate' | 'get' | 'getMany' | 'query' | 'openCursor';
  /** A write's kind (add, put, delete, deleteRange). */
  type?: DBCoreMutateRequest['type'];
  /** Rows a write names (a range delete counts 1), keys a get or getMany asks for; 0 for a range read. */
  keys: number;
  /** Rows (or keys) a read handed up; 1 for a cursor opened; 0 for a write. */
  rows: number;
  /** The read asked for rows, not only keys. */
  values: boolean;
}

const namedBy = (req: DBCoreMutateRequest) => (req.type === 'delete' ? req.keys.length : req.type === 'deleteRange' ? 1 : req.values.length);

/** Calls `seen` for every request on every table of `db`; call before `db.open()`. */
export function watchRequests(db: Dexie, seen: (request: SeenRequest) => void): void {
  db.use({
    stack: 'dbcore',
    name: 'WatchRequests',
    create: (down) => ({
      ...down,
      table: (table) => {
        const t = down.table(table);
        return {
          ...t,
          mutate: (req) => (seen({ table, op: 'mutate', type: req.type, keys: namedBy(req), rows: 0, values: false }), t.mutate(req)),
          get: (req) => t.get(req).then((row: unknown) => (seen({ table, op: 'get', keys: 1, rows: row === undefined ? 0 : 1, values: true }), row)),
          getMany: (req) => t.getMany(req).then((rows: unknown[]) => (seen({ table, op: 'getMany', keys: req.keys.length, rows: rows.filter((r) => r !== undefined).length, values: true }), rows)),
          query: (req) => t.query(req).then((res) => (seen({ table, op: 'query', keys: 0, rows: res.result.length, values: req.values !== false }), res)),
          openCursor: (req) => (seen({ table, op: 'openCursor', keys: 0, rows: 1, values: req.values !== false }), t.openCursor(req)),
        };
      },
    }),
  });
}

/** Rows written per table, and rows read per table (keys asked for by a get, rows answered by a range read). */
export function countRows(db: Dexie): { written: Map<string, number>; read: Map<string, number> } {
  const written = new Map<string, number>();
  const read = new Map<string, number>();
  const add = (map: Map<string, number>, table: string, rows: number) => map.set(table, (map.get(table) ?? 0) + rows);
  watchRequests(db, (r) => (r.op === 'mutate' ? add(written, r.table, r.keys) : add(read, r.table, r.op === 'get' || r.op === 'getMany' ? r.keys : r.rows)));
  return { written, read };
}
