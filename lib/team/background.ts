// The background's part in team sync: it only makes sure the sync host's page exists while a team
// is joined (Chromium: an offscreen document; Firefox: a frame in the background page, which is a
// persistent page there). Until a team is joined, no page is made and no socket opened.
import { browser } from 'wxt/browser';
import { teamConfigItem, type TeamConfig } from './config';

const HOST_PAGE = 'team-host.html';
const warn = (what: string) => (error: unknown) => console.warn(`Kizuna: ${what}`, error);

/** Whether a team is joined and still being synced (not left after a refusal). */
export const syncing = (config: TeamConfig | null) => !!config && !config.leftReason;

async function ensureOffscreen(on: boolean) {
  const offscreen = browser.offscreen as typeof browser.offscreen | undefined;
  if (!offscreen) return false;
  const has = await offscreen.hasDocument();
  if (on && !has)
    await offscreen.createDocument({
      url: HOST_PAGE,
      // Chrome has no reason for "hold a WebSocket"; this page runs background JavaScript that must
      // outlive the service worker, which is what WORKERS comes closest to (see docs/team-server.md).
      reasons: ['WORKERS'],
      justification: 'Keeps the team sync connection and documents alive while a team is joined.',
    });
  if (!on && has) await offscreen.closeDocument();
  return true;
}

function ensureFrame(on: boolean) {
  if (typeof document === 'undefined') return;
  const existing = document.getElementById('kizuna-team-host');
  if (on && !existing) {
    const frame = document.createElement('iframe');
    frame.id = 'kizuna-team-host';
    frame.src = browser.runtime.getURL(`/${HOST_PAGE}`);
    document.body.append(frame);
  }
  if (!on) existing?.remove();
}

/** Keeps the sync host's page open exactly while a team is joined: now, on every change, and at each start of the worker. */
export function startTeamBackground(): void {
  let queue = Promise.resolve();
  const apply = (config: TeamConfig | null) => {
    queue = queue
      .then(async () => {
        if (!(await ensureOffscreen(syncing(config)))) ensureFrame(syncing(config));
      })
      .catch(warn('the team sync page could not be opened'));
  };
  teamConfigItem.watch(apply);
  void teamConfigItem.getValue().then(apply);
}
