// Counts what a side panel page does before its first paint of a profile (issue 13): a script that runs before the
// page's own, put into every page the browser opens from now on over a CDP connection of its own (pages start paused
// until it is in: Target.setAutoAttach with waitForDebuggerOnStart). Playwright cannot reach the side panel before it
// has loaded (docs/side-panel-and-firefox.md), so this talks CDP over Node's WebSocket.
import { cdpEndpoint } from './launch';

/** Calls a side panel page made before its `kizuna:profile-painted` mark (the first, whoever set it). */
export interface BeforePaint {
  /** indexedDB.open calls. */
  idbOpens: number;
  /** IDBDatabase transactions. */
  idbTransactions: number;
  /** runtime.sendMessage calls (to the background). */
  runtimeMessages: number;
  /** storage.local.get calls. */
  storageGets: number;
  /** tabs.connect calls (the Port to Gmail's tab). */
  portsOpened: number;
  /** Whether the probe was in before the page's first module ran (else it counted nothing of it). */
  beforeFirstModule: boolean;
}

// Runs in every new page before its scripts; only the side panel counts.
const PROBE = `(() => {
  if (location.pathname !== '/sidepanel.html') return;
  const counts = { idbOpens: 0, idbTransactions: 0, runtimeMessages: 0, storageGets: 0, portsOpened: 0, beforeFirstModule: performance.getEntriesByName('kizuna:first-module').length === 0 };
  const wrap = (target, name, key) => {
    const original = target[name];
    target[name] = function (...args) { counts[key]++; return original.apply(this, args); };
  };
  wrap(IDBFactory.prototype, 'open', 'idbOpens');
  wrap(IDBDatabase.prototype, 'transaction', 'idbTransactions');
  wrap(chrome.runtime, 'sendMessage', 'runtimeMessages');
  wrap(chrome.storage.local, 'get', 'storageGets');
  wrap(chrome.tabs, 'connect', 'portsOpened');
  const mark = performance.mark;
  performance.mark = function (name, ...rest) {
    if (name === 'kizuna:profile-painted' && !self.kizunaBeforePaint) self.kizunaBeforePaint = { ...counts };
    return mark.call(this, name, ...rest);
  };
})();`;

/** Starts probing the side panel pages the browser of `userDataDir` opens from now on; `stop` ends it. */
export async function probePanels(userDataDir: string): Promise<{ stop(): void }> {
  const ws = new WebSocket(cdpEndpoint(userDataDir));
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
  });
  let id = 0;
  const send = (method: string, params: object = {}, sessionId?: string) => ws.send(JSON.stringify({ id: ++id, method, params, sessionId }));
  // Pages are attached through their tab (Chromium's tab targets): a new tab waits until its page has the probe.
  ws.onmessage = (event) => {
    const message = JSON.parse(String(event.data)) as { method?: string; sessionId?: string; params?: { sessionId: string; targetInfo: { type: string } } };
    if (message.method !== 'Target.attachedToTarget' || !message.params) return;
    const { sessionId, targetInfo } = message.params;
    if (targetInfo.type === 'tab') return send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true }, sessionId);
    if (targetInfo.type !== 'page') return;
    send('Page.enable', {}, sessionId);
    send('Page.addScriptToEvaluateOnNewDocument', { source: PROBE, runImmediately: true }, sessionId);
    send('Runtime.runIfWaitingForDebugger', {}, sessionId);
    if (message.sessionId) send('Runtime.runIfWaitingForDebugger', {}, message.sessionId);
  };
  send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true, filter: [{ type: 'tab' }] });
  return { stop: () => ws.close() };
}
