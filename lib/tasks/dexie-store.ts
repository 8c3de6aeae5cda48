import type { Transaction } from 'dexie';
import type { KizunaDb } from '../db/schema';
import { recordOutbox, refuseWhenReadOnly } from '../team/outbox';
import { byReminder, patched, withDone, type TaskStore } from './store';
import type { NewTask, Task } from './types';

/**
 * The TaskStore over the `tasks` table. Each method runs in its own transaction, or joins the caller's
 * when one over `db.tasks`, `db.teamOutbox` and `db.contactMeta` is open (a playbook applies its actions and its
 * audit row in one). Tasks are the team's once a team is joined (docs/team-book.md): each write adds outbox rows in
 * its transaction, and a viewer's (or a refused member's) writes are refused with TeamReadOnlyError.
 */
export function createDexieTaskStore(db: KizunaDb): TaskStore {
  const sorted = (list: Task[]) => list.sort(byReminder);
  const tables = [db.tasks, db.teamOutbox, db.contactMeta];
  // A change names its fields, so the bridge writes only those: a concurrent edit of another field survives.
  const record = (tx: Transaction, list: readonly Task[], fields?: readonly string[]) =>
    recordOutbox(tx, () => list.map((t) => ({ op: 'task' as const, taskId: t.id, key: t.key, contactId: t.contactId, ...(fields ? { fields: [...fields] } : {}) })));
  const change = (ids: readonly number[], fields: readonly string[], fn: (t: Task) => Task) =>
    db.transaction('rw', tables, async (tx) => {
      await refuseWhenReadOnly(tx);
      const found = (await db.tasks.bulkGet([...ids])).filter((t) => t !== undefined);
      if (!found.length) return;
      await db.tasks.bulkPut(found.map(fn));
      await record(tx, found, fields);
    });
  return {
    get: (id) => db.tasks.get(id),
    all: async () => sorted(await db.tasks.toArray()),
    open: async () => sorted(await db.tasks.where('[done+dueAt]').between([0, -Infinity], [0, Infinity]).toArray()),
    ofContact: async (contactId) => sorted(await db.tasks.where('contactId').equals(contactId).toArray()),
    add: (tasks: readonly NewTask[]) =>
      db.transaction('rw', tables, async (tx) => {
        await refuseWhenReadOnly(tx);
        const keys = [...new Set(tasks.map((t) => t.key))];
        const stored = new Map((await db.tasks.where('key').anyOf(keys).toArray()).map((t) => [t.key, t]));
        const out: Task[] = [];
        const added: Task[] = [];
        for (const task of tasks) {
          let row = stored.get(task.key);
          if (!row) {
            const id = await db.tasks.add(task as Task);
            row = { ...task, id } as Task;
            stored.set(row.key, row);
            added.push(row);
          }
          out.push(structuredClone(row));
        }
        await record(tx, added);
        return out;
      }),
    update: (id, patch, now) => {
      // The reminder already shown is this browser's alone (a viewer's reminders still notify once): `tasks` only.
      const local = Object.keys(patch).every((k) => k === 'remindedAt');
      return db.transaction('rw', local ? [db.tasks] : tables, async (tx) => {
        if (!local) await refuseWhenReadOnly(tx);
        const t = await db.tasks.get(id);
        if (!t) return undefined;
        const next = patched(t, patch, now);
        await db.tasks.put(next);
        if (!local) await record(tx, [next], Object.keys(patch));
        return next;
      });
    },
    setDone: (ids, done, now) => change(ids, ['done', 'doneAt'], (t) => withDone(t, done, now)),
    snooze: (ids, until, now) => change(ids, ['snoozedUntil'], (t) => ({ ...t, snoozedUntil: until, updatedAt: now })),
    delete: (ids) =>
      db.transaction('rw', tables, async (tx) => {
        await refuseWhenReadOnly(tx);
        const found = (await db.tasks.bulkGet([...ids])).filter((t) => t !== undefined);
        await db.tasks.bulkDelete([...ids]);
        await record(tx, found);
      }),
  };
}
