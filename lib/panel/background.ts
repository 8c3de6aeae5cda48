import { browser } from 'wxt/browser';
import { loadSettings, parseSettings, settingsItem } from '../settings';
import type { Handlers } from '../messages/protocol';
import { dropFirstOpen, holdFirstOpen, takeFirstOpen } from './first-open';
import { isGmailUrl, PANEL_MESSAGES, panelPath } from './messages';

/** Firefox's sidebar, which Chrome's types do not describe. */
interface SidebarAction {
  setPanel(details: { tabId?: number; panel: string | null }): Promise<void>;
  open(): Promise<void>;
}

const warn = (what: string) => (error: unknown) => console.warn(`Kizuna: ${what}`, error);

/**
 * The side panel's side of the background: each Gmail tab gets its own panel page (`?tabId=`), set
 * when the tab's content script says hello; the toolbar icon, the keyboard shortcut and a gesture in
 * Gmail open it. In Chrome the user's gesture lasts only while nothing is awaited before `open()`.
 * Returns the answers to the content script's messages (lib/messages/protocol.ts).
 */
export function startPanelBackground(): Pick<Handlers, 'kizuna:gmail-hello' | 'kizuna:open-panel' | 'kizuna:panel-first'> {
  const sidePanel = browser.sidePanel as typeof browser.sidePanel | undefined;
  const sidebarAction = (browser as unknown as { sidebarAction?: SidebarAction }).sidebarAction;

  // Issue 13: the first i18n call in the extension's process fetches the whole message catalogue from the browser with
  // a synchronous call; the panel page runs in this worker's process, and its first open spent most of its loading
  // time blocked on that call. Chromium keeps the catalogue per process (SharedL10nMap), so fetching it here leaves the
  // panel a warm one. Not at the worker's start: a worker woken by the click on Kizuna's button ran that fetch (and
  // its timer) before the click's message, so before sidePanel.open. Once Gmail's tab has said hello, or the panel (or
  // the app's tab) is open, the worker's thread fetches it while the page loads.
  const warmCatalogue = () => void setTimeout(() => browser.i18n.getMessage('extName'), 0);

  // Chrome: the panel exists only on Gmail tabs, never as a global panel on every site.
  void sidePanel?.setOptions({ enabled: false }).catch(warn('the side panel could not be set up'));

  // A development build's bench (bench/_first-open-floor.ts) sets `kizunaFloorPanel` on the worker: the same click
  // then opens an empty page of the extension, the floor of a first open (docs/dev-hooks.md).
  const pathFor = (tabId: number) => (import.meta.env.WXT_DEV_HOOKS === '1' && (globalThis as { kizunaFloorPanel?: boolean }).kizunaFloorPanel ? `dev-floor.html?tabId=${tabId}` : panelPath(tabId));
  const enableFor = (tabId: number) => {
    if (sidePanel) void sidePanel.setOptions({ tabId, path: pathFor(tabId), enabled: true }).catch(warn('the side panel could not be set up'));
    else void sidebarAction?.setPanel({ tabId, panel: browser.runtime.getURL(`/${panelPath(tabId)}` as '/sidepanel.html') }).catch(warn('the sidebar could not be set up'));
  };
  const open = (tabId: number): Promise<void> => {
    enableFor(tabId); // not awaited: see above
    const opened = sidePanel ? sidePanel.open({ tabId }) : sidebarAction ? sidebarAction.open() : Promise.reject(new Error('no side panel in this browser'));
    void opened.finally(warmCatalogue).catch(() => undefined);
    return opened;
  };

  // The in-Gmail dock switched on or off: every Gmail tab's content script docks or undocks.
  let dockOn: boolean | undefined;
  settingsItem.watch((value) => {
    const on = parseSettings(value).gmailDock;
    if (on === dockOn) return;
    dockOn = on;
    void browser.tabs.query({ url: 'https://mail.google.com/*' }).then((tabs) => {
      for (const tab of tabs) if (tab.id !== undefined) void browser.tabs.sendMessage(tab.id, { type: PANEL_MESSAGES.dock, on }, { frameId: 0 }).catch(() => undefined);
    });
  });

  // The toolbar icon (and its shortcut): Kizuna's panel on a Gmail tab, the full-page app elsewhere.
  (browser.action ?? browser.browserAction).onClicked.addListener((tab) => {
    if (tab.id !== undefined && isGmailUrl(tab.url)) {
      void open(tab.id).catch(warn('the side panel could not be opened'));
      dropFirstOpen(tab.id);
    } else void browser.tabs.create({ url: browser.runtime.getURL('/app.html') }).finally(warmCatalogue);
  });

  return {
    'kizuna:gmail-hello': async (_, { tabId }) => {
      enableFor(tabId);
      warmCatalogue();
      return { dock: (await loadSettings()).gmailDock };
    },
    // Not async: in Chrome the user's gesture is gone after the first await. The profile's read starts after open().
    'kizuna:open-panel': ({ snapshot }, { tabId }) => {
      const opened = open(tabId).then(
        () => ({ ok: true }) as const,
        (error: unknown) => ({ ok: false, error: error instanceof Error ? error.message : String(error) }) as const,
      );
      holdFirstOpen(tabId, snapshot);
      return opened;
    },
    'kizuna:panel-first': async ({ tabId }) => (await takeFirstOpen(tabId)) ?? null,
  };
}
