import { browser } from 'wxt/browser';
import type { KizunaDb } from '../db/schema';
import { contactStoreOf } from '../contacts/dexie-store';
import { plural } from '../format';
import { translate, uiLocale } from '../i18n';
import type { Alert } from '../db/types';
import { openAlertCount } from './alert-store';
import { badgeText } from './alerts';
import { createDexieTaskStore } from '../tasks/dexie-store';
import { dueTasks } from '../tasks/reminders';

export const BADGE_COLOR = '#b3261e';
export const NOTIFICATION_ID = 'kizuna-alerts';
// A red dot (32×32 PNG): the extension ships no icon files, and a basic notification needs one.
const NOTIFICATION_ICON =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAIAAAD8GO2jAAAAcklEQVR42u3WOwrAIBRE0VmJpfsHF6iFICHxhxkHFcX6nkZ8D37ywVqAsyZeJpCipTsONNM9DCj1igFWvWSAWM8a4Na/Buj1lyEEiPWncYFegF5PxjHAfUVLAPt/dop5oJhoipms2CoUe5FisxPtpj9PANOfC9yk/irNAAAAAElFTkSuQmCC';

const action = () => browser.action ?? (browser as unknown as { browserAction: typeof browser.action }).browserAction;

/** Shows a number of open alerts on the toolbar icon (nothing for 0). */
export async function setBadgeCount(count: number): Promise<void> {
  await action().setBadgeBackgroundColor({ color: BADGE_COLOR });
  await action().setBadgeText({ text: badgeText(count) });
}

/** How many open tasks have reached their reminder time (they share the badge with the alerts). */
export async function dueTaskCount(db: KizunaDb, now = Date.now()): Promise<number> {
  return dueTasks(await createDexieTaskStore(db).open(), now).length;
}

/** Sets the toolbar badge to what needs the user: open alerts plus tasks due; returns the open alert count. */
export async function refreshBadge(db: KizunaDb, now = Date.now()): Promise<number> {
  const [alerts, tasks] = await Promise.all([openAlertCount(db, now), dueTaskCount(db, now)]);
  await setBadgeCount(alerts + tasks);
  return alerts;
}

/** True when the user granted the optional notifications permission. */
export async function canNotify(): Promise<boolean> {
  try {
    return await browser.permissions.contains({ permissions: ['notifications'] });
  } catch {
    return false;
  }
}

/** One browser notification for newly raised alerts (names of up to three contacts); clicking opens the attention page. */
export async function notifyAlerts(db: KizunaDb, alerts: readonly Alert[]): Promise<void> {
  if (alerts.length === 0 || !(await canNotify())) return;
  const ids = [...new Set(alerts.map((a) => a.contactId))];
  const contacts = (await contactStoreOf(db).getMany(ids.slice(0, 3))).filter((c) => c !== undefined);
  const names = contacts.map((c) => c.name || c.email).join(', ');
  const more = ids.length > 3 ? ` ${browser.i18n.getMessage('reNotifyMore', String(ids.length - 3))}` : '';
  await browser.notifications.create(NOTIFICATION_ID, {
    type: 'basic',
    iconUrl: NOTIFICATION_ICON,
    title: plural(translate, uiLocale(), 'reNotifyTitle', ids.length),
    message: names + more,
  });
}
