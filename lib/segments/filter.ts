// zod/mini (issue 16): this module is on the contacts page's first path (the filter builder); full zod's ~37 kB
// chunk stays off it. The schemas compose with full zod ones (backups, playbooks) as before.
import { z } from '../zod';
import { STAGES } from '../db/types';
import { parseLooseNumber } from './numbers';
import { RISK_BANDS } from './risk-band';

const ids = z.array(z.int()).check(z.maxLength(10_000));

const basic = [
  /** Every whitespace-separated term appears in the name, email or company name (case-insensitive). */
  z.object({ type: z.literal('text'), query: z.string().check(z.maxLength(500)) }),
  z.object({ type: z.literal('tags'), mode: z.enum(['any', 'all', 'none']), tagIds: ids }),
  z.object({ type: z.literal('stage'), stages: z.array(z.enum(STAGES)) }),
  /** '' stands for "no owner". */
  z.object({ type: z.literal('owner'), owners: z.array(z.string().check(z.maxLength(320))).check(z.maxLength(1000)) }),
  /** In any of the bands and within [min, max]; contacts without a score never match. */
  z.object({
    type: z.literal('risk'),
    bands: z.optional(z.array(z.enum(RISK_BANDS))),
    min: z.optional(z.number().check(z.minimum(0), z.maximum(100))),
    max: z.optional(z.number().check(z.minimum(0), z.maximum(100))),
  }),
  /** Last contact (either direction) older or newer than N days; never contacted counts as older. */
  z.object({ type: z.literal('lastContact'), op: z.enum(['olderThan', 'newerThan']), days: z.number().check(z.minimum(0), z.maximum(36_500)) }),
  z.object({ type: z.literal('company'), companyIds: ids }),
  z
    .object({
      type: z.literal('custom'),
      key: z.string().check(z.minLength(1), z.maxLength(100)),
      op: z.enum(['equals', 'contains', 'empty', 'notEmpty', 'gt', 'lt']),
      value: z.optional(z.string().check(z.maxLength(1000))),
    })
    .check(
      z.refine((c) => c.op === 'empty' || c.op === 'notEmpty' || c.value !== undefined, { message: 'This condition needs a value', path: ['value'] }),
      z.refine((c) => (c.op !== 'gt' && c.op !== 'lt') || Number.isFinite(parseLooseNumber(c.value)), { message: 'Needs a number', path: ['value'] }),
    ),
  z.object({ type: z.literal('doNotContact'), value: z.boolean() }),
] as const;

export const BasicConditionSchema = z.discriminatedUnion('type', [...basic]);
export type BasicCondition = z.infer<typeof BasicConditionSchema>;

/** Matches when any of its conditions matches (one level: an OR group inside the top-level AND). */
export const OrConditionSchema = z.object({ type: z.literal('or'), conditions: z.array(BasicConditionSchema).check(z.minLength(1), z.maxLength(100)) });

export const ConditionSchema = z.discriminatedUnion('type', [...basic, OrConditionSchema]);
export type Condition = z.infer<typeof ConditionSchema>;

/** A filter: every condition must match (AND). Serialisable as JSON, so it can be saved as a segment. */
export const SegmentFilterSchema = z.object({ conditions: z.array(ConditionSchema).check(z.maxLength(100)) });
export type SegmentFilter = z.infer<typeof SegmentFilterSchema>;

export const SavedSegmentSchema = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(100)),
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
  filter: SegmentFilterSchema,
  createdAt: z.int().check(z.minimum(0)),
  updatedAt: z.int().check(z.minimum(0)),
});
export type SavedSegment = z.infer<typeof SavedSegmentSchema>;
