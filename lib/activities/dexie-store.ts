import type { Table } from 'dexie';
import type { KizunaDb } from '../db/schema';
import { markStale, marksOf } from '../db/score-inputs';
import type { Activity } from '../db/types';
import { ActivityConflictError, contactsOf, patched, type ActivityStore, type NewActivity } from './store';

// Up to this many message ids are looked up one get each (see byMessageIds).
const BY_KEY_MAX = 50;

/** The ActivityStore over Dexie, with the tables a caller's transaction must name to make its calls part of it. */
export interface DexieActivityStore extends ActivityStore {
  /** Every table its writes touch: `activities`, the score inputs' stale marks (whose revisions it moves) and the inputs (cleared with it). */
  readonly tables: readonly Table[];
  /** The tables its reads need. */
  readonly readTables: readonly Table[];
}

/** Dexie's refusals of the unique messageId index, as the store's own error (a bulk call's BulkError included). */
function asConflict(error: unknown): unknown {
  const e = error as { name?: string; message?: string; failures?: Record<string, { name?: string; message?: string }> };
  if (e?.name === 'ConstraintError') return new ActivityConflictError(e.message ?? 'constraint');
  const first = e?.failures ? Object.values(e.failures)[0] : undefined;
  if (first?.name === 'ConstraintError') return new ActivityConflictError(first.message ?? 'constraint');
  return error;
}

const byId = (a: Activity, b: Activity) => a.id - b.id;

/**
 * The extension's ActivityStore (`activities`, schema v1). Every write runs in one transaction over `activities`
 * and the score inputs' tables and, in it, marks the score inputs of each contact it touched stale (a new `rev` in
 * `scoreInputMarks`, lib/db/score-inputs.ts): the one writer of that mark, which tells the rescore to read the
 * contact's history again (lib/churn/recompute.ts). Called inside a caller's `db.transaction(…)` over `tables`,
 * each call joins it (a Dexie sub-transaction).
 */
export function createDexieActivityStore(db: KizunaDb): DexieActivityStore {
  const tables: readonly Table[] = [db.activities, db.scoreInputMarks, db.scoreInputBlocks];
  const write = <T>(fn: () => Promise<T>): Promise<T> => db.transaction('rw', tables as Table[], fn).catch((error: unknown) => Promise.reject(asConflict(error)));
  const mark = (contacts: ReadonlySet<number>) => markStale(db, contacts);
  const addMany = (rows: readonly NewActivity[]) =>
    write(async () => {
      if (rows.length === 0) return [];
      const ids = (await db.activities.bulkAdd(rows as Activity[], { allKeys: true })) as number[];
      await mark(contactsOf(rows));
      return ids;
    });

  return {
    tables,
    readTables: [db.activities],
    get: (id) => db.activities.get(id),
    getMany: (ids) => db.activities.bulkGet([...ids]),
    async ofContacts(contactIds) {
      const ids = [...new Set(contactIds)];
      if (ids.length === 0) return [];
      // One contact (the side panel's and the contact page's history) is one getAll; anyOf walks a cursor, one round
      // trip to IndexedDB per row (issue 13). A multi-entry index lists a row once per distinct value.
      const rows = ids.length === 1 ? await db.activities.where('contactIds').equals(ids[0]).toArray() : await db.activities.where('contactIds').anyOf(ids).distinct().toArray();
      return rows.sort(byId);
    },
    ofKind: (kind) => db.activities.where('kind').equals(kind).sortBy('id'),
    byMessageIds: (messageIds) => {
      const ids = [...new Set(messageIds)];
      if (ids.length === 0) return Promise.resolve([]);
      // A thread's few messages (recordThread on every thread switch): one get each, all sent at once, instead of anyOf's
      // cursor (one round trip per row, in turn). Many ids (an import): the cursor.
      if (ids.length > BY_KEY_MAX) return db.activities.where('messageId').anyOf(ids).sortBy('id');
      return Promise.all(ids.map((id) => db.activities.get({ messageId: id }))).then((rows) => rows.filter((r): r is Activity => r !== undefined).sort(byId));
    },
    count: () => db.activities.count(),

    add: async (activity) => (await addMany([activity]))[0],
    addMany,
    put: (rows) =>
      write(async () => {
        if (rows.length === 0) return;
        // A row rewritten also touches the contacts it had (a merge moves an activity to another contact).
        const before = await db.activities.bulkGet(rows.map((r) => r.id));
        await db.activities.bulkPut([...rows]);
        await mark(contactsOf(rows, contactsOf(before)));
      }),
    update: (changes) =>
      write(async () => {
        if (changes.length === 0) return [];
        const before = await db.activities.bulkGet(changes.map((c) => c.id));
        const after = changes.map((c, i) => (before[i] ? patched(before[i], c.patch) : undefined));
        const rows = after.filter((a): a is Activity => a !== undefined);
        if (rows.length) await db.activities.bulkPut(rows);
        await mark(contactsOf(rows, contactsOf(before)));
        return after;
      }),
    delete: (ids) =>
      write(async () => {
        if (ids.length === 0) return;
        const before = await db.activities.bulkGet([...ids]);
        await db.activities.bulkDelete([...ids]);
        await mark(contactsOf(before));
      }),
    // No row at all is as stale as a marker: the rescore reads the history of every contact again.
    clear: () => write(() => Promise.all([db.activities.clear(), db.scoreInputBlocks.clear(), db.scoreInputMarks.clear()]).then(() => undefined)),

    revisions: (contactIds) => db.transaction('r', [db.scoreInputMarks], () => marksOf(db, [...contactIds])),
    atomic: (fn) => write(fn),
  };
}

const stores = new WeakMap<KizunaDb, DexieActivityStore>();

/** The one ActivityStore of this database. */
export function activityStoreOf(db: KizunaDb): DexieActivityStore {
  let store = stores.get(db);
  if (!store) stores.set(db, (store = createDexieActivityStore(db)));
  return store;
}
