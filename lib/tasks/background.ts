import { browser } from 'wxt/browser';
import { canNotify, refreshBadge } from '../churn/badge';
import { db } from '../db';
import type { KizunaDb } from '../db/schema';
import { plural } from '../format';
import { translate, uiLocale } from '../i18n';
import type { Handlers } from '../messages/protocol';
import { createDexieTaskStore } from './dexie-store';
import { nextReminderAt, remindersToNotify } from './reminders';
import { reminderAt } from './types';

/** A one-off alarm at the next task reminder (alarms outlive the worker and a browser restart). */
export const TASK_ALARM = 'kizuna-task-reminder';
export const TASK_NOTIFICATION_ID = 'kizuna-tasks';
// The same red dot as the alert notifications (lib/churn/badge.ts): the extension ships no icon files.
const ICON =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAIAAAD8GO2jAAAAcklEQVR42u3WOwrAIBRE0VmJpfsHF6iFICHxhxkHFcX6nkZ8D37ywVqAsyZeJpCipTsONNM9DCj1igFWvWSAWM8a4Na/Buj1lyEEiPWncYFegF5PxjHAfUVLAPt/dop5oJhoipms2CoUe5FisxPtpj9PANOfC9yk/irNAAAAAElFTkSuQmCC';

/**
 * After tasks changed or a reminder time came: the badge counts due tasks with the open alerts, the alarm is set
 * for the next reminder, and reminders that came since the last look notify once (when notifications are allowed;
 * they are marked reminded either way, so allowing notifications later does not replay old ones). Returns the
 * reminders that came.
 */
export async function tasksChanged(database: KizunaDb = db, now = Date.now()): Promise<number> {
  const store = createDexieTaskStore(database);
  const open = await store.open();
  await refreshBadge(database, now);
  const next = nextReminderAt(open, now);
  if (next === undefined) await browser.alarms.clear(TASK_ALARM);
  else await browser.alarms.create(TASK_ALARM, { when: next + 1000 });
  const fresh = remindersToNotify(open, now);
  if (fresh.length === 0) return 0;
  if (await canNotify()) {
    await browser.notifications
      .create(TASK_NOTIFICATION_ID, {
        type: 'basic',
        iconUrl: ICON,
        title: plural(translate, uiLocale(), 'tkNotifyTitle', fresh.length),
        message: fresh
          .slice(0, 3)
          .map((t) => t.title)
          .join(', '),
      })
      .catch((e: unknown) => console.warn('Kizuna: task notification failed', e));
  }
  await database.transaction('rw', database.tasks, async () => {
    for (const t of fresh) await store.update(t.id, { remindedAt: reminderAt(t) }, t.updatedAt);
  });
  return fresh.length;
}

/** The background's answer to a page's task change. */
export const taskHandlers: Pick<Handlers, 'kizuna:tasks-changed'> = {
  'kizuna:tasks-changed': () => tasksChanged(),
};

/** Task reminders in the background: the alarm, the notification's click (opens the Tasks page), a first look. */
export function startTaskBackground(): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === TASK_ALARM) void tasksChanged().catch((e: unknown) => console.warn('Kizuna: task reminders failed', e));
  });
  browser.notifications?.onClicked.addListener((id) => {
    if (id === TASK_NOTIFICATION_ID) void browser.tabs.create({ url: browser.runtime.getURL('/app.html#/tasks') });
  });
  void tasksChanged().catch((e: unknown) => console.warn('Kizuna: task reminders failed', e));
}
