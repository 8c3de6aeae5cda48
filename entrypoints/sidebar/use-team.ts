import { useEffect, useSyncExternalStore } from 'react';
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

type TeamState = Omit<TeamView, 'summary'>;
const UNLOADED: TeamState = { loaded: false, config: null, health: null };

// One copy per page, shared by every reader: the side panel's contact parts mount again on each thread switch, and
// each used to read both items from extension storage and watch them afresh (issue 13). Read once when the first
// reader comes, watched while any reader stays; forgotten a task after the last one leaves.
let state = UNLOADED;
const listeners = new Set<() => void>();
let stop: (() => void) | null = null;
let idle: ReturnType<typeof setTimeout> | undefined;

const set = (next: TeamState) => {
  state = next;
  listeners.forEach((l) => l());
};

function start(): () => void {
  let alive = true;
  void Promise.all([teamConfigItem.getValue(), teamHealthItem.getValue()]).then(([config, health]) => {
    if (alive) set({ loaded: true, config, health });
  });
  const offConfig = teamConfigItem.watch((config) => set({ ...state, config }));
  const offHealth = teamHealthItem.watch((health) => set({ ...state, health }));
  return () => {
    alive = false;
    offConfig();
    offHealth();
    state = UNLOADED;
  };
}

function subscribe(listener: () => void): () => void {
  clearTimeout(idle);
  listeners.add(listener);
  stop ??= start();
  return () => {
    listeners.delete(listener);
    if (listeners.size > 0) return;
    // A task later: a reader that leaves and one that comes in the same commit (a remount) keep the copy.
    idle = setTimeout(() => {
      if (listeners.size > 0 || !stop) return;
      stop();
      stop = null;
    }, 0);
  };
}

const snapshot = () => state;

/** The joined team and its sync health, live: the sync host's reports show here as they are stored. */
export function useTeam(): TeamView {
  const view = useSyncExternalStore(subscribe, snapshot, snapshot);
  return { ...view, summary: summarizeTeam(view.config, view.health) };
}

/** Why this browser may not edit the book (a viewer, or a member whose access ended), or null. */
export function useTeamReadOnly(): ReadOnlyReason | null {
  const { config, health } = useTeam();
  if (config?.leftReason) return 'left';
  return config && health?.scope === 'readonly' ? 'viewer' : null;
}

/**
 * While a team is joined, tells the sync host that this panel shows the contact `email` (lib/team/in-view.ts): its
 * shard stays loaded, so a colleague's edit of it shows without a reload on either side (issue 17).
 */
export function useTeamInView(email: string | undefined): void {
  const joined = useTeam().config !== null;
  useEffect(() => {
    if (!joined || !email) return;
    // Loaded on demand, after the profile's paint: off the side panel's first path (its byte budget). A contact left
    // before the module came is named once, then no more.
    const stop = import('@/lib/team/in-view').then(({ announceInView }) => announceInView(email));
    return () => void stop.then((end) => end());
  }, [joined, email]);
}
