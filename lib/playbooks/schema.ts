import { z } from 'zod';
import { ALERT_KINDS, STAGES } from '../db/types';
import { SegmentFilterSchema } from '../segments/filter';
import { RISK_BANDS } from '../segments/risk-band';

// Stored in IndexedDB and in backups: change a shape only with a migration (see docs/playbooks.md).

const TagId = z.number().int();
const Owner = z.string().trim().max(320);

/** What starts a playbook for a contact. */
export const TriggerSchema = z.discriminatedUnion('type', [
  /** The contact's score moves into one of these bands (from another band, or from never scored). */
  z.object({ type: z.literal('band-entered'), bands: z.array(z.enum(RISK_BANDS)).max(3) }),
  /** The contact's score (its chance, 0–100) rises by at least this many points in one rescore. */
  z.object({ type: z.literal('chance-rise'), points: z.number().int().min(1).max(100) }),
  /** An alert of one of these kinds is raised (lib/churn/alerts.ts). */
  z.object({ type: z.literal('alert'), kinds: z.array(z.enum(ALERT_KINDS)).max(ALERT_KINDS.length) }),
  /** The stage changes from one of `from` (any stage when empty) to one of `to`. */
  z.object({ type: z.literal('stage-change'), from: z.array(z.enum(STAGES)).max(STAGES.length).default([]), to: z.array(z.enum(STAGES)).max(STAGES.length) }),
  /** One of these tags is added to the contact. */
  z.object({ type: z.literal('tag-added'), tagIds: z.array(TagId).max(100) }),
  /** A date custom field (e.g. renewal) is at most this many days away; fires once per date. */
  z.object({ type: z.literal('date-field'), field: z.string().trim().min(1).max(100), daysBefore: z.number().int().min(0).max(365) }),
]);

export const TASK_TYPES = ['call', 'email', 'meeting', 'other'] as const;

/** What a playbook does to a contact it fires for. */
export const ActionSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('create-task'),
    /** '' gives the task to the contact's owner (after any set-owner action of the same playbook). */
    owner: Owner,
    taskType: z.enum(TASK_TYPES),
    title: z.string().trim().min(1).max(200),
    dueInDays: z.number().int().min(0).max(365),
    /** Local time of day "HH:MM" in the user's zone; absent: due `dueInDays` × 24 h after the run. */
    dueTime: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
      .optional(),
    /** A reply template to use for an email task. */
    templateId: z.number().int().optional(),
  }),
  z.object({ type: z.literal('set-owner'), owner: Owner.min(1) }),
  z.object({ type: z.literal('add-tag'), tagId: TagId }),
  z.object({ type: z.literal('remove-tag'), tagId: TagId }),
  z.object({ type: z.literal('set-stage'), stage: z.enum(STAGES) }),
  z.object({ type: z.literal('enrol'), sequenceId: z.string().min(1).max(100) }),
]);

/** Why a playbook stopped itself: an i18n key and its substitutions. */
export const PauseReasonSchema = z.object({ key: z.string().min(1).max(100), params: z.array(z.string().max(500)).max(5).default([]) });

export const PlaybookSchema = z.object({
  id: z.string().min(1).max(100),
  name: z.string().trim().min(1).max(100),
  enabled: z.boolean(),
  trigger: TriggerSchema,
  conditions: SegmentFilterSchema,
  actions: z.array(ActionSchema).min(1).max(20),
  createdAt: z.number().int().min(0),
  updatedAt: z.number().int().min(0),
  /** Set when the playbook paused itself (enabled is then false). */
  pausedReason: PauseReasonSchema.optional(),
  /** In a team: the member who last saved or switched it; only that member's browser acts on contacts without an owner. */
  runner: z.string().max(200).optional(),
});
