import { z } from 'zod';
import { STAGES } from '../db/types';
import { parseLooseNumber } from './numbers';
import { RISK_BANDS } from './risk-band';

const ids = z.array(z.number().int()).max(10_000);

const basic = [
  /** Every whitespace-separated term appears in the name, email or company name (case-insensitive). */
  z.object({ type: z.literal('text'), query: z.string().max(500) }),
  z.object({ type: z.literal('tags'), mode: z.enum(['any', 'all', 'none']), tagIds: ids }),
  z.object({ type: z.literal('stage'), stages: z.array(z.enum(STAGES)) }),
  /** '' stands for "no owner". */
  z.object({ type: z.literal('owner'), owners: z.array(z.string().max(320)).max(1000) }),
  /** In any of the bands and within [min, max]; contacts without a score never match. */
  z.object({
    type: z.literal('risk'),
    bands: z.array(z.enum(RISK_BANDS)).optional(),
    min: z.number().min(0).max(100).optional(),
    max: z.number().min(0).max(100).optional(),
  }),
  /** Last contact (either direction) older or newer than N days; never contacted counts as older. */
  z.object({ type: z.literal('lastContact'), op: z.enum(['olderThan', 'newerThan']), days: z.number().min(0).max(36_500) }),
  z.object({ type: z.literal('company'), companyIds: ids }),
  z
    .object({
      type: z.literal('custom'),
      key: z.string().min(1).max(100),
      op: z.enum(['equals', 'contains', 'empty', 'notEmpty', 'gt', 'lt']),
      value: z.string().max(1000).optional(),
    })
    .refine((c) => c.op === 'empty' || c.op === 'notEmpty' || c.value !== undefined, { message: 'This condition needs a value', path: ['value'] })
    .refine((c) => (c.op !== 'gt' && c.op !== 'lt') || Number.isFinite(parseLooseNumber(c.value)), { message: 'Needs a number', path: ['value'] }),
  z.object({ type: z.literal('doNotContact'), value: z.boolean() }),
] as const;

export const BasicConditionSchema = z.discriminatedUnion('type', [...basic]);
export type BasicCondition = z.infer<typeof BasicConditionSchema>;

/** Matches when any of its conditions matches (one level: an OR group inside the top-level AND). */
export const OrConditionSchema = z.object({ type: z.literal('or'), conditions: z.array(BasicConditionSchema).min(1).max(100) });

export const ConditionSchema = z.discriminatedUnion('type', [...basic, OrConditionSchema]);
export type Condition = z.infer<typeof ConditionSchema>;

/** A filter: every condition must match (AND). Serialisable as JSON, so it can be saved as a segment. */
export const SegmentFilterSchema = z.object({ conditions: z.array(ConditionSchema).max(100) });
export type SegmentFilter = z.infer<typeof SegmentFilterSchema>;

export const SavedSegmentSchema = z.object({
  id: z.string().min(1).max(100),
  name: z.string().trim().min(1).max(100),
  filter: SegmentFilterSchema,
  createdAt: z.number().int().min(0),
  updatedAt: z.number().int().min(0),
});
export type SavedSegment = z.infer<typeof SavedSegmentSchema>;
