import { useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { isGmailUrl, PANEL_MESSAGES, panelTabId } from '@/lib/panel/messages';
import { takeEarlyPort } from './early-port';
import { SIDEBAR_PORT, ToSidebarSchema, type Snapshot, type ToContent, type ToSidebar } from '@/lib/protocol';

export type PortState = { kind: 'connecting' } | { kind: 'no-gmail' } | { kind: 'no-tab' } | { kind: 'ready'; snapshot: Snapshot };
type Other = Exclude<ToSidebar, { type: 'snapshot' }>;

/**
 * The Gmail tab this sidebar belongs to: the panel's `?tabId=` (set per tab by the background), the
 * tab it is framed in (the in-Gmail dock), else the active Gmail tab of its window. A side panel is
 * not a tab, so `tabs.getCurrent()` is undefined there.
 */
async function gmailTabId(): Promise<number | undefined> {
  const fromQuery = panelTabId(location.search);
  if (fromQuery !== undefined) return fromQuery;
  if (window.top !== window) {
    const tab = await browser.tabs?.getCurrent().catch(() => undefined);
    if (tab?.id !== undefined) return tab.id;
  }
  const [active] = await browser.tabs.query({ active: true, currentWindow: true }).catch(() => []);
  return active?.id !== undefined && isGmailUrl(active.url) ? active.id : undefined;
}

/**
 * Connects to the Gmail adapter of this sidebar's tab (top frame only) and follows its snapshots,
 * connecting again when Gmail reloads (its content script says hello); other messages go to
 * `onMessage`. Returns the state and a sender for commands to the adapter.
 */
export function useGmailPort(onMessage: (message: Other) => void): [PortState, (message: ToContent) => void] {
  const [state, setState] = useState<PortState>({ kind: 'connecting' });
  const port = useRef<Browser.runtime.Port | null>(null);
  const handler = useRef(onMessage);
  handler.current = onMessage;
  useEffect(() => {
    let closed = false;
    let tabId: number | undefined;
    const connect = (id: number) => {
      port.current?.disconnect();
      // The Port the page's first script opened (early-port.ts), with what Gmail already sent on it.
      const early = takeEarlyPort(id);
      const p = early && !early.disconnected ? early.port : browser.tabs.connect(id, { name: SIDEBAR_PORT, frameId: 0 });
      port.current = p;
      const receive = (raw: unknown, now = false) => {
        const message = ToSidebarSchema.safeParse(raw);
        if (!message.success) return;
        if (message.data.type === 'snapshot') {
          performance.mark('kizuna:snapshot');
          const next: PortState = { kind: 'ready', snapshot: message.data.snapshot };
          // A thread switch renders in this task (the profile's read starts in that render), not in a task React
          // schedules after it.
          if (now) flushSync(() => setState(next));
          else setState(next);
        } else handler.current(message.data);
      };
      p.onMessage.addListener((raw: unknown) => receive(raw, true));
      p.onDisconnect.addListener(() => {
        if (port.current !== p) return;
        port.current = null;
        if (!closed) setState({ kind: 'no-gmail' });
      });
      if (p === early?.port) early.buffered.forEach((raw) => receive(raw));
      else p.postMessage({ type: 'hello' } satisfies ToContent);
    };
    // Never answers: the background does. Returning nothing keeps this listener out of the reply.
    const onHello = (message: unknown, sender: Browser.runtime.MessageSender): undefined => {
      if (closed || tabId === undefined || sender.id !== browser.runtime.id || sender.tab?.id !== tabId) return;
      if ((message as { type?: unknown } | null)?.type === PANEL_MESSAGES.hello) connect(tabId);
    };
    browser.runtime.onMessage.addListener(onHello);
    void gmailTabId().then((id) => {
      if (closed) return;
      tabId = id;
      if (id === undefined) setState({ kind: 'no-tab' });
      else connect(id);
    });
    return () => {
      closed = true;
      browser.runtime.onMessage.removeListener(onHello);
      port.current?.disconnect();
    };
  }, []);
  return [state, (message) => port.current?.postMessage(message)];
}
