import type { KizunaDb } from '../db/schema';
import { byReminder, patched, withDone, type TaskStore } from './store';
import type { NewTask, Task } from './types';

/**
 * The TaskStore over the `tasks` table. Each method runs in its own transaction, or joins the caller's
 * when one over `db.tasks` is open (a playbook applies its actions and its audit row in one).
 */
export function createDexieTaskStore(db: KizunaDb): TaskStore {
  const sorted = (list: Task[]) => list.sort(byReminder);
  const change = (ids: readonly number[], fn: (t: Task) => Task) =>
    db.transaction('rw', db.tasks, async () => {
      const found = (await db.tasks.bulkGet([...ids])).filter((t) => t !== undefined);
      if (found.length) await db.tasks.bulkPut(found.map(fn));
    });
  return {
    get: (id) => db.tasks.get(id),
    all: async () => sorted(await db.tasks.toArray()),
    open: async () => sorted(await db.tasks.where('[done+dueAt]').between([0, -Infinity], [0, Infinity]).toArray()),
    ofContact: async (contactId) => sorted(await db.tasks.where('contactId').equals(contactId).toArray()),
    add: (tasks: readonly NewTask[]) =>
      db.transaction('rw', db.tasks, async () => {
        const keys = [...new Set(tasks.map((t) => t.key))];
        const stored = new Map((await db.tasks.where('key').anyOf(keys).toArray()).map((t) => [t.key, t]));
        const out: Task[] = [];
        for (const task of tasks) {
          let row = stored.get(task.key);
          if (!row) {
            const id = await db.tasks.add(task as Task);
            row = { ...task, id } as Task;
            stored.set(row.key, row);
          }
          out.push(structuredClone(row));
        }
        return out;
      }),
    update: (id, patch, now) =>
      db.transaction('rw', db.tasks, async () => {
        const t = await db.tasks.get(id);
        if (!t) return undefined;
        const next = patched(t, patch, now);
        await db.tasks.put(next);
        return next;
      }),
    setDone: (ids, done, now) => change(ids, (t) => withDone(t, done, now)),
    snooze: (ids, until, now) => change(ids, (t) => ({ ...t, snoozedUntil: until, updatedAt: now })),
    delete: (ids) => db.tasks.bulkDelete([...ids]),
  };
}
