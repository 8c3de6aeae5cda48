import { contactStoreOf } from '../contacts/dexie-store';
import type { KizunaDb } from '../db/schema';
import { createDexieTaskStore } from './dexie-store';
import { newTask, type Task, type TaskDraft } from './types';

/**
 * Adds a task for each of these contacts (company and default owner read from the contact, in one
 * transaction with the tasks); contacts that do not exist are skipped. A draft's `key`, if given, is
 * suffixed with the contact id, so one bulk or playbook step makes one task per contact, once.
 */
export async function addTasksFor(db: KizunaDb, contactIds: readonly number[], draft: TaskDraft, now = Date.now()): Promise<Task[]> {
  const contacts = contactStoreOf(db);
  const tasks = createDexieTaskStore(db);
  return db.transaction('rw', [db.tasks, db.teamOutbox, db.contactMeta, ...contacts.readTables], async () => {
    const found = (await contacts.getMany([...contactIds])).filter((c) => c !== undefined);
    const keyed = (id: number) => (draft.key === undefined || contactIds.length === 1 ? draft : { ...draft, key: `${draft.key}:${id}` });
    return found.length ? tasks.add(found.map((c) => newTask(keyed(c.id), c, now))) : [];
  });
}
