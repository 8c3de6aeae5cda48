// The side panel's first paint (issue 13): its small first module shows the thread's contact while the app's code
// loads, from what the background read when Gmail's button opened the panel (first-open.ts: one round trip), or else
// (the toolbar icon) from raw reads (the snapshot on the early Port, the stored settings, one IndexedDB transaction);
// the app renders apart and takes over once it shows the same (hand-over.ts). Without a contact to show, nothing is
// painted and the app starts as before.
import { browser } from '@wxt-dev/browser';
import { defaultCurrency, isCurrencyCode } from '@/lib/format';
import { translate, uiLocale } from '@/lib/i18n';
import { hasEarlyPort, watchEarlyPort } from './early-port';
import { earlyStoredSettings } from './early-reads';
import { firstPick, type FirstPick } from '@/lib/panel/first-pick';
import type { FirstProfile } from '@/lib/panel/first-profile';
import { firstOpenReply } from './first-open';
import { openKizunaDb, readFirstProfile } from './first-read';
import { firstView, showsScore } from './first-view';

/** A first paint on screen, for the app to take over. */
export interface FirstPaint {
  /** The page's #root, holding the first paint. */
  root: HTMLElement;
  /** The contact shown. */
  email: string;
  /** Whether it shows a stored score (the app takes over once it shows one too, or after a while). */
  score: boolean;
  /** The app should take over as soon as it shows a contact: the user reached for the first paint, or Gmail asked for the quick-reply picker. */
  urgent: boolean;
  /** Called once when `urgent` becomes true. */
  onUrgent?: () => void;
  /** Ends the first paint's listeners (the app has taken over). */
  stop(): void;
}

let painted: FirstPaint | null = null;
// Set once the app has mounted: a first paint still on its way is dropped.
let late = false;

// Ends the wait for Gmail's snapshot (the app has mounted).
let abandon: () => void = () => undefined;

/** Gmail's first snapshot message on the early Port; null once the app has mounted without one. */
async function firstSnapshot(): Promise<unknown> {
  let stop: () => void = () => undefined;
  const message = await new Promise<unknown>((resolve) => {
    abandon = () => resolve(null);
    stop = watchEarlyPort((m) => (m as { type?: unknown } | null)?.type === 'snapshot' && resolve(m));
  });
  stop();
  return message;
}

interface FirstRead {
  pick: FirstPick;
  profile: FirstProfile;
  settings: unknown;
}

// A panel the background read nothing for (the toolbar icon, a worker started since): Gmail's snapshot on the early
// Port, the stored settings, and the contact's rows straight from the database.
async function readHere(): Promise<FirstRead | null> {
  const connection = openKizunaDb();
  const [message, settings] = await Promise.all([firstSnapshot(), earlyStoredSettings() ?? Promise.resolve(undefined)]);
  const pick = late ? null : firstPick(message, settings);
  const db = await connection;
  if (!pick || !db) return (db?.close(), null);
  const profile = await readFirstProfile(db, pick.email);
  return profile && { pick, profile, settings };
}

async function readFirst(): Promise<FirstRead | null> {
  const first = await firstOpenReply();
  if (!first) return readHere();
  // The background picked with the same function from the same thread and settings: its profile is this address's.
  const pick = firstPick(first.message, first.settings);
  return pick && first.profile?.contact?.email === pick.email ? { pick, profile: first.profile, settings: first.settings } : null;
}

/**
 * Paints the thread's contact into `root` once the contact's profile is in, unless the app mounted first. Resolves
 * once painted (after the frame is requested) or given up.
 */
export async function paintFirstProfile(root: HTMLElement | null = document.getElementById('root')): Promise<void> {
  if (!root || !hasEarlyPort()) return;
  const read = await readFirst();
  if (!read || late || root.firstChild) return;
  const { pick, profile, settings } = read;

  const locale = uiLocale();
  const stored = (settings as { currency?: unknown } | undefined)?.currency;
  const currency = typeof stored === 'string' && isCurrencyCode(stored) ? stored : defaultCurrency(locale);
  document.documentElement.lang = locale;
  document.documentElement.dataset.theme = pick.theme;
  const main = firstView(pick, profile, translate, locale, currency);
  root.replaceChildren(main);
  const state: FirstPaint = { root, email: pick.email, score: showsScore(profile), urgent: false, stop: () => undefined };
  const hurry = () => {
    if (state.urgent) return;
    state.urgent = true;
    state.onUrgent?.();
  };
  const open = (e: Event) => {
    const path = (e.target as Element | null)?.closest?.('[data-open]')?.getAttribute('data-open');
    if (path) void browser.tabs.create({ url: browser.runtime.getURL(path as '/app.html') });
  };
  const revert = (e: Event) => {
    // The stage shown is the stored one until the app's own field takes the change.
    const select = e.target as HTMLSelectElement;
    select.value = select.getAttribute('data-stage') ?? select.value;
  };
  const events = ['pointerdown', 'keydown', 'focusin'] as const;
  events.forEach((type) => main.addEventListener(type, hurry));
  main.addEventListener('click', open);
  main.addEventListener('change', revert);
  // Gmail's quick-reply shortcut focuses the app's picker: the app must be on screen for that.
  const unwatchPicker = watchEarlyPort((m) => (m as { type?: unknown } | null)?.type === 'openPicker' && hurry());
  state.stop = () => {
    events.forEach((type) => main.removeEventListener(type, hurry));
    main.removeEventListener('click', open);
    main.removeEventListener('change', revert);
    unwatchPicker();
  };
  painted = state;
  await new Promise<void>((resolve) =>
    requestAnimationFrame(() => {
      // The benchmarks' mark of a profile on screen (bench/sidebar.ts), as ContactView sets it.
      performance.mark('kizuna:profile-painted', { detail: pick.email });
      resolve();
    }),
  );
}

/** The first paint on screen, once, for the app mounting now to take over; null when there is none (any still on its way is dropped). */
export function takeFirstPaint(): FirstPaint | null {
  late = true;
  abandon();
  const taken = painted;
  painted = null;
  return taken;
}
