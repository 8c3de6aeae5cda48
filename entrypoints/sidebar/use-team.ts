import { useEffect, useState } from 'react';
import { teamConfigItem, teamHealthItem, type TeamConfig, type TeamHealth } from '@/lib/team/config';
import { summarizeTeam, type TeamSummary } from '@/lib/team/summary';
import type { ReadOnlyReason } from '@/components/ReadOnlyGate';

export interface TeamView {
  loaded: boolean;
  config: TeamConfig | null;
  health: TeamHealth | null;
  /** Null when no team is joined. */
  summary: TeamSummary | null;
}

/** The joined team and its sync health, live: the sync host's reports show here as they are stored. */
export function useTeam(): TeamView {
  const [state, setState] = useState<{ loaded: boolean; config: TeamConfig | null; health: TeamHealth | null }>({ loaded: false, config: null, health: null });
  useEffect(() => {
    let alive = true;
    void Promise.all([teamConfigItem.getValue(), teamHealthItem.getValue()]).then(([config, health]) => {
      if (alive) setState({ loaded: true, config, health });
    });
    const offConfig = teamConfigItem.watch((config) => setState((s) => ({ ...s, config })));
    const offHealth = teamHealthItem.watch((health) => setState((s) => ({ ...s, health })));
    return () => {
      alive = false;
      offConfig();
      offHealth();
    };
  }, []);
  return { ...state, summary: summarizeTeam(state.config, state.health) };
}

/** Why this browser may not edit the book (a viewer, or a member whose access ended), or null. */
export function useTeamReadOnly(): ReadOnlyReason | null {
  const { config, health } = useTeam();
  if (config?.leftReason) return 'left';
  return config && health?.scope === 'readonly' ? 'viewer' : null;
}
