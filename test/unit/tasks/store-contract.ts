import { describe, expect, it } from 'vitest';
import type { TaskStore } from '../../../lib/tasks/store';
import { newTask, type NewTask, type TaskDraft } from '../../../lib/tasks/types';

const contact = { id: 7, companyId: 3, owner: 'mia@x.com' };

/** A new task for contact 7 due at `dueAt`, with the given draft fields. */
export function draftTask(dueAt: number, fields: Partial<TaskDraft> = {}, of: { id: number; companyId?: number; owner: string } = contact): NewTask {
  return newTask({ title: `Call ${dueAt}`, dueAt, type: 'call', createdBy: 'manual', ...fields }, of, 1_000);
}

/** The TaskStore contract (lib/tasks/store.ts), run against every implementation. */
export function taskStoreContract(name: string, makeStore: () => Promise<TaskStore>): void {
  describe(`TaskStore contract: ${name}`, () => {
    it('adds tasks and reads them back by id, by contact, open, all, ordered by reminder time', async () => {
      const store = await makeStore();
      const [late, early] = await store.add([draftTask(5_000), draftTask(2_000)]);
      const [other] = await store.add([draftTask(3_000, {}, { id: 8, owner: '' })]);
      expect(late.id).not.toBe(early.id);
      expect(await store.get(late.id)).toEqual(late);
      expect(late).toMatchObject({ contactId: 7, companyId: 3, owner: 'mia@x.com', type: 'call', done: 0, title: 'Call 5000', createdBy: 'manual', createdAt: 1_000 });
      expect(other).not.toHaveProperty('companyId');
      expect(await store.get(9999)).toBeUndefined();
      expect((await store.all()).map((t) => t.id)).toEqual([early.id, other.id, late.id]);
      expect((await store.ofContact(7)).map((t) => t.id)).toEqual([early.id, late.id]);
      expect(await store.ofContact(99)).toEqual([]);
    });

    it('adds a key once: adding it again returns the stored task and adds nothing', async () => {
      const store = await makeStore();
      const [first] = await store.add([draftTask(2_000, { key: 'playbook:1:e1', createdBy: 'playbook', sourceKey: '1:e1' })]);
      const again = await store.add([draftTask(9_000, { key: 'playbook:1:e1', title: 'Other' }), draftTask(3_000, { key: 'k2' }), draftTask(4_000, { key: 'k2' })]);
      expect(again[0]).toEqual(first);
      expect(again[1].id).toBe(again[2].id);
      expect((await store.all()).map((t) => t.key)).toEqual(['playbook:1:e1', 'k2']);
      expect(first.sourceKey).toBe('1:e1');
    });

    it('marks done and undone, lists only open tasks as open', async () => {
      const store = await makeStore();
      const [a, b] = await store.add([draftTask(2_000), draftTask(3_000)]);
      await store.setDone([a.id, 4242], true, 10_000);
      expect(await store.get(a.id)).toMatchObject({ done: 1, doneAt: 10_000, updatedAt: 10_000 });
      expect((await store.open()).map((t) => t.id)).toEqual([b.id]);
      await store.setDone([a.id], false, 11_000);
      expect(await store.get(a.id)).not.toHaveProperty('doneAt');
      expect((await store.open()).map((t) => t.id)).toEqual([a.id, b.id]);
    });

    it('snoozes (moves the reminder, and the order) and updates fields, removing those set to undefined', async () => {
      const store = await makeStore();
      const [a, b] = await store.add([draftTask(2_000), draftTask(3_000)]);
      await store.snooze([a.id], 8_000, 4_000);
      expect(await store.get(a.id)).toMatchObject({ dueAt: 2_000, snoozedUntil: 8_000, updatedAt: 4_000 });
      expect((await store.open()).map((t) => t.id)).toEqual([b.id, a.id]);
      const changed = await store.update(a.id, { title: 'Email', type: 'email', snoozedUntil: undefined }, 5_000);
      expect(changed).toMatchObject({ title: 'Email', type: 'email', updatedAt: 5_000 });
      expect(changed).not.toHaveProperty('snoozedUntil');
      expect(await store.get(a.id)).toEqual(changed);
      expect(await store.update(9999, { title: 'x' }, 1)).toBeUndefined();
    });

    it('returns copies and deletes', async () => {
      const store = await makeStore();
      const [a] = await store.add([draftTask(2_000)]);
      a.title = 'changed';
      (await store.all())[0].title = 'changed too';
      expect((await store.get(a.id))?.title).toBe('Call 2000');
      await store.delete([a.id, 77]);
      expect(await store.all()).toEqual([]);
    });
  });
}
