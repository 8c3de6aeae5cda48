// The sync host's page. Chromium's offscreen document gets only the runtime API (no storage), so
// the page asks the background for the joined team and sends it the health to store. The
// background closes the page when the team is left, which ends the host with it.
import { send } from '../messages/send';
import { startTeamHost } from './host';
import { hop } from './phases';

/** Runs the sync host for the team the background names, until the page closes. */
export async function runTeamHostPage(): Promise<void> {
  hop('host page: code running');
  const team = await send('team:host-config');
  hop('host page: team config received');
  if (!team) return;
  const { config } = team;
  const host = startTeamHost({
    config,
    knownScope: team.scope,
    log: team.log,
    writeHealth: (health) => send('team:host-health', { health }),
    onLeft: (reason) => send('team:host-left', { teamId: config.teamId, reason }),
    // A big join's contacts are staged: the background files them, as after a large import (lib/db/stage-background.ts).
    onPassDone: () => void send('kizuna:file-staged').catch(() => {}),
  });
  addEventListener('pagehide', () => void host.stop());
  await host.ready;
}
