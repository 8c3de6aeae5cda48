import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { readThread } from '@/lib/gmail/read-thread';
import { SELECTORS } from '@/lib/gmail/selectors';
import { send } from '@/lib/messages/send';
import { PANEL_MESSAGES, type DockApi, type DockStatus } from '@/lib/panel/messages';
import type { Snapshot } from '@/lib/protocol';
import { readToContent, SIDEBAR_PORT } from '@/lib/protocol-content-guard';
import { startComposeBridge } from './compose-bridge';
import { mountOpenButton } from './open-button';

// A picker asked for while no panel was connected goes to the panel that connects within this time.
const PICKER_WAIT_MS = 10_000;
// Reads of Gmail's DOM right after a hash change before falling back to the coalesced read (see readEagerly).
const EAGER_READS = 4;
const MESSAGE = SELECTORS.message.join(', ');

/**
 * The thin Gmail adapter: reads the open thread whenever Gmail navigates or swaps its DOM, and sends
 * a snapshot to the side panel through Ports the panel opened to this tab. Never throws into Gmail.
 */
export function startAdapter(ctx: ContentScriptContext): void {
  const ports = new Set<Browser.runtime.Port>();
  let last: Snapshot | null = null;
  let lastKey = '';
  let timer: number | undefined;
  let pickerAskedAt = -Infinity;
  let dockStatus: DockStatus = { state: 'off' };
  let dock: { stop(): void } | null = null;

  // Only Chrome lets a gesture in the page open the panel; Firefox opens its sidebar from its own UI. The thread goes
  // with it: the background reads its contact's profile while the panel's page loads (issue 13).
  const openPanel = () => void send('kizuna:open-panel', last?.status === 'thread' ? { snapshot: last } : {}).catch(() => undefined);
  const button = import.meta.env.FIREFOX ? null : mountOpenButton(ctx, openPanel);
  const portsChanged = () => button?.setVisible(ports.size === 0);

  const postTo = (port: Browser.runtime.Port, message: object) => {
    try {
      port.postMessage(message);
    } catch {
      ports.delete(port);
      portsChanged();
    }
  };
  const post = (port: Browser.runtime.Port, snapshot: Snapshot) => postTo(port, { type: 'snapshot', snapshot });
  // Requests go to the most recently connected panel (there is one per tab).
  const sendToPanel = (message: object) => {
    const port = [...ports].pop();
    if (port) postTo(port, message);
    return port !== undefined;
  };
  const compose = startComposeBridge(ctx, sendToPanel, () => {
    if (!import.meta.env.FIREFOX) openPanel();
    if (!sendToPanel({ type: 'openPicker' })) pickerAskedAt = performance.now();
  });

  /** Sends a snapshot that differs from the last one; true when it did. */
  const publish = (snapshot: Snapshot) => {
    const key = signature(snapshot);
    if (key === lastKey) return false;
    last = snapshot;
    lastKey = key;
    for (const port of ports) post(port, snapshot);
    return true;
  };
  const read = () => {
    timer = undefined;
    publish(readThread(document, location.hash));
  };
  // Gmail mutates its DOM constantly; coalesce a burst of mutations into one read after the task. A plain timer, cleared
  // by one listener: ctx.setTimeout adds an abort listener per call that stays for the page's life (one per burst).
  const schedule = () => {
    if (timer === undefined) timer = window.setTimeout(read, 0);
  };
  ctx.onInvalidated(() => clearTimeout(timer));
  // After a hash change the new thread is read as soon as its DOM is in (the hash change, or the mutations'
  // microtask), not a task later behind Gmail's own work: the panel's thread switch waited for that timer. Only a
  // readable thread goes out early (a view half drawn waits for the coalesced read), and a few reads at most, spent
  // only on bursts that bring or fill a message: Gmail's other bursts after a hash change (its list, toolbar, a
  // spinner while the thread loads) used them up, and a thread drawn after them waited for the timer (issue 13).
  let eagerReads = 0;
  const readEagerly = () => {
    if (eagerReads === 0) return schedule();
    eagerReads--;
    const snapshot = readThread(document, location.hash);
    if (snapshot.status === 'thread' && publish(snapshot)) {
      // Read now: a coalesced read already asked for would find the same DOM (later mutations ask again).
      eagerReads = 0;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    } else {
      // A view that is no thread (the inbox, a label): no thread is coming, and Gmail's bursts there are not checked.
      if (snapshot.status === 'none' && snapshot.reason === 'no-thread') eagerReads = 0;
      schedule();
    }
  };

  ctx.addEventListener(window, 'hashchange', () => {
    eagerReads = EAGER_READS;
    readEagerly();
  });
  const observer = new MutationObserver((records) => (eagerReads > 0 && records.some(touchesMessage) ? readEagerly() : schedule()));
  observer.observe(document.body, { childList: true, subtree: true });
  ctx.onInvalidated(() => observer.disconnect());

  const onConnect = (port: Browser.runtime.Port) => {
    if (port.name !== SIDEBAR_PORT || port.sender?.id !== browser.runtime.id) return;
    ports.add(port);
    portsChanged();
    port.onDisconnect.addListener(() => {
      ports.delete(port);
      portsChanged();
    });
    port.onMessage.addListener((raw: unknown) => {
      const message = readToContent(raw);
      if (!message) return;
      if (message.type === 'hello') {
        if (!last) read();
        if (last) post(port, last);
        postTo(port, { type: 'dock', ...dockStatus });
        if (performance.now() - pickerAskedAt < PICKER_WAIT_MS) {
          pickerAskedAt = -Infinity;
          postTo(port, { type: 'openPicker' });
        }
      } else if (message.type === 'insert') void compose.insert(message.requestId, message.text);
      else if (message.type === 'expansion') compose.expansion(message.requestId, message.text);
    });
  };
  browser.runtime.onConnect.addListener(onConnect);
  ctx.onInvalidated(() => browser.runtime.onConnect.removeListener(onConnect));
  read();

  // The in-Gmail dock (an option): its code is a file of its own, imported only when switched on.
  const reportDock = (status: DockStatus) => {
    dockStatus = status;
    for (const port of ports) postTo(port, { type: 'dock', ...status });
  };
  const setDock = async (on: boolean) => {
    if (!on) {
      dock?.stop();
      dock = null;
      return reportDock({ state: 'off' });
    }
    if (dock) return;
    // Firefox gives an extension frame inside a web page no tabs API: there the panel stays in the sidebar.
    if (import.meta.env.FIREFOX) return reportDock({ state: 'fallback', reason: 'firefox' });
    try {
      await import(/* @vite-ignore */ browser.runtime.getURL('/gmail-dock.js'));
      const api = (globalThis as { kizunaDock?: DockApi }).kizunaDock;
      if (!api) throw new Error('no dock');
      if (dock) return;
      dock = api.start({ src: browser.runtime.getURL('/sidepanel.html?dock=1'), title: browser.i18n.getMessage('extName') || 'Kizuna', onStatus: reportDock });
      ctx.onInvalidated(() => dock?.stop());
    } catch {
      reportDock({ state: 'fallback', reason: 'load-failed' });
    }
  };
  const onMessage = (message: unknown, sender: Browser.runtime.MessageSender) => {
    const m = message as { type?: unknown; on?: unknown } | null;
    if (sender.id === browser.runtime.id && !sender.tab && m?.type === PANEL_MESSAGES.dock && typeof m.on === 'boolean') void setDock(m.on);
  };
  browser.runtime.onMessage.addListener(onMessage);
  ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onMessage));
  // Enables this tab's panel, makes an open panel (after a Gmail reload) connect again, and says whether to dock.
  void send('kizuna:gmail-hello')
    .then((reply) => {
      if (reply?.dock) void setDock(true);
    })
    .catch(() => undefined);
}

/** A mutation that adds a message or changes one: the new thread's messages may be in. */
function touchesMessage(record: MutationRecord): boolean {
  if ((record.target as Element).closest?.(MESSAGE)) return true;
  for (const node of record.addedNodes) if (node instanceof Element && (node.matches(MESSAGE) || node.querySelector(MESSAGE))) return true;
  return false;
}

/** What makes two snapshots different for the panel: the view, its messages, the user and the theme. */
function signature(s: Snapshot): string {
  if (s.status === 'none') return `none|${s.reason}|${s.userEmail}|${s.theme}`;
  return `thread|${s.threadId}|${s.userEmail}|${s.theme}|${s.messages.map((m) => `${m.messageId}:${m.snippet.length}:${m.to.length + m.cc.length}`).join(',')}`;
}
