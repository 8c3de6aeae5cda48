// The panel's first message (issue 13): what the background read for its first paint when Gmail's button opened it
// (lib/panel/first-open.ts): the thread, the stored settings and the contact's profile, in one round trip. The
// browser's own `browser`, not the polyfill: this is the page's small first module.
import { browser } from '@wxt-dev/browser';
import { isFirstOpen, type FirstOpen } from '@/lib/panel/first-profile';
import { panelTabId } from '@/lib/panel/messages';

let reply: Promise<FirstOpen | null> | null = null;

/** Asks the background for this panel's first paint (`?tabId=`); nothing without a tab id (the dock, the default page). */
export function askFirstOpen(search: string = location.search): void {
  const tabId = panelTabId(search);
  if (reply || tabId === undefined) return;
  // The message's type is lib/messages/protocol.ts's; send.ts would bring the polyfill into this module.
  reply = browser.runtime.sendMessage({ type: 'kizuna:panel-first', tabId }).then(
    (r: unknown) => (isFirstOpen(r) ? r : null),
    () => null,
  );
}

/** The background's answer: null when it read nothing for this panel (opened by the toolbar icon, or the worker restarted). */
export function firstOpenReply(): Promise<FirstOpen | null> {
  return reply ?? Promise.resolve(null);
}
