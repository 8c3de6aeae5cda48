export { seededRandom } from '../random';

/** The mean gap between sends for a per-minute rate. */
export function baseIntervalMs(ratePerMinute: number): number {
  return 60_000 / ratePerMinute;
}

/** One gap: the mean gap varied by up to ± jitter (0…1) of itself, so sends do not look machine-regular. */
export function jitteredGapMs(ratePerMinute: number, jitter: number, random: () => number): number {
  const base = baseIntervalMs(ratePerMinute);
  const j = Math.min(1, Math.max(0, jitter));
  return Math.round(base * (1 + j * (2 * random() - 1)));
}

export interface PacingOptions {
  /** Off for benchmarks: every due send goes at once. */
  enabled: boolean;
  random: () => number;
}

/** When the next send may start after one at `sentAt`. */
export function nextSendTime(sentAt: number, campaign: { ratePerMinute: number; jitter: number }, pacing: PacingOptions): number {
  return pacing.enabled ? sentAt + jitteredGapMs(campaign.ratePerMinute, campaign.jitter, pacing.random) : sentAt;
}
