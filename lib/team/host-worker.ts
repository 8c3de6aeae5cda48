// The sync host's own thread (issue 17). The host page starts this worker and hands it the team; the worker runs the
// host (lib/team/host.ts): the socket, the live documents, their y-indexeddb copies and the bridge's writes into the
// contacts database. Every extension page shares one renderer thread, so on the page itself the server's answers
// (one long task each to decode: about 0.5 s for a shard of a 50,000-contact book) held up the contacts page's frames
// and the side panel's input during a join. IndexedDB, WebSocket and BroadcastChannel all work in a worker; the
// extension's messaging does not (Chromium gives a worker no runtime API), so what the host reports goes through
// the page (lib/team/host-page.ts).
import type { TeamConfig, TeamHealth } from './config';
import { startTeamHost, type LastingRefusal, type TeamHost } from './host';

/** What the page sends the worker. */
export type ToHostWorker = { type: 'start'; config: TeamConfig; scope?: TeamHealth['scope']; log: TeamHealth['log'] } | { type: 'stop' };

/** What the worker sends the page, which passes each on to the background. */
export type FromHostWorker =
  | { type: 'health'; health: TeamHealth }
  | { type: 'left'; teamId: string; reason: LastingRefusal }
  | { type: 'pass-done' }
  /** The host has started in the worker (its code loaded and running). */
  | { type: 'running' }
  | { type: 'stopped' }
  | { type: 'failed'; message: string };

/** The worker's end of the channel (the worker's global scope in the extension; a MessageChannel port in tests). */
export interface HostWorkerScope {
  postMessage(message: FromHostWorker): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ToHostWorker>) => void): void;
}

/** Runs the host for the team the page sends, until the page says stop (or closes, which ends the worker with it). */
export function serveTeamHost(scope: HostWorkerScope, start: typeof startTeamHost = startTeamHost): void {
  let host: TeamHost | undefined;
  scope.addEventListener('message', ({ data }) => {
    if (data.type === 'start') {
      if (host) return;
      const { config } = data;
      host = start({
        config,
        knownScope: data.scope,
        log: data.log,
        writeHealth: (health) => scope.postMessage({ type: 'health', health }),
        onLeft: (reason) => scope.postMessage({ type: 'left', teamId: config.teamId, reason }),
        onPassDone: () => scope.postMessage({ type: 'pass-done' }),
      });
      scope.postMessage({ type: 'running' });
      host.ready.catch((e: unknown) => scope.postMessage({ type: 'failed', message: e instanceof Error ? e.message : String(e) }));
    } else if (data.type === 'stop') {
      void (host?.stop() ?? Promise.resolve()).then(() => scope.postMessage({ type: 'stopped' }));
    }
  });
}
