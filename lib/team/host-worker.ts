// The sync host in a dedicated worker started by the sync host's page (lib/team/host-page.ts): the team's documents,
// their socket and the writes into the local book run on a thread of their own, so decoding a shard (a long task) holds
// up neither the page nor the extension's other pages, which share its renderer's main thread. The worker has no
// extension API: the page hands it the team and relays its health and a lasting refusal.
import { startTeamHost, type LastingRefusal, type TeamHost, type TeamHostOptions } from './host';
import type { TeamHealth } from './config';

/** What the page tells the worker. */
export type ToHostWorker = { type: 'start'; options: Pick<TeamHostOptions, 'config' | 'knownScope' | 'log'> } | { type: 'stop' };
/** What the worker tells the page. */
export type FromHostWorker =
  | { type: 'health'; health: TeamHealth }
  | { type: 'left'; reason: LastingRefusal }
  | { type: 'ready' }
  | { type: 'stopped' }
  | { type: 'entries'; origin: number; entries: { name: string; entryType: string; startTime: number; duration: number; detail?: unknown }[] };

/** Runs the host worker's side: one host, started and stopped by the page's messages. */
export function runHostWorker(scope: { postMessage(message: FromHostWorker): void; onmessage: ((event: MessageEvent<ToHostWorker>) => void) | null }): void {
  let host: TeamHost | undefined;
  // The team sync's timing entries (lib/team/phases.ts) are made here: the page copies them into its own timeline,
  // where the benchmark reads them.
  const observer = new PerformanceObserver((list) => {
    const entries = list
      .getEntries()
      .flatMap((e) =>
        e.name.startsWith('kizuna-') ? [{ name: e.name, entryType: e.entryType, startTime: e.startTime, duration: e.duration, detail: (e as PerformanceMark).detail ?? undefined }] : [],
      );
    if (entries.length) scope.postMessage({ type: 'entries', origin: performance.timeOrigin, entries });
  });
  observer.observe({ entryTypes: ['mark', 'measure'] });
  scope.onmessage = ({ data }) => {
    if (data.type === 'start' && !host) {
      host = startTeamHost({
        ...data.options,
        writeHealth: (health) => scope.postMessage({ type: 'health', health }),
        onLeft: (reason) => scope.postMessage({ type: 'left', reason }),
      });
      void host.ready.then(() => scope.postMessage({ type: 'ready' }));
    } else if (data.type === 'stop') {
      void (host?.stop() ?? Promise.resolve()).then(() => scope.postMessage({ type: 'stopped' }));
    }
  };
}
