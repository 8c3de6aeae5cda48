/**
 * Runtime messages outside the background's protocol (lib/messages/protocol.ts), checked by hand so the
 * content script stays small.
 */
export const PANEL_MESSAGES = {
  /** The content script's hello to the background (lib/messages/protocol.ts) also reaches an open panel, which reconnects. */
  hello: 'kizuna:gmail-hello',
  /** The background tells Gmail tabs that the in-Gmail dock setting changed (`on`). */
  dock: 'kizuna:dock',
} as const;

/** The background's answer to a hello: whether the in-Gmail dock is switched on. */
export interface HelloReply {
  dock: boolean;
}

/** Why the in-Gmail dock is not in Gmail's page (lib/gmail/dock.ts, or the content script). */
export const DOCK_REASONS = ['no-column', 'no-main', 'geometry', 'covers-gmail', 'firefox', 'load-failed'] as const;
export type DockReason = (typeof DOCK_REASONS)[number];
/** Where Kizuna is for a Gmail tab: docked in Gmail, fallen back to the side panel (and why), or the dock is off. */
export type DockStatus = { state: 'docked' } | { state: 'off' } | { state: 'fallback'; reason: DockReason };

/** What entrypoints/gmail-dock.ts puts on the content script's global when the content script imports it. */
export interface DockApi {
  start(options: { src: string; title: string; onStatus(status: DockStatus): void }): { stop(): void };
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
