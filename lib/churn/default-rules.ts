import type { RulesConfig } from './rules-config';

/**
 * The risk rules' defaults (rulesConfigSchema's shape, in rules-config.ts). A module of its own without zod, so that what
 * bands a score by default (lib/segments/risk-band.ts, the contacts list's first paint) does not bring the rules'
 * schema and zod's core with it (issue 16: 67 kB of the first paint's 88 kB).
 */
export const DEFAULT_RULES: RulesConfig = {
  version: 1,
  bands: { medium: 40, high: 70 },
  theirSilence: {
    enabled: true,
    tiers: [
      { atLeast: 30, points: 10 },
      { atLeast: 60, points: 18 },
      { atLeast: 120, points: 25 },
    ],
  },
  ourSilence: {
    enabled: true,
    tiers: [
      { atLeast: 30, points: 6 },
      { atLeast: 60, points: 10 },
    ],
  },
  volumeDrop: {
    enabled: true,
    minPreviousPer30: 1,
    tiers: [
      { atLeast: 50, points: 8 },
      { atLeast: 80, points: 14 },
    ],
  },
  slowReplies: {
    enabled: true,
    tiers: [
      { atLeast: 24, points: 4 },
      { atLeast: 72, points: 10 },
    ],
  },
  unanswered: { enabled: true, pointsEach: 9, max: 27 },
  intent: { enabled: true, first: 35, each: 5, max: 45 },
  recentEngagement: { enabled: true, withinDays: 14, points: -8 },
  stage: { enabled: true, points: { lead: 0, customer: 0, 'at-risk': 20, churned: 40, advocate: -15 } },
  renewal: { enabled: true, withinDays: 30, points: 8, silentDays: 30, silentPoints: 12 },
  payment: { enabled: true, points: { ok: 0, paid: 0, overdue: 20, 'past due': 20, failed: 25, unpaid: 25, disputed: 25 } },
  revenue: { enabled: false, below: 0, points: 5 },
  tenure: { enabled: true, newWithinDays: 90, newPoints: 6, loyalAfterDays: 730, loyalPoints: -6 },
  tickets: {
    enabled: true,
    tiers: [
      { atLeast: 3, points: 6 },
      { atLeast: 6, points: 12 },
    ],
  },
  nps: { enabled: true, detractorMax: 6, detractorPoints: 15, promoterMin: 9, promoterPoints: -10 },
};
