// How a playbook run makes tasks: through the TaskStore, inside the contact's transaction, once per planned key.
import type { KizunaDb } from '../db';
import { contactStoreOf } from '../contacts/dexie-store';
import { createDexieTaskStore } from '../tasks/dexie-store';
import { newTask } from '../tasks/types';
import type { TaskSink } from './run';

/** The task sink a run uses: a planned task becomes a task keyed by its plan key (a second run adds nothing). */
export function taskSinkOf(db: KizunaDb, now: () => number = Date.now): TaskSink {
  const tasks = createDexieTaskStore(db);
  return {
    tables: [db.tasks, db.teamOutbox, db.contactMeta],
    async create(planned) {
      const contact = (await contactStoreOf(db).get(planned.contactId)) ?? { id: planned.contactId, owner: planned.owner };
      await tasks.add([
        newTask({ title: planned.title, dueAt: planned.dueAt, type: planned.taskType, owner: planned.owner, createdBy: 'playbook', key: planned.key, sourceKey: planned.key }, contact, now()),
      ]);
    },
  };
}
