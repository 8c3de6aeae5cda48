import { useEffect, useRef, useState } from 'react';
import { SIDEBAR_PORT, ToSidebarSchema, type Snapshot, type ToContent, type ToSidebar } from '@/lib/protocol';

export type PortState = { kind: 'connecting' } | { kind: 'no-gmail' } | { kind: 'ready'; snapshot: Snapshot };
type Other = Exclude<ToSidebar, { type: 'snapshot' }>;

/**
 * Connects to the Gmail adapter of this sidebar's own tab (top frame only) and follows its snapshots;
 * other messages go to `onMessage`. Returns the state and a sender for commands to the adapter.
 */
export function useGmailPort(onMessage: (message: Other) => void): [PortState, (message: ToContent) => void] {
  const [state, setState] = useState<PortState>({ kind: 'connecting' });
  const port = useRef<Browser.runtime.Port | null>(null);
  const handler = useRef(onMessage);
  handler.current = onMessage;
  useEffect(() => {
    let closed = false;
    (async () => {
      const tab = await browser.tabs.getCurrent().catch(() => undefined);
      if (closed) return;
      if (tab?.id === undefined) return setState({ kind: 'no-gmail' });
      const p = browser.tabs.connect(tab.id, { name: SIDEBAR_PORT, frameId: 0 });
      port.current = p;
      p.onMessage.addListener((raw: unknown) => {
        const message = ToSidebarSchema.safeParse(raw);
        if (!message.success) return;
        if (message.data.type === 'snapshot') {
          performance.mark('kizuna:snapshot');
          setState({ kind: 'ready', snapshot: message.data.snapshot });
        } else handler.current(message.data);
      });
      p.onDisconnect.addListener(() => {
        port.current = null;
        if (!closed) setState({ kind: 'no-gmail' });
      });
      p.postMessage({ type: 'hello' } satisfies ToContent);
    })();
    return () => {
      closed = true;
      port.current?.disconnect();
    };
  }, []);
  return [state, (message) => port.current?.postMessage(message)];
}
