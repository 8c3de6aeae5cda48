// Tasks between the local `tasks` table and the team book (lib/team/book-tasks.ts). Writes from the team go straight
// into the table in a transaction marked as the bridge's: no outbox rows, no echo.
import type * as Y from 'yjs';
import type { KizunaDb } from '../db/schema';
import type { Task } from '../tasks/types';
import { contactStoreOf } from '../contacts/dexie-store';
import { contactKey, type Stamp } from './book-doc';
import { bookTaskKey, deleteTask, localTaskKey, readTasks, TASK_FIELDS, writeTask, type TagKeys } from './book-tasks';
import { markFromTeam } from './outbox';

/** Local tag ids ↔ team keys, as the local tags are now. */
async function tagKeys(db: KizunaDb): Promise<TagKeys> {
  const tags = await db.tags.toArray();
  const keys = new Map(tags.map((t) => [t.id, t.key]));
  const ids = new Map(tags.map((t) => [t.key, t.id]));
  return { keyOf: (id) => keys.get(id), idOf: (key) => ids.get(key) };
}

/** Writes the named tasks as the local table has them now: saved, or (gone) deleted by their book key. */
export async function pushTasks(
  db: KizunaDb,
  docs: ReadonlyMap<string, Y.Doc>,
  rows: readonly { taskId: number; key: string; contactId: number; fields?: readonly string[] }[],
  stamp: Stamp,
  origin: object,
): Promise<void> {
  const store = contactStoreOf(db);
  const tags = await tagKeys(db);
  for (const row of rows) {
    const task = await db.tasks.get(row.taskId);
    const contact = await store.get(task?.contactId ?? row.contactId);
    if (!contact) continue;
    const email = contactKey(contact.email);
    if (!task || task.key !== row.key) {
      const key = bookTaskKey(row.key, contact.id, email, tags);
      if (readTasks(docs).live.has(key)) deleteTask(docs, key, email, stamp, origin);
      continue;
    }
    const fields = Object.fromEntries(TASK_FIELDS.map((f) => [f, task[f]]));
    writeTask(docs, { ...(fields as Pick<Task, (typeof TASK_FIELDS)[number]>), key: bookTaskKey(task.key, contact.id, email, tags), contact: email }, stamp, origin, row.fields);
  }
}

/** Makes the local tasks equal to the book's (a task whose contact this browser does not have yet waits for it). */
export async function pullTasks(db: KizunaDb, docs: ReadonlyMap<string, Y.Doc>): Promise<void> {
  const { live, deleted } = readTasks(docs);
  const store = contactStoreOf(db);
  const emails = [...new Set([...[...live.values()].map((t) => t.contact), ...deleted.values()])];
  const tags = await tagKeys(db);
  await db.transaction('rw', [db.tasks, db.teamOutbox, db.contactMeta, ...store.readTables], async (tx) => {
    markFromTeam(tx);
    // A local change the outbox has not sent yet is kept: the book's older value must not overwrite it.
    const pending = new Map<number, Set<string> | 'all'>();
    for (const row of await db.teamOutbox.toArray()) {
      if (row.op !== 'task') continue;
      const seen = pending.get(row.taskId);
      if (!row.fields || seen === 'all') pending.set(row.taskId, 'all');
      else pending.set(row.taskId, new Set([...(seen ?? []), ...row.fields]));
    }
    const contacts = new Map((await store.byEmails(emails)).map((c) => [contactKey(c.email), c]));
    for (const [key, email] of deleted) {
      const contact = contacts.get(email);
      if (!contact) continue;
      const mine = await db.tasks
        .where('key')
        .equals(localTaskKey(key, contact.id, tags))
        .first();
      if (mine) await db.tasks.delete(mine.id);
    }
    for (const team of live.values()) {
      const contact = contacts.get(team.contact);
      if (!contact) continue;
      const key = localTaskKey(team.key, contact.id, tags);
      const mine = await db.tasks.where('key').equals(key).first();
      const { key: _key, contact: _contact, updatedBy: _by, ...fields } = team;
      if (!mine) {
        const row = { ...fields, key, contactId: contact.id, ...(contact.companyId !== undefined ? { companyId: contact.companyId } : {}) } as Omit<Task, 'id'>;
        if (team.createdBy === 'playbook') row.sourceKey = key;
        await db.tasks.add(row as Task);
        continue;
      }
      const kept = pending.get(mine.id);
      if (kept === 'all') continue;
      const changed = TASK_FIELDS.filter((f) => mine[f] !== team[f] && !kept?.has(f));
      if (!changed.length) continue;
      const next: Record<string, unknown> = { ...mine, updatedAt: Math.max(mine.updatedAt, team.updatedAt) };
      for (const f of changed) {
        if (team[f] === undefined) delete next[f];
        else next[f] = team[f];
      }
      await db.tasks.put(next as unknown as Task);
    }
  });
}
