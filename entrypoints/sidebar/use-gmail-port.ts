import { useEffect, useRef, useState } from 'react';
import { SIDEBAR_PORT, ToSidebarSchema, type Snapshot, type ToContent } from '@/lib/protocol';

export type PortState = { kind: 'connecting' } | { kind: 'no-gmail' } | { kind: 'ready'; snapshot: Snapshot };

/**
 * Connects to the Gmail adapter of this sidebar's own tab (top frame only) and follows its snapshots.
 * Returns the state and a sender for commands to the adapter.
 */
export function useGmailPort(): [PortState, (message: ToContent) => void] {
  const [state, setState] = useState<PortState>({ kind: 'connecting' });
  const port = useRef<Browser.runtime.Port | null>(null);
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
        performance.mark('kizuna:snapshot');
        if (message.success) setState({ kind: 'ready', snapshot: message.data.snapshot });
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
