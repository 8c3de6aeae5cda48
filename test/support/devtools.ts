// A DevTools protocol session on one target of a browser launched by launchKizuna (its DevTools port), found by a part
// of its URL: for the targets Playwright does not expose (the offscreen document) and the workers inside them (the sync
// host's worker, lib/team/host-worker.ts), which a page-level session reaches by auto-attaching in flat mode.
import { cdpEndpoint } from './launch';

export interface DevtoolsSession {
  send(method: string, params?: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Resolves with the parameters of the next event `method` from the target. */
  on(method: string): Promise<Record<string, unknown>>;
  /** Every message of the target (events and answers), for listeners that stream (heap snapshot chunks). */
  listen(listener: (message: { method?: string; params?: Record<string, unknown> }) => void): void;
  close(): void;
}

interface Message {
  id?: number;
  method?: string;
  sessionId?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
}

/**
 * Opens a session on the target whose URL contains `urlPart`; with `worker`, on the dedicated worker of that target
 * whose script URL contains `worker`. Waits up to `timeout` ms for the target to be there
 * (by default it must be there now), and for the worker as long or at least 30 s; `signal` stops the wait.
 */
export async function devtoolsSession(userDataDir: string, urlPart: string, options: { worker?: string; timeout?: number; signal?: AbortSignal } = {}): Promise<DevtoolsSession> {
  const http = cdpEndpoint(userDataDir)
    .replace(/^ws:/, 'http:')
    .replace(/\/devtools\/browser\/.*$/, '');
  const until = Date.now() + (options.timeout ?? 0);
  let target: { url: string; webSocketDebuggerUrl?: string } | undefined;
  for (;;) {
    const targets = (await (await fetch(`${http}/json/list`)).json()) as { url: string; webSocketDebuggerUrl?: string }[];
    target = targets.find((t) => t.url.includes(urlPart) && t.webSocketDebuggerUrl);
    if (target) break;
    options.signal?.throwIfAborted();
    if (Date.now() >= until) throw new Error(`no DevTools target for ${urlPart} (targets: ${targets.map((t) => t.url).join(', ')})`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const socket = new WebSocket(target.webSocketDebuggerUrl!);
  await new Promise((resolve, reject) => ((socket.onopen = resolve), (socket.onerror = reject)));
  const listeners = new Set<(message: Message) => void>();
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as Message;
    for (const listener of [...listeners]) listener(message);
  });
  let id = 0;
  const raw = (method: string, params: Record<string, unknown>, sessionId?: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const mine = ++id;
      const answer = (message: Message) => {
        if (message.id !== mine) return;
        listeners.delete(answer);
        if (message.error) reject(new Error(`${method}: ${message.error.message}`));
        else resolve(message.result ?? {});
      };
      listeners.add(answer);
      socket.send(JSON.stringify({ id: mine, method, params, ...(sessionId ? { sessionId } : {}) }));
    });

  let sessionId: string | undefined;
  if (options.worker) {
    const part = options.worker;
    const attached = new Promise<string>((resolve, reject) => {
      const fail = (error: unknown) => {
        listeners.delete(seen);
        socket.close();
        reject(error);
      };
      const timer = setTimeout(() => fail(new Error(`no worker ${part} in ${urlPart}`)), Math.max(options.timeout ?? 0, 30_000));
      const abort = () => (clearTimeout(timer), fail(options.signal!.reason));
      const seen = (message: Message) => {
        const info = message.params?.targetInfo as { type?: string; url?: string } | undefined;
        if (message.method !== 'Target.attachedToTarget' || info?.type !== 'worker' || !info.url?.includes(part)) return;
        listeners.delete(seen);
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', abort);
        resolve(message.params!.sessionId as string);
      };
      listeners.add(seen);
      options.signal?.addEventListener('abort', abort, { once: true });
    });
    await raw('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: true });
    sessionId = await attached;
  }
  const mine = (message: Message) => message.sessionId === sessionId;
  return {
    send: (method, params = {}) => raw(method, params, sessionId),
    on: (method) =>
      new Promise((resolve) => {
        const event = (message: Message) => {
          if (message.method !== method || !mine(message)) return;
          listeners.delete(event);
          resolve(message.params ?? {});
        };
        listeners.add(event);
      }),
    listen: (listener) => void listeners.add((message) => mine(message) && listener(message)),
    close: () => socket.close(),
  };
}
