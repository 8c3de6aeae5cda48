// The browser's own promise-based API, not the webextension-polyfill: this is the side panel's first module (main.tsx),
// which stays small; the app's chunks load the polyfill when they need it. Chrome MV3 and Firefox both return promises.
import { browser } from '@wxt-dev/browser';
import { panelTabId } from '@/lib/panel/messages';
import { SIDEBAR_PORT } from '@/lib/protocol-content-guard';

type Port = Browser.runtime.Port;

/** A Port opened before the app's code loaded, with what arrived on it since. */
export interface EarlyPort {
  tabId: number;
  port: Port;
  /** Messages that arrived before the app took the Port, oldest first. */
  buffered: unknown[];
  /** Whether the Port disconnected before the app took it. */
  disconnected: boolean;
}

let early: (EarlyPort & { stop(): void }) | null = null;

/**
 * Opens the side panel's Port to its Gmail tab (`?tabId=`) and says hello, buffering the answers: called by the
 * page's small first module before it loads the app's half-megabyte of code, so Gmail's snapshot is on its way (or
 * here) by the time React first renders. Does nothing without a tab id (the in-Gmail dock, the default page).
 */
export function openEarlyPort(search: string = location.search): void {
  const tabId = panelTabId(search);
  if (early || tabId === undefined) return;
  try {
    const port = browser.tabs.connect(tabId, { name: SIDEBAR_PORT, frameId: 0 });
    const entry = { tabId, port, buffered: [] as unknown[], disconnected: false, stop: () => undefined };
    const onMessage = (message: unknown) => void entry.buffered.push(message);
    const onDisconnect = () => void (entry.disconnected = true);
    port.onMessage.addListener(onMessage);
    port.onDisconnect.addListener(onDisconnect);
    entry.stop = () => {
      port.onMessage.removeListener(onMessage);
      port.onDisconnect.removeListener(onDisconnect);
    };
    port.postMessage({ type: 'hello' });
    early = entry;
  } catch {
    // No tabs API here (a framed page in Firefox): the app connects the usual way.
  }
}

/** The early Port to this tab, once (its buffering stops: the caller listens from now on); null when there is none. */
export function takeEarlyPort(tabId: number): EarlyPort | null {
  const entry = early;
  if (!entry || entry.tabId !== tabId) return null;
  early = null;
  entry.stop();
  return { tabId: entry.tabId, port: entry.port, buffered: entry.buffered, disconnected: entry.disconnected };
}

/** Whether the page's first script opened a Port that the app has not taken yet. */
export function hasEarlyPort(): boolean {
  return early !== null;
}

/**
 * Calls `listener` with each message Gmail sends on the early Port (those already buffered first), whoever holds the
 * Port by then, until the returned function is called: the first paint (first-paint.ts) reads the thread's snapshot
 * from it, and watches for Gmail's quick-reply shortcut until the app has taken over. Nothing without an early Port.
 */
export function watchEarlyPort(listener: (message: unknown) => void): () => void {
  const entry = early;
  if (!entry) return () => undefined;
  entry.buffered.forEach((message) => listener(message));
  entry.port.onMessage.addListener(listener);
  return () => entry.port.onMessage.removeListener(listener);
}
