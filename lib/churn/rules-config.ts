import { z } from '../zod';
import { STAGES } from '../db/types';

const points = z.number().check(z.minimum(-100), z.maximum(100));
/** A step: the highest `atLeast` that the value reaches gives its points. */
const tiers = z.array(z.object({ atLeast: z.number(), points })).check(z.maxLength(10));
const toggle = { enabled: z.boolean() };

export const rulesConfigSchema = z
  .object({
    version: z.literal(1),
    bands: z.object({ medium: z.number().check(z.minimum(1), z.maximum(100)), high: z.number().check(z.minimum(1), z.maximum(100)) }),
    theirSilence: z.object({ ...toggle, tiers }),
    ourSilence: z.object({ ...toggle, tiers }),
    volumeDrop: z.object({
      ...toggle,
      /** Below this many messages per 30 days before, a drop says nothing. */
      minPreviousPer30: z.number().check(z.minimum(0)),
      /** Tiers on the drop in percent (100 = they stopped writing). */
      tiers,
    }),
    slowReplies: z.object({ ...toggle, tiers }),
    unanswered: z.object({ ...toggle, pointsEach: points, max: points }),
    intent: z.object({ ...toggle, first: points, each: points, max: points }),
    recentEngagement: z.object({ ...toggle, withinDays: z.number().check(z.minimum(0)), points }),
    stage: z.object({ ...toggle, points: z.partialRecord(z.enum(STAGES), points) }),
    renewal: z.object({
      ...toggle,
      withinDays: z.number().check(z.minimum(0)),
      points,
      silentDays: z.number().check(z.minimum(0)),
      silentPoints: points,
    }),
    /** Payment status, lower-cased, to points; unknown statuses add nothing. */
    payment: z.object({ ...toggle, points: z.record(z.string(), points) }),
    revenue: z.object({ ...toggle, below: z.number(), points }),
    tenure: z.object({
      ...toggle,
      newWithinDays: z.number().check(z.minimum(0)),
      newPoints: points,
      loyalAfterDays: z.number().check(z.minimum(0)),
      loyalPoints: points,
    }),
    tickets: z.object({ ...toggle, tiers }),
    nps: z.object({
      ...toggle,
      detractorMax: z.number().check(z.minimum(0), z.maximum(10)),
      detractorPoints: points,
      promoterMin: z.number().check(z.minimum(0), z.maximum(10)),
      promoterPoints: points,
    }),
  })
  .check(z.refine((c) => c.bands.medium < c.bands.high, { message: 'bands.medium must be below bands.high', path: ['bands'] }));

export type RulesConfig = z.infer<typeof rulesConfigSchema>;

// The defaults live apart, without zod: what bands a score by default (the contacts list's first paint) needs them, not
// the schema (issue 16).
export { DEFAULT_RULES } from './default-rules';

/** Validates a user-edited rules config; the error names the field that is wrong. */
export function parseRulesConfig(input: unknown): { ok: true; config: RulesConfig } | { ok: false; error: string } {
  const result = rulesConfigSchema.safeParse(input);
  return result.success ? { ok: true, config: result.data } : { ok: false, error: z.prettifyError(result.error) };
}
