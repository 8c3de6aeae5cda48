import { liveQuery } from 'dexie';
import { browser } from 'wxt/browser';
import { db } from '../db';
import { foregroundQuiet, listenForForeground } from '../db/foreground';
import type { Alert } from '../db/types';
import type { Handlers } from '../messages/protocol';
import { nextSnoozeEnd, openAlertCount } from './alert-store';
import { dueTaskCount, setBadgeCount, NOTIFICATION_ID, notifyAlerts, refreshBadge } from './badge';
import { bookBandsOf } from './book-bands';
import { recomputeRisk, type RecomputeOptions, type RecomputeResult } from './recompute';
import { loadScorerConfig } from './scorer-config';
import { runPlaybooksNow } from '../playbooks/background';
import { affectsScores, loadRiskSettings, onlyAutoBandsMoved, riskSettingsItem } from './settings';

/** The daily recompute's alarm. */
export const DAILY_ALARM = 'kizuna-risk-daily';
/** A one-off alarm when the earliest snoozed alert comes back (the badge counts it again). */
export const SNOOZE_ALARM = 'kizuna-snooze-end';
/**
 * Contacts per chunk of the background rescore and the pause after each. Its reads are read-only and its writes
 * change only the score inputs, scores and alerts tables (never contacts: the contacts with new alerts are checked once
 * written, recompute.ts), so the sidebar's profile read does not wait behind one, its score read does. The chunk size keeps each read request
 * short (its activities come as one request, and IndexedDB serves one origin's requests one after another), and the
 * pause leaves the CPU to the pages now and then. 100,000 contacts: 500 chunks, 2.5 s of pauses; the five chunks of
 * a read batch (recompute.ts READ_AHEAD) are written in one transaction, 100 in all. While the user
 * switches threads in Gmail, the rescore steps aside before its next read or write (lib/db/foreground.ts).
 */
const CHUNK = 200;
const PAUSE_MS = 5;
const DAY_MINUTES = 24 * 60;
/** Quiet time after the last risk-settings change before everyone is rescored. */
const SETTLE_MS = 3000;

export interface RecomputeSummary {
  scored: number;
  read: number;
  changed: number;
  cleared: number;
  alerts: number;
  openAlerts: number;
  /** The whole run. */
  ms: number;
  /** Of which settling the book's bands once every contact is scored, and writing the scores and crossings with them. */
  bandsMs: number;
  phases: RecomputeResult['phases'];
}

let running: Promise<RecomputeSummary> | null = null;
// The badge follows changes to the alerts made anywhere (a live count of the open ones). During a rescore it is
// switched off: each chunk's alerts would recount every open alert (a read of the whole list per chunk, competing
// with the pages for IndexedDB), and the rescore sets the badge when it ends.
let badgeWatched = false;
let badgeWatch: { unsubscribe(): void } | null = null;
function watchBadge(on: boolean): void {
  if (!on) {
    badgeWatch?.unsubscribe();
    badgeWatch = null;
  } else if (badgeWatched && !badgeWatch) {
    // Due tasks share the badge (lib/tasks/background.ts): a task done or snoozed in a page updates it too.
    badgeWatch = liveQuery(async () => (await openAlertCount(db)) + (await dueTaskCount(db))).subscribe({
      next: (count) => void setBadgeCount(count).catch(() => {}),
      error: () => {},
    });
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Between two chunks of the background rescore: a short pause, longer while the user is switching threads in Gmail. */
export async function pauseBetweenChunks(): Promise<void> {
  await sleep(PAUSE_MS);
  await foregroundQuiet();
}

/** Sets the snooze alarm for the earliest snoozed alert still to come back (none when there is none). */
async function scheduleSnoozeEnd(): Promise<void> {
  const next = await nextSnoozeEnd(db);
  if (next === undefined) await browser.alarms.clear(SNOOZE_ALARM);
  else await browser.alarms.create(SNOOZE_ALARM, { when: next + 1000 });
}

/** After alerts were added, dismissed or snoozed anywhere: the badge shows the open count; new ones notify when switched on. */
export async function alertsChanged(added: readonly Alert[] = []): Promise<number> {
  const open = await refreshBadge(db);
  await scheduleSnoozeEnd().catch((e: unknown) => console.warn('Kizuna: the snooze alarm could not be set', e));
  if (added.length && (await loadRiskSettings()).notifications) await notifyAlerts(db, added).catch((e: unknown) => console.warn('Kizuna: notification failed', e));
  return open;
}

/** Rescores every contact (chunked, see recompute.ts), raises alerts, refreshes the badge. One run at a time. */
export function recomputeNow(options: Pick<RecomputeOptions, 'chunkSize'> = {}): Promise<RecomputeSummary> {
  running ??= (async () => {
    watchBadge(false);
    try {
      const config = await loadScorerConfig(db);
      // bench/sidebar.ts measures thread switches during a full rescore; bench/risk-recompute.ts its time.
      const result: RecomputeResult = await recomputeRisk(db, config, {
        chunkSize: CHUNK,
        pause: pauseBetweenChunks,
        beforeWrite: foregroundQuiet,
        bookBands: bookBandsOf(config),
        ...options,
      });
      const openAlerts = await alertsChanged(result.alerts);
      void runPlaybooksNow(); // after each rescore, and so on the daily alarm too (date triggers)
      const { scored, read, changed, cleared } = result;
      return { scored, read, changed, cleared, alerts: result.alerts.length, openAlerts, ms: Math.round(result.ms), bandsMs: Math.round(result.phases.bandsMs), phases: result.phases };
    } finally {
      running = null;
      watchBadge(true);
    }
  })();
  return running;
}

async function ensureAlarm(): Promise<void> {
  const existing = await browser.alarms.get(DAILY_ALARM);
  if (!existing) await browser.alarms.create(DAILY_ALARM, { delayInMinutes: 1, periodInMinutes: DAY_MINUTES });
}

/** The background's answers to the pages' risk messages (lib/messages/protocol.ts). */
export const riskHandlers: Pick<Handlers, 'kizuna:risk-recompute' | 'kizuna:alerts-changed'> = {
  'kizuna:risk-recompute': () => recomputeNow(),
  'kizuna:alerts-changed': async ({ ids }) => alertsChanged((await db.alerts.bulkGet(ids)).filter((a): a is Alert => a !== undefined)),
};

/** The churn-risk side of the background: the daily recompute alarm, recompute on request, the toolbar badge. */
export function startRiskBackground(): void {
  listenForForeground();
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === DAILY_ALARM) void recomputeNow().catch((e: unknown) => console.warn('Kizuna: daily risk recompute failed', e));
    if (alarm.name === SNOOZE_ALARM) void alertsChanged().catch((e: unknown) => console.warn('Kizuna: snoozed alerts could not come back', e));
  });
  browser.notifications?.onClicked.addListener((id) => {
    if (id === NOTIFICATION_ID) void browser.tabs.create({ url: browser.runtime.getURL('/app.html#/attention') });
  });
  // Edited rules, thresholds or mapping, or the model switched on or off: stored scores follow, once the edits settle.
  // A setting of a page only (notifications, the attention page's length) rescores nobody.
  let settle: ReturnType<typeof setTimeout> | undefined;
  riskSettingsItem.watch((value, old) => {
    // Bands the rescore settled itself (settleBookBands) it applies itself.
    if (!affectsScores(old, value) || onlyAutoBandsMoved(old, value)) return;
    clearTimeout(settle);
    settle = setTimeout(() => void recomputeNow().catch((e: unknown) => console.warn('Kizuna: risk recompute failed', e)), SETTLE_MS);
  });
  void ensureAlarm().catch((e: unknown) => console.warn('Kizuna: the daily risk alarm could not be set', e));
  // While the worker is awake, any page's change to the alerts (dismiss, merge, delete) reaches the badge through
  // Dexie's cross-context notices; pages also send 'kizuna:alerts-changed', which wakes it.
  badgeWatched = true;
  watchBadge(!running);
  void scheduleSnoozeEnd().catch(() => {});
}
