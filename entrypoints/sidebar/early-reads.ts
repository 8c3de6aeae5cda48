// The panel's first reads, started by its small first module while the app's code loads (issue 13): the stored
// settings and the database open. Holds neither zod, Dexie nor the webextension-polyfill, so the first module stays small.
import { browser } from '@wxt-dev/browser';
import { firstOpenReply } from './first-open';

let settings: Promise<unknown> | null = null;

/** Starts reading the stored settings (raw, unvalidated), before the app's code has loaded: the background's answer to the panel's first message holds them, else they are read here. */
export function prefetchFirstReads(): void {
  try {
    // The same key as lib/settings.ts's settingsItem ('local:settings'); the app validates what it gets.
    settings = firstOpenReply().then((first) => (first ? first.settings : browser.storage.local.get('settings').then((items) => items.settings)));
    browser.storage.onChanged.addListener((changes, area) => {
      if (area === 'local' && 'settings' in changes) settings = null;
    });
  } catch {
    settings = null;
  }
}

/** Loads Dexie and opens the database, beside the app's code (which imports it too). */
export function prefetchDb(): void {
  void import('@/lib/db').then(({ db }) => db.open()).catch(() => undefined);
}

/** The stored settings as read at the page's start, while no change has come since; null otherwise (read them anew). */
export function earlyStoredSettings(): Promise<unknown> | null {
  return settings;
}
