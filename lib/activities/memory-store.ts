import type { Activity } from '../db/types';
import { ActivityConflictError, contactsOf, patched, type ActivityStore } from './store';

const copy = <T>(value: T): T => structuredClone(value);

/**
 * An in-memory ActivityStore: the model the contract test holds the Dexie store to, and a store for tests of
 * code above it. `atomic` keeps a copy of the state and puts it back when its function throws; nested calls
 * join the outer one.
 */
export function createMemoryActivityStore(): ActivityStore {
  let rows = new Map<number, Activity>();
  let revisions = new Map<number, number>();
  let nextId = 1;
  let revision = 0;
  let depth = 0;

  const mark = (contacts: ReadonlySet<number>) => {
    for (const id of contacts) revisions.set(id, ++revision);
  };
  /** Applies `next` (rows by id; undefined deletes) after checking messageId uniqueness against everything else. */
  const commit = (next: ReadonlyMap<number, Activity | undefined>) => {
    const seen = new Map<string, number>();
    for (const [id, row] of rows) if (!next.has(id) && row.messageId !== undefined) seen.set(row.messageId, id);
    for (const [id, row] of next) {
      if (row?.messageId === undefined) continue;
      if (seen.has(row.messageId) && seen.get(row.messageId) !== id) throw new ActivityConflictError(`messageId ${row.messageId} is already stored`);
      seen.set(row.messageId, id);
    }
    const touched = new Set<number>();
    for (const [id, row] of next) {
      contactsOf([rows.get(id), row], touched);
      if (row) rows.set(id, copy(row));
      else rows.delete(id);
      if (row && id >= nextId) nextId = id + 1;
    }
    mark(touched);
  };
  const sorted = (list: Iterable<Activity>) => [...list].sort((a, b) => a.id - b.id).map(copy);

  const store: ActivityStore = {
    async get(id) {
      const row = rows.get(id);
      return row && copy(row);
    },
    async getMany(ids) {
      return ids.map((id) => {
        const row = rows.get(id);
        return row && copy(row);
      });
    },
    async ofContacts(contactIds) {
      const wanted = new Set(contactIds);
      return sorted([...rows.values()].filter((a) => a.contactIds.some((id) => wanted.has(id))));
    },
    async ofKind(kind) {
      return sorted([...rows.values()].filter((a) => a.kind === kind));
    },
    async byMessageIds(messageIds) {
      const wanted = new Set(messageIds);
      return sorted([...rows.values()].filter((a) => a.messageId !== undefined && wanted.has(a.messageId)));
    },
    async count() {
      return rows.size;
    },

    async add(activity) {
      return (await store.addMany([activity]))[0];
    },
    async addMany(list) {
      const next = new Map<number, Activity>();
      let id = nextId;
      const ids = list.map((a) => {
        const given = a.id ?? id++;
        if (rows.has(given) || next.has(given)) throw new ActivityConflictError(`activity ${given} already exists`);
        if (given >= id) id = given + 1;
        next.set(given, { ...a, id: given } as Activity);
        return given;
      });
      commit(next);
      return ids;
    },
    async put(list) {
      commit(new Map(list.map((a) => [a.id, a])));
    },
    async update(changes) {
      const next = new Map<number, Activity>();
      for (const { id, patch } of changes) {
        const row = next.get(id) ?? rows.get(id);
        if (row) next.set(id, patched(row, patch));
      }
      commit(next);
      return changes.map(({ id }) => {
        const row = rows.get(id);
        return row && copy(row);
      });
    },
    async delete(ids) {
      commit(new Map(ids.filter((id) => rows.has(id)).map((id) => [id, undefined])));
    },
    async clear() {
      rows = new Map();
      revisions = new Map();
    },

    async revisions(contactIds) {
      return contactIds.map((id) => revisions.get(id));
    },
    async atomic(fn) {
      if (depth > 0) return fn();
      const saved = { rows: new Map(rows), revisions: new Map(revisions), nextId };
      depth++;
      try {
        return await fn();
      } catch (error) {
        ({ rows, revisions, nextId } = saved);
        throw error;
      } finally {
        depth--;
      }
    },
  };
  return store;
}
