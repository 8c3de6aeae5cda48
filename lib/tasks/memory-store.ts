import { byReminder, patched, withDone, type TaskStore } from './store';
import type { NewTask, Task } from './types';

/** A TaskStore in memory: the model the Dexie store is held to, and a store for pure tests. */
export function createMemoryTaskStore(): TaskStore {
  const rows = new Map<number, Task>();
  let nextId = 1;
  const copy = (t: Task): Task => structuredClone(t);
  const list = (keep: (t: Task) => boolean) => [...rows.values()].filter(keep).sort(byReminder).map(copy);
  const change = (ids: readonly number[], fn: (t: Task) => Task) => {
    for (const id of ids) {
      const t = rows.get(id);
      if (t) rows.set(id, fn(t));
    }
  };
  return {
    get: async (id) => {
      const t = rows.get(id);
      return t && copy(t);
    },
    all: async () => list(() => true),
    open: async () => list((t) => t.done === 0),
    ofContact: async (contactId) => list((t) => t.contactId === contactId),
    add: async (tasks: readonly NewTask[]) => {
      const byKey = new Map([...rows.values()].map((t) => [t.key, t]));
      return tasks.map((task) => {
        const stored = byKey.get(task.key);
        if (stored) return copy(stored);
        const row = { ...structuredClone(task), id: nextId++ } as Task;
        rows.set(row.id, row);
        byKey.set(row.key, row);
        return copy(row);
      });
    },
    update: async (id, patch, now) => {
      const t = rows.get(id);
      if (!t) return undefined;
      const next = patched(t, patch, now);
      rows.set(id, next);
      return copy(next);
    },
    setDone: async (ids, done, now) => change(ids, (t) => withDone(t, done, now)),
    snooze: async (ids, until, now) => change(ids, (t) => ({ ...t, snoozedUntil: until, updatedAt: now })),
    delete: async (ids) => {
      for (const id of ids) rows.delete(id);
    },
  };
}
