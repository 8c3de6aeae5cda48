// The sync host's page. Chromium's offscreen document gets only the runtime API (no storage), so
// the page asks the background for the joined team and sends it the health to store. The
// background closes the page when the team is left, which ends the host with it.
//
// The host itself runs in a worker the page starts (lib/team/host-worker.ts): on the page, its
// work would share the one renderer thread of every extension page (the app, the side panel).
import { browser } from 'wxt/browser';
import { send } from '../messages/send';
import type { TeamHealth } from './config';
import type { LastingRefusal } from './host';
import type { FromHostWorker, ToHostWorker } from './host-worker';
import { hop } from './phases';

/** The worker's script (entrypoints/team-host-worker.ts). */
export const HOST_WORKER_SCRIPT = '/team-host-worker.js';

/** Where the host runs, on the page's root element (`data-sync-host`): `worker` once it runs there, `page` if no worker could be started. */
const markWhere = (where: 'worker' | 'page') => void (document.documentElement.dataset.syncHost = where);

/** Runs the sync host for the team the background names, until the page closes. */
export async function runTeamHostPage(): Promise<void> {
  hop('host page: code running');
  const team = await send('team:host-config');
  hop('host page: team config received');
  if (!team) return;
  const { config } = team;
  const report = {
    health: (health: TeamHealth) => send('team:host-health', { health }),
    left: (reason: LastingRefusal) => send('team:host-left', { teamId: config.teamId, reason }),
    // A big join's contacts are staged: the background files them, as after a large import (lib/db/stage-background.ts).
    passDone: () => void send('kizuna:file-staged').catch(() => {}),
  };
  const options = { config, knownScope: team.scope, log: team.log, writeHealth: report.health, onLeft: report.left, onPassDone: report.passDone };
  if (await startInWorker({ type: 'start', config, scope: team.scope, log: team.log }, report)) return;
  // No worker (none could be made, or its script failed before the host ran): the host runs here, as it did before it
  // had one. Only then is its code loaded on this page, which otherwise stays a few kilobytes.
  const { startTeamHost } = await import('./host');
  const host = startTeamHost(options);
  markWhere('page');
  addEventListener('pagehide', () => void host.stop());
  await host.ready;
}

/**
 * Starts the host's worker and passes on what it reports; resolves true once the host runs in it, false when the worker
 * could not be made or failed before the host ran (it is then ended, and nothing of it ran: the caller may run the host).
 */
function startInWorker(start: Extract<ToHostWorker, { type: 'start' }>, report: { health(h: TeamHealth): Promise<void>; left(r: LastingRefusal): Promise<void>; passDone(): void }): Promise<boolean> {
  let worker: Worker;
  try {
    worker = new Worker(browser.runtime.getURL(HOST_WORKER_SCRIPT as '/team-host.html'));
  } catch (e) {
    console.warn('Kizuna: the team sync runs on its page (no worker could be started)', e);
    return Promise.resolve(false);
  }
  const running = Promise.withResolvers<boolean>();
  let ran = false;
  const warn = (e: unknown) => console.warn('Kizuna: the team sync’s report could not be passed on', e);
  worker.addEventListener('message', ({ data }: MessageEvent<FromHostWorker>) => {
    if (data.type === 'health') void report.health(data.health).catch(warn);
    else if (data.type === 'left') void report.left(data.reason).catch(warn);
    else if (data.type === 'pass-done') report.passDone();
    else if (data.type === 'running') ((ran = true), markWhere('worker'), running.resolve(true));
    else if (data.type === 'failed') console.warn('Kizuna: the team sync could not start', data.message);
  });
  worker.addEventListener('error', (event) => {
    console.warn('Kizuna: the team sync’s worker failed', event.message);
    if (ran) return;
    worker.terminate();
    running.resolve(false);
  });
  worker.postMessage(start);
  addEventListener('pagehide', () => worker.postMessage({ type: 'stop' } satisfies ToHostWorker));
  hop('host page: worker started');
  return running.promise;
}
