// What the health of a joined team comes to, in one line a person can read: never "synced" while
// a shard is offline, refused, still connecting, or has changes waiting.
import type { ShardHealth, TeamConfig, TeamHealth } from './config';

export type TeamState = 'connecting' | 'connected' | 'offline' | 'refused' | 'left';

export interface TeamSummary {
  state: TeamState;
  /** Local changes not yet acknowledged, over every shard. */
  pending: number;
  /** The oldest of the shards' last syncs: the book is synced up to then everywhere. */
  lastSyncedAt?: number;
  /** The earliest start of an outage or refusal. */
  since?: number;
  /** True when the shards are not all in the same state (the page then lists them). */
  mixed: boolean;
  readOnly: boolean;
}

const RANK: Record<ShardHealth['state'], number> = { refused: 3, offline: 2, connecting: 1, connected: 0 };

/** Sums up a joined team's health; null when no team is joined. */
export function summarizeTeam(config: TeamConfig | null, health: TeamHealth | null): TeamSummary | null {
  if (!config) return null;
  const shards = Object.values(health?.shards ?? {});
  const readOnly = !!config.leftReason || health?.scope === 'readonly';
  const pending = shards.reduce((sum, s) => sum + s.pending, 0);
  const synced = shards.map((s) => s.lastSyncedAt);
  const lastSyncedAt = synced.length > 0 && synced.every((at) => at !== undefined) ? Math.min(...(synced as number[])) : undefined;
  const sinces = shards.map((s) => s.since).filter((at): at is number => at !== undefined);
  const since = sinces.length > 0 ? Math.min(...sinces) : undefined;
  const mixed = new Set(shards.map((s) => s.state)).size > 1;
  if (config.leftReason) return { state: 'left', pending, lastSyncedAt, since, mixed: false, readOnly };
  // The worst shard speaks for the book: one offline shard means the book is not all synced.
  const worst = shards.reduce<ShardHealth['state']>((w, s) => (RANK[s.state] > RANK[w] ? s.state : w), shards.length ? 'connected' : 'connecting');
  return { state: worst, pending, lastSyncedAt, since, mixed, readOnly };
}

/** How many contact shards the sync host holds in memory now (`live`) and how many it has unloaded while idle (`idle`). */
export function shardsInMemory(health: TeamHealth | null): { live: number; idle: number; total: number } {
  const shards = Object.entries(health?.shards ?? {}).filter(([name]) => name !== 'book');
  const idle = shards.filter(([, s]) => s.idle).length;
  return { live: shards.length - idle, idle, total: shards.length };
}
