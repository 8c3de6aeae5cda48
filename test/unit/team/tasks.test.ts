// Tasks through the bridge (two members, documents relayed in memory): a task made, ticked, re-dated or deleted in one
// browser reaches the other by its stable key and its contact's email; the same playbook task planned in both
// browsers is one task; a viewer's TaskStore refuses every write to a task (the reminder shown stays its own).
import { describe, expect, it } from 'vitest';
import type { KizunaDb } from '../../../lib/db/schema';
import { contactStoreOf } from '../../../lib/contacts/dexie-store';
import { pendingChanges, TeamReadOnlyError } from '../../../lib/team/outbox';
import { bookTaskKey, localTaskKey, readTasks } from '../../../lib/team/book-tasks';
import { createDexieTaskStore } from '../../../lib/tasks/dexie-store';
import { addTasksFor } from '../../../lib/tasks/create';
import { person } from '../contacts/store-contract';
import { link, replica, teamMembers, until } from './replicas';

const bridged = teamMembers('team-task');
async function member(...args: Parameters<typeof bridged>) {
  const m = await bridged(...args);
  return { ...m, tasks: createDexieTaskStore(m.db) };
}

const DAY = 86_400_000;
const titled = async (db: KizunaDb, title: string) => (await db.tasks.toArray()).find((t) => t.title === title);
const contactId = async (db: KizunaDb, email: string) => (await contactStoreOf(db).byEmails([email]))[0]?.id;

describe('team tasks', { timeout: 30_000 }, () => {
  it('shares tasks by their stable key; made, ticked, snoozed, re-noted and deleted in one browser, the other follows', async () => {
    const [docsA, docsB] = [replica(), replica()];
    link(docsA, docsB);
    // Ben has another contact first: the contact's local ids differ between the two browsers.
    const b = await member('Ben', docsB, { before: (db) => contactStoreOf(db).add(person('other@acme.example')) });
    const a = await member('Ann', docsA, {
      before: async (db) => {
        const id = await contactStoreOf(db).add(person('dana@acme.example', { owner: 'Ann' }));
        await addTasksFor(db, [id], { title: 'Call before joining', dueAt: 5 * DAY, createdBy: 'manual', type: 'call' }, DAY);
      },
    });
    await until(async () => !!(await titled(b.db, 'Call before joining')), 'the task made before joining to reach Ben');
    const danaB = await contactId(b.db, 'dana@acme.example');
    expect(await titled(b.db, 'Call before joining')).toMatchObject({ contactId: danaB, owner: 'Ann', type: 'call', dueAt: 5 * DAY, done: 0 });
    expect(danaB).not.toBe(await contactId(a.db, 'dana@acme.example'));

    const [made] = await addTasksFor(a.db, [(await contactId(a.db, 'dana@acme.example'))!], { title: 'Send the renewal', dueAt: 7 * DAY, createdBy: 'sidebar', notes: 'pro plan' }, 2 * DAY);
    await until(async () => !!(await titled(b.db, 'Send the renewal')), 'a new task to reach Ben');
    const onB = (await titled(b.db, 'Send the renewal'))!;
    expect(onB.key).toBe(made.key);

    // Ben ticks it while Ann re-dates it: both edits survive.
    await b.tasks.setDone([onB.id], true, 3 * DAY);
    await a.tasks.update(made.id, { dueAt: 9 * DAY, notes: 'pro plan, 20 seats' }, 3 * DAY);
    await until(async () => (await a.db.tasks.get(made.id))?.done === 1, 'Ben’s tick to reach Ann');
    await until(async () => (await b.db.tasks.get(onB.id))?.notes === 'pro plan, 20 seats', 'Ann’s notes to reach Ben');
    expect(await a.db.tasks.get(made.id)).toMatchObject({ done: 1, doneAt: 3 * DAY, dueAt: 9 * DAY });
    expect(await b.db.tasks.get(onB.id)).toMatchObject({ done: 1, doneAt: 3 * DAY, dueAt: 9 * DAY });

    await b.tasks.setDone([onB.id], false, 4 * DAY);
    await b.tasks.snooze([onB.id], 10 * DAY, 4 * DAY);
    await until(async () => (await a.db.tasks.get(made.id))?.snoozedUntil === 10 * DAY, 'Ben’s snooze to reach Ann');
    expect((await a.db.tasks.get(made.id))?.done).toBe(0);
    expect((await a.db.tasks.get(made.id))?.doneAt).toBeUndefined();

    await a.tasks.delete([made.id]);
    await until(async () => !(await b.db.tasks.get(onB.id)), 'Ann’s delete to reach Ben');
    await until(async () => (await pendingChanges(a.db)) === 0 && (await pendingChanges(b.db)) === 0, 'the outboxes to drain');
    expect((await b.db.tasks.toArray()).map((t) => t.title)).toEqual(['Call before joining']);
    // The book names the contact by its email, never a local id.
    expect([...readTasks(docsA).live.values()].map((t) => t.contact)).toEqual(['dana@acme.example']);
  });

  it('makes the same playbook task, planned in two browsers for one contact, one task', async () => {
    const [docsA, docsB] = [replica(), replica()];
    const wire = link(docsA, docsB);
    const b = await member('Ben', docsB, { before: (db) => contactStoreOf(db).add(person('other@acme.example')) });
    const a = await member('Ann', docsA, { before: (db) => contactStoreOf(db).add(person('dana@acme.example')) });
    await until(async () => !!(await contactId(b.db, 'dana@acme.example')), 'the contact to reach Ben');
    wire.offline();
    // A playbook's key names the local contact id (lib/playbooks/evaluate.ts): it differs between the browsers.
    const plan = async (db: KizunaDb) => {
      const id = (await contactId(db, 'dana@acme.example'))!;
      await addTasksFor(db, [id], { title: 'Check in', dueAt: 3 * DAY, createdBy: 'playbook', key: `pb:p1:${id}:band:high:2026-12-02:0` }, DAY);
    };
    await plan(a.db);
    await plan(b.db);
    wire.online();
    await until(async () => (await pendingChanges(a.db)) === 0 && (await pendingChanges(b.db)) === 0, 'the outboxes to drain');
    await until(async () => readTasks(docsA).live.size === 1 && readTasks(docsB).live.size === 1, 'the book to hold the task');
    await a.bridge.idle();
    await b.bridge.idle();
    expect((await a.db.tasks.toArray()).map((t) => t.title)).toEqual(['Check in']);
    expect((await b.db.tasks.toArray()).map((t) => t.title)).toEqual(['Check in']);
  });

  it('a tag-triggered task’s key carries the tag’s team key in the book, never the local tag id; both browsers plan one task', async () => {
    // Pure: local ids differ per browser (contact 7 and tag 3 here, contact 2 and tag 9 there).
    const here = { keyOf: (id: number) => (id === 3 ? 'renewal: q1' : undefined), idOf: (key: string) => (key === 'renewal: q1' ? 3 : undefined) };
    const there = { keyOf: (id: number) => (id === 9 ? 'renewal: q1' : undefined), idOf: (key: string) => (key === 'renewal: q1' ? 9 : undefined) };
    const book = bookTaskKey('pb:p1:7:tag:3:1700', 7, 'dana@acme.example', here);
    expect(book).toBe('pb:p1:~:tag:~renewal%3A%20q1:1700|dana@acme.example');
    expect(bookTaskKey('pb:p1:2:tag:9:1700', 2, 'dana@acme.example', there)).toBe(book);
    expect(localTaskKey(book, 2, there)).toBe('pb:p1:2:tag:9:1700');
    expect(localTaskKey(book, 7, here)).toBe('pb:p1:7:tag:3:1700');

    // Through the bridge: the same tag made in both browsers, with other local ids.
    const [docsA, docsB] = [replica(), replica()];
    const wire = link(docsA, docsB);
    const b = await member('Ben', docsB, { before: async (db) => (await contactStoreOf(db).add(person('other@acme.example')), await contactStoreOf(db).tags.ensure(['Old', 'Older', 'Renewal'])) });
    const a = await member('Ann', docsA, { before: async (db) => (await contactStoreOf(db).add(person('dana@acme.example')), await contactStoreOf(db).tags.ensure(['Renewal'])) });
    await until(async () => !!(await contactId(b.db, 'dana@acme.example')), 'the contact to reach Ben');
    const tagA = (await a.db.tags.where('key').equals('renewal').first())!;
    const tagB = (await b.db.tags.where('key').equals('renewal').first())!;
    expect(tagB.id).not.toBe(tagA.id);
    wire.offline();
    const plan = async (db: KizunaDb, tagId: number) => {
      const id = (await contactId(db, 'dana@acme.example'))!;
      await addTasksFor(db, [id], { title: 'Renewal call', dueAt: 3 * DAY, createdBy: 'playbook', key: `pb:p1:${id}:tag:${tagId}:1700` }, DAY);
    };
    await plan(a.db, tagA.id);
    await plan(b.db, tagB.id);
    wire.online();
    await until(async () => (await pendingChanges(a.db)) === 0 && (await pendingChanges(b.db)) === 0, 'the outboxes to drain');
    await until(async () => readTasks(docsA).live.size === 1 && readTasks(docsB).live.size === 1, 'the book to hold one task');
    expect([...readTasks(docsA).live.keys()]).toEqual(['pb:p1:~:tag:~renewal:1700|dana@acme.example']);
    await a.bridge.idle();
    await b.bridge.idle();
    expect((await b.db.tasks.toArray()).map((t) => t.key)).toEqual([`pb:p1:${await contactId(b.db, 'dana@acme.example')}:tag:${tagB.id}:1700`]);
  });

  it('refuses a viewer’s new, changed, ticked or deleted task in the store; the shown reminder stays its own', async () => {
    const [docsA, docsB] = [replica(), replica()];
    link(docsA, docsB);
    const a = await member('Ann', docsA, { before: (db) => contactStoreOf(db).add(person('dana@acme.example')) });
    const viewer = await member('Vic', docsB, { readOnly: true });
    await addTasksFor(a.db, [(await contactId(a.db, 'dana@acme.example'))!], { title: 'Call', dueAt: DAY, createdBy: 'manual' }, DAY);
    await until(async () => !!(await titled(viewer.db, 'Call')), 'the task to reach the viewer');
    const task = (await titled(viewer.db, 'Call'))!;
    const dana = (await contactId(viewer.db, 'dana@acme.example'))!;
    await expect(addTasksFor(viewer.db, [dana], { title: 'Mine', dueAt: DAY, createdBy: 'sidebar' }, DAY)).rejects.toBeInstanceOf(TeamReadOnlyError);
    await expect(viewer.tasks.update(task.id, { title: 'Renamed' }, 2 * DAY)).rejects.toBeInstanceOf(TeamReadOnlyError);
    await expect(viewer.tasks.setDone([task.id], true, 2 * DAY)).rejects.toBeInstanceOf(TeamReadOnlyError);
    await expect(viewer.tasks.snooze([task.id], 3 * DAY, 2 * DAY)).rejects.toBeInstanceOf(TeamReadOnlyError);
    await expect(viewer.tasks.delete([task.id])).rejects.toBeInstanceOf(TeamReadOnlyError);
    expect(await viewer.db.tasks.toArray()).toEqual([task]);
    await viewer.tasks.update(task.id, { remindedAt: DAY }, task.updatedAt);
    expect((await viewer.db.tasks.get(task.id))?.remindedAt).toBe(DAY);
  });
});
