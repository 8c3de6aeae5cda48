import { afterEach, describe, expect, it } from 'vitest';
import { backupDatabase, restoreBackup } from '../../../lib/backup/db';
import { readBackupText } from '../../../lib/backup/format';
import { contactStoreOf } from '../../../lib/contacts/dexie-store';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import { createDexieTaskStore } from '../../../lib/tasks/dexie-store';
import { newTask } from '../../../lib/tasks/types';

const opened: KizunaDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});
const open = (name: string) => {
  const db = createDb(name);
  opened.push(db);
  return db;
};

describe('tasks in a backup', () => {
  it('round-trips through a file into another database: every task as it was, and new ones get fresh ids', async () => {
    const db = open('tasks-backup-from');
    const id = await contactStoreOf(db).add({ email: 'dana@acme.com', name: 'Dana', stage: 'customer', owner: 'alex', custom: {}, doNotContact: 0, createdAt: 1, updatedAt: 1 });
    const tasks = createDexieTaskStore(db);
    const [a, b] = await tasks.add([
      newTask({ title: 'Call', dueAt: 5_000, type: 'call', createdBy: 'sidebar' }, { id, owner: 'alex' }, 1_000),
      newTask({ title: 'Mail', dueAt: 6_000, type: 'email', createdBy: 'playbook', key: 'playbook:1:x', sourceKey: '1:x' }, { id, owner: 'alex' }, 1_000),
    ]);
    await tasks.setDone([a.id], true, 2_000);
    await tasks.snooze([b.id], 9_000, 2_000);
    const check = readBackupText(JSON.stringify(await backupDatabase(db, 3_000)));
    if (!check.ok) throw new Error(check.errors.join('\n'));
    expect(check.backup.tables.tasks).toHaveLength(2);
    const other = open('tasks-backup-to');
    await restoreBackup(other, check.backup);
    const restored = createDexieTaskStore(other);
    expect(await restored.all()).toEqual(await tasks.all());
    // The playbook's key still holds: adding it again adds nothing.
    await restored.add([newTask({ title: 'Mail', dueAt: 6_000, createdBy: 'playbook', key: 'playbook:1:x' }, { id, owner: 'alex' }, 4_000)]);
    expect(await other.tasks.count()).toBe(2);
    const [fresh] = await restored.add([newTask({ title: 'New', dueAt: 1, createdBy: 'manual' }, { id, owner: '' }, 4_000)]);
    expect(fresh.id).toBeGreaterThan(Math.max(a.id, b.id));
  });
});
