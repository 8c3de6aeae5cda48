import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { readThread } from '@/lib/gmail/read-thread';
import type { Snapshot } from '@/lib/protocol';
import { readToContent, SIDEBAR_PORT } from '@/lib/protocol-content-guard';
import { mountSidebar } from './sidebar-frame';
import { startComposeBridge } from './compose-bridge';

/**
 * The thin Gmail adapter: reads the open thread whenever Gmail navigates or swaps its DOM, and sends
 * a snapshot to the sidebar through Ports the sidebar opened to this tab. Never throws into Gmail.
 */
export function startAdapter(ctx: ContentScriptContext): void {
  const frame = mountSidebar(ctx);
  const ports = new Set<Browser.runtime.Port>();
  let last: Snapshot | null = null;
  let lastKey = '';
  let timer: number | undefined;

  const postTo = (port: Browser.runtime.Port, message: object) => {
    try {
      port.postMessage(message);
    } catch {
      ports.delete(port);
    }
  };
  const post = (port: Browser.runtime.Port, snapshot: Snapshot) => postTo(port, { type: 'snapshot', snapshot });
  // Requests go to the most recently connected sidebar (there is one per tab).
  const compose = startComposeBridge(ctx, (message) => {
    const port = [...ports].pop();
    if (port) postTo(port, message);
  }, frame.focus);

  const read = () => {
    timer = undefined;
    const snapshot = readThread(document, location.hash);
    const key = signature(snapshot);
    if (key === lastKey) return;
    last = snapshot;
    lastKey = key;
    for (const port of ports) post(port, snapshot);
  };
  // Gmail mutates its DOM constantly; coalesce a burst of mutations into one read after the task.
  const schedule = () => {
    if (timer === undefined) timer = ctx.setTimeout(read, 0);
  };

  ctx.addEventListener(window, 'hashchange', schedule);
  const observer = new MutationObserver(schedule);
  observer.observe(document.body, { childList: true, subtree: true });
  ctx.onInvalidated(() => observer.disconnect());

  const onConnect = (port: Browser.runtime.Port) => {
    if (port.name !== SIDEBAR_PORT || port.sender?.id !== browser.runtime.id) return;
    ports.add(port);
    port.onDisconnect.addListener(() => ports.delete(port));
    port.onMessage.addListener((raw: unknown) => {
      const message = readToContent(raw);
      if (!message) return;
      if (message.type === 'hello') {
        if (!last) read();
        if (last) post(port, last);
      } else if (message.type === 'layout') frame.setCollapsed(message.collapsed);
      else if (message.type === 'insert') void compose.insert(message.requestId, message.text);
      else if (message.type === 'expansion') compose.expansion(message.requestId, message.text);
    });
  };
  browser.runtime.onConnect.addListener(onConnect);
  ctx.onInvalidated(() => browser.runtime.onConnect.removeListener(onConnect));
  read();
}

/** What makes two snapshots different for the sidebar: the view, its messages, the user and the theme. */
function signature(s: Snapshot): string {
  if (s.status === 'none') return `none|${s.reason}|${s.userEmail}|${s.theme}`;
  return `thread|${s.threadId}|${s.userEmail}|${s.theme}|${s.messages.map((m) => `${m.messageId}:${m.snippet.length}:${m.to.length + m.cc.length}`).join(',')}`;
}
