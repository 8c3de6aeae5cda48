import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { dueTasks, nextReminderAt, remindersToNotify } from '../../../lib/tasks/reminders';
import { newTask, type Task } from '../../../lib/tasks/types';

const { db } = await import('../../../lib/db');
const { tasksChanged, TASK_ALARM } = await import('../../../lib/tasks/background');
const { createDexieTaskStore } = await import('../../../lib/tasks/dexie-store');

const T0 = Date.UTC(2026, 11, 2, 9);
const HOUR = 3_600_000;
let id = 0;
const task = (dueAt: number, fields: Partial<Task> = {}): Task => ({ ...newTask({ title: `T${dueAt}`, dueAt, createdBy: 'manual' }, { id: 1, owner: '' }, 0), id: ++id, ...fields });

describe('reminder times (pure)', () => {
  it('counts open tasks whose reminder came, finds the next one, and notifies each reminder once, again after a snooze', () => {
    const past = task(T0 - HOUR);
    const snoozed = task(T0 - 2 * HOUR, { snoozedUntil: T0 + 2 * HOUR });
    const later = task(T0 + HOUR);
    const done = task(T0 - HOUR, { done: 1, doneAt: T0 });
    const all = [past, snoozed, later, done];
    expect(dueTasks(all, T0)).toEqual([past]);
    expect(nextReminderAt(all, T0)).toBe(T0 + HOUR);
    expect(nextReminderAt(all, T0 + HOUR)).toBe(T0 + 2 * HOUR);
    expect(nextReminderAt([done], T0)).toBeUndefined();
    expect(remindersToNotify(all, T0)).toEqual([past]);
    expect(remindersToNotify([{ ...past, remindedAt: past.dueAt }], T0)).toEqual([]);
    // Snoozed after its reminder: when the snooze ends it reminds again.
    const again = { ...past, remindedAt: past.dueAt, snoozedUntil: T0 + HOUR };
    expect(remindersToNotify([again], T0)).toEqual([]);
    expect(remindersToNotify([again], T0 + HOUR)).toEqual([again]);
  });
});

describe('reminders in the background (alarms, badge, notification), on a clock', () => {
  let badge: ReturnType<typeof vi.fn>;
  beforeEach(async () => {
    fakeBrowser.reset();
    await db.tasks.clear();
    await db.alerts.clear();
    badge = vi.fn(async () => {});
    vi.spyOn(fakeBrowser.i18n, 'getUILanguage').mockReturnValue('en');
    vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation((key: string) => key);
    (fakeBrowser as unknown as { action: object }).action = { setBadgeText: badge, setBadgeBackgroundColor: vi.fn(async () => {}) };
  });

  it('sets the alarm at the next reminder, counts due tasks on the badge with the alerts, notifies once, and a snooze moves the alarm', async () => {
    const create = vi.fn(async () => 'id');
    (fakeBrowser as unknown as { notifications: object }).notifications = { create };
    vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(true as never);
    const store = createDexieTaskStore(db);
    const [soon, later] = await store.add([task(T0 + HOUR), task(T0 + 3 * HOUR)].map(({ id: _id, ...t }, i) => ({ ...t, key: `k${i}` })));
    await db.alerts.add({ key: '1:unanswered:m', contactId: 1, kind: 'unanswered', at: T0, open: 1 } as never);

    expect(await tasksChanged(db, T0)).toBe(0);
    expect((await fakeBrowser.alarms.get(TASK_ALARM))?.scheduledTime).toBe(T0 + HOUR + 1000);
    expect(badge).toHaveBeenLastCalledWith({ text: '1' });

    // The alarm fires (a restart in between changes nothing: the times are stored).
    expect(await tasksChanged(db, T0 + HOUR + 1000)).toBe(1);
    expect(create).toHaveBeenCalledTimes(1);
    expect(badge).toHaveBeenLastCalledWith({ text: '2' });
    expect((await fakeBrowser.alarms.get(TASK_ALARM))?.scheduledTime).toBe(T0 + 3 * HOUR + 1000);
    // Looking again notifies nothing more.
    expect(await tasksChanged(db, T0 + HOUR + 2000)).toBe(0);
    expect(create).toHaveBeenCalledTimes(1);

    // Snoozed past the other: the alarm moves to the other, the badge drops it, and it reminds again when the snooze ends.
    await store.snooze([soon.id], T0 + 5 * HOUR, T0 + 2 * HOUR);
    await tasksChanged(db, T0 + 2 * HOUR);
    expect(badge).toHaveBeenLastCalledWith({ text: '1' });
    expect((await fakeBrowser.alarms.get(TASK_ALARM))?.scheduledTime).toBe(T0 + 3 * HOUR + 1000);
    await store.setDone([later.id], true, T0 + 2 * HOUR);
    await tasksChanged(db, T0 + 2 * HOUR);
    expect((await fakeBrowser.alarms.get(TASK_ALARM))?.scheduledTime).toBe(T0 + 5 * HOUR + 1000);
    expect(await tasksChanged(db, T0 + 5 * HOUR + 1000)).toBe(1);
    expect(create).toHaveBeenCalledTimes(2);
    await store.setDone([soon.id], true, T0 + 6 * HOUR);
    await tasksChanged(db, T0 + 6 * HOUR);
    expect(await fakeBrowser.alarms.get(TASK_ALARM)).toBeUndefined();
  });

  it('without the notifications permission it notifies nothing, and marks the reminder so that allowing it later replays nothing', async () => {
    const create = vi.fn(async () => 'id');
    (fakeBrowser as unknown as { notifications: object }).notifications = { create };
    vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(false as never);
    const store = createDexieTaskStore(db);
    await store.add([{ ...task(T0 - HOUR), key: 'x' }].map(({ id: _id, ...t }) => t));
    expect(await tasksChanged(db, T0)).toBe(1);
    expect(create).not.toHaveBeenCalled();
    vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(true as never);
    expect(await tasksChanged(db, T0 + 1000)).toBe(0);
    expect(create).not.toHaveBeenCalled();
  });
});
