import { afterEach, describe, expect, it, vi } from 'vitest';
import { contactStoreOf } from '../../../lib/contacts/dexie-store';
import { addTag, removeTag } from '../../../lib/contacts/tags';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import { runPlaybooks, type TaskSink, type PlannedTask } from '../../../lib/playbooks/run';
import { playbookStoreOf } from '../../../lib/playbooks/store';
import { highRiskPlaybook, known } from './fixtures';

let n = 0;
const opened: KizunaDb[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const db of opened.splice(0)) await db.delete();
});

const T = Date.UTC(2026, 11, 2, 8);

async function book(): Promise<KizunaDb> {
  const db = createDb(`tag-events-${++n}`);
  opened.push(db);
  const contacts = contactStoreOf(db);
  await contacts.tags.put([{ id: 10, name: 'VIP', key: 'vip', color: '#1a73e8' }]);
  await contacts.addMany(
    [1, 2, 3].map((id) => ({ email: `c${id}@example.com`, name: `C${id}`, stage: 'customer' as const, owner: 'rep@example.com', custom: {}, doNotContact: 0, createdAt: 0, updatedAt: 0 })),
  );
  return db;
}

function sink(): TaskSink & { made: PlannedTask[] } {
  const made: PlannedTask[] = [];
  return { made, tables: [], create: async (t) => void made.push(t) };
}

describe('tag additions', () => {
  it('are recorded by every membership write (a bulk tag in one row, a tag list, an import) but not by a restore', async () => {
    vi.useFakeTimers({ now: T, toFake: ['Date'] });
    const db = await book();
    const contacts = contactStoreOf(db);
    await contacts.addToTag(10, [1, 2, 2]);
    await contacts.addToTag(10, [1]); // already tagged: nothing added
    await contacts.setTags(new Map([[3, [10]]]));
    await contacts.addMany([{ email: 'new@example.com', name: '', stage: 'lead', owner: '', custom: {}, doNotContact: 0, createdAt: 0, updatedAt: 0, tags: [10] }]);
    await contacts.restore([{ ...(await contacts.get(1))!, tags: [10] }]);
    expect((await db.tagEvents.toArray()).map(({ tagId, ids, at }) => [tagId, ids, at])).toEqual([
      [10, [1, 2], T],
      [10, [3], T],
      [10, [4], T],
    ]);
  });

  it('fire "a tag is added" once per addition: a re-run does not fire again, a tag removed and added again fires again', async () => {
    const db = await book();
    await playbookStoreOf(db).save(
      highRiskPlaybook({ trigger: { type: 'tag-added', tagIds: [10] }, actions: [{ type: 'create-task', owner: '', taskType: 'call', title: 'Welcome VIP', dueInDays: 1 }] }),
      { ...known, tagIds: new Set([10]) },
      1,
    );
    await playbookStoreOf(db).setCursor(T - 60_000);
    const tasks = sink();
    const run = (now: number) => runPlaybooks(db, { now, owners: known.owners, templateIds: known.templateIds, ledger: [], cap: 500, tasks });
    vi.useFakeTimers({ now: T - 1000, toFake: ['Date'] });
    await addTag(db, 1, 'vip', T - 1000);
    await run(T);
    await playbookStoreOf(db).setCursor(T - 60_000); // a re-run over the same events
    await run(T + 1);
    expect(tasks.made.map((t) => t.contactId)).toEqual([1]);
    vi.setSystemTime(T + 2000);
    await removeTag(db, 1, 10, T + 2000);
    vi.setSystemTime(T + 3000);
    await addTag(db, 1, 'VIP', T + 3000);
    await run(T + 4000);
    expect(tasks.made.map((t) => t.contactId)).toEqual([1, 1]);
  });
});
