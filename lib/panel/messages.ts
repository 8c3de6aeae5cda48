/**
 * Runtime messages (not the Port) between the Gmail content script, the background and the side
 * panel. Plain strings and a hand check, so the content script stays small.
 */
export const PANEL_MESSAGES = {
  /** The content script started in a Gmail tab: the background enables that tab's panel; an open panel reconnects. */
  hello: 'kizuna:gmail-hello',
  /** A user gesture in Gmail (the Kizuna button, Alt+Shift+K) asks the background to open the tab's panel. */
  open: 'kizuna:open-panel',
} as const;

/** The background's answer to a hello: whether the in-Gmail dock is switched on. */
export interface HelloReply {
  dock: boolean;
}

/** Whether a URL is a Gmail page (where the content script runs; like match patterns, any port). */
export function isGmailUrl(url: string | undefined): boolean {
  if (typeof url !== 'string' || !URL.canParse(url)) return false;
  const { protocol, hostname } = new URL(url);
  return protocol === 'https:' && hostname === 'mail.google.com';
}

/** The side panel page for one Gmail tab (no leading slash: the form sidePanel.setOptions takes). */
export function panelPath(tabId: number): string {
  return `sidepanel.html?tabId=${tabId}`;
}

/** The Gmail tab id a panel page was opened for, from its query string (`?tabId=`), or undefined. */
export function panelTabId(search: string): number | undefined {
  const raw = new URLSearchParams(search).get('tabId');
  if (raw === null || !/^\d{1,10}$/.test(raw)) return undefined;
  return Number(raw);
}

/** Whether a panel page is the in-Gmail dock (framed in Gmail) rather than the browser's side panel. */
export function isDockPage(search: string): boolean {
  return new URLSearchParams(search).get('dock') === '1';
}
