// The sync host's page. Chromium's offscreen document gets only the runtime API (no storage), so
// the page asks the background for the joined team and sends it the health to store. The
// background closes the page when the team is left, which ends the host with it. The host itself
// runs in a dedicated worker the page starts (lib/team/host-worker.ts); the page only relays.
import { send } from '../messages/send';
import type { FromHostWorker, ToHostWorker } from './host-worker';

/** Runs the sync host for the team the background names, in a worker, until the page closes. */
export async function runTeamHostPage(startWorker: () => Worker): Promise<void> {
  const team = await send('team:host-config');
  if (!team) return;
  const { config } = team;
  const worker = startWorker();
  const tell = (message: ToHostWorker) => worker.postMessage(message);
  const ready = new Promise<void>((resolve, reject) => {
    worker.onerror = (event) => reject(new Error(event.message));
    worker.onmessage = ({ data }: MessageEvent<FromHostWorker>) => {
      if (data.type === 'health') void send('team:host-health', { health: data.health });
      else if (data.type === 'left') void send('team:host-left', { teamId: config.teamId, reason: data.reason });
      else if (data.type === 'ready') resolve();
      else if (data.type === 'entries') copyEntries(data.origin, data.entries);
    };
  });
  tell({ type: 'start', options: { config, knownScope: team.scope, log: team.log } });
  addEventListener('pagehide', () => tell({ type: 'stop' }));
  await ready;
}

/** The worker's timing entries into this page's timeline, on this page's clock (the benchmark reads them here). */
function copyEntries(origin: number, entries: Extract<FromHostWorker, { type: 'entries' }>['entries']) {
  const shift = origin - performance.timeOrigin;
  for (const e of entries) {
    try {
      if (e.entryType === 'mark') performance.mark(e.name, { startTime: e.startTime + shift, detail: e.detail });
      else performance.measure(e.name, { start: e.startTime + shift, end: e.startTime + shift + e.duration });
    } catch {
      // A timeline that refuses an entry costs the sync nothing.
    }
  }
}
