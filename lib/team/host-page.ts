// The sync host's page: follows the joined team in storage, runs one host for it, and stores the
// health it reports. Leaving (or a lasting refusal) stops the host; the local copy stays.
import { teamConfigItem, teamHealthItem, type TeamConfig } from './config';
import { startTeamHost, type TeamHost } from './host';

/** The fields that change what the host connects to: anything else (joinedAt) does not restart it. */
const key = (c: TeamConfig | null) => (c && !c.leftReason ? JSON.stringify([c.serverUrl, c.token, c.teamId, c.memberName]) : '');

/** Runs the sync host for whatever team storage says is joined, until the page closes. */
export function runTeamHostPage(): void {
  let host: TeamHost | undefined;
  let current = '';
  // One change at a time: a host is fully stopped before the next one opens the same IndexedDB.
  let queue = Promise.resolve();
  const apply = (config: TeamConfig | null) => {
    queue = queue.then(async () => {
      if (key(config) === current) return;
      current = key(config);
      await host?.stop();
      host = undefined;
      if (!config || config.leftReason) return;
      const previous = await teamHealthItem.getValue();
      host = startTeamHost({
        config,
        knownScope: previous?.scope,
        log: previous?.log,
        writeHealth: (health) => teamHealthItem.setValue(health),
        onLeft: async (leftReason) => {
          const now = await teamConfigItem.getValue();
          if (now && now.teamId === config.teamId) await teamConfigItem.setValue({ ...now, leftReason });
        },
      });
      await host.ready;
    });
    queue = queue.catch((e: unknown) => console.warn('Kizuna: the team sync could not start', e));
  };
  teamConfigItem.watch(apply);
  void teamConfigItem.getValue().then(apply);
}
