// The background's part in team sync: it makes sure the sync host's page exists exactly while a
// team is joined (Chromium: an offscreen document; Firefox: a frame in the background page, which
// is a persistent page there), hands it the team, and stores what it reports. Until a team is
// joined, no page is made and no socket opened.
import { browser } from 'wxt/browser';
import type { Handlers } from '../messages/protocol';
import { teamConfigItem, teamHealthItem, type TeamConfig } from './config';
import { TEAM_READ_ONLY } from './outbox';

const HOST_PAGE = 'team-host.html';
const warn = (what: string) => (error: unknown) => console.warn(`Kizuna: ${what}`, error);

/** What the host connects with: a change to any of these restarts it; nothing while the team is left. */
const hostKey = (c: TeamConfig | null) => (c && !c.leftReason ? JSON.stringify([c.serverUrl, c.token, c.teamId, c.memberName]) : '');

async function setOffscreen(key: string, previous: string | undefined) {
  const offscreen = browser.offscreen as typeof browser.offscreen | undefined;
  if (!offscreen) return false;
  const has = await offscreen.hasDocument();
  if (has && (!key || (previous !== undefined && previous !== key))) await offscreen.closeDocument();
  if (key && !(await offscreen.hasDocument()))
    await offscreen.createDocument({
      url: HOST_PAGE,
      // Chrome has no reason for "hold a WebSocket"; this page runs background JavaScript that must
      // outlive the service worker, which WORKERS comes closest to (see docs/team-server.md).
      reasons: ['WORKERS'],
      justification: 'Keeps the team sync connection and documents alive while a team is joined.',
    });
  return true;
}

function setFrame(key: string, previous: string | undefined) {
  if (typeof document === 'undefined') return;
  let frame = document.getElementById('kizuna-team-host');
  if (frame && (!key || (previous !== undefined && previous !== key))) (frame.remove(), (frame = null));
  if (key && !frame) {
    const made = document.createElement('iframe');
    made.id = 'kizuna-team-host';
    made.src = browser.runtime.getURL(`/${HOST_PAGE}` as '/app.html');
    document.body.append(made);
  }
}

/** Keeps the sync host's page open exactly while a team is joined; returns the answers to its messages. */
export function startTeamBackground(): Pick<Handlers, 'team:host-config' | 'team:host-health' | 'team:host-left'> {
  let queue = Promise.resolve();
  let previous: string | undefined;
  const apply = (config: TeamConfig | null) => {
    queue = queue
      .then(async () => {
        const key = hostKey(config);
        if (!(await setOffscreen(key, previous))) setFrame(key, previous);
        previous = key;
      })
      .catch(warn('the team sync page could not be opened'));
  };
  teamConfigItem.watch(apply);
  void teamConfigItem.getValue().then(apply);
  return {
    'team:host-config': async () => {
      const [config, health] = await Promise.all([teamConfigItem.getValue(), teamHealthItem.getValue()]);
      return config && !config.leftReason ? { config, scope: health?.scope, log: health?.log ?? [] } : null;
    },
    'team:host-health': async ({ health }) => {
      // A report that arrives after leaving is dropped: the page is closing.
      if (hostKey(await teamConfigItem.getValue())) await teamHealthItem.setValue(health);
    },
    'team:host-left': async ({ teamId, reason }) => {
      const config = await teamConfigItem.getValue();
      if (config && config.teamId === teamId) {
        await teamConfigItem.setValue({ ...config, leftReason: reason });
        // The stores refuse writes to what the team shares from now on, until the user leaves (lib/team/outbox.ts).
        const { db } = await import('../db');
        await db.contactMeta.put({ key: TEAM_READ_ONLY, value: 2 });
      }
    },
  };
}
