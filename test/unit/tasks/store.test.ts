import { describe, expect, it } from 'vitest';
import { createDb } from '../../../lib/db/schema';
import { createDexieTaskStore } from '../../../lib/tasks/dexie-store';
import { createMemoryTaskStore } from '../../../lib/tasks/memory-store';
import { draftTask, taskStoreContract } from './store-contract';

let n = 0;
taskStoreContract('memory', async () => createMemoryTaskStore());
// fake-indexeddb (test/unit/setup.ts): a fresh database per test.
taskStoreContract('dexie', async () => createDexieTaskStore(createDb(`task-store-${++n}`)));

describe('the Dexie TaskStore inside a caller transaction', () => {
  it('joins it: a failure later in the transaction keeps no task', async () => {
    const db = createDb(`task-store-tx-${++n}`);
    const store = createDexieTaskStore(db);
    await expect(
      db.transaction('rw', [db.tasks, db.teamOutbox, db.contactMeta, db.activities], async () => {
        await store.add([draftTask(1_000, { key: 'playbook:1:a' })]);
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    expect(await db.tasks.count()).toBe(0);
  });
});
