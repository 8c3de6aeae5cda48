import { z } from 'zod';
import type { Sequence } from './sequence';

/** A sequence as the editor sends it; stored as `Sequence` (its steps are the campaign engine's). */
export const SequenceSchema = z.object({
  id: z.string().min(1).max(100),
  name: z.string().trim().min(1, 'sqErrName').max(100, 'sqErrName'),
  steps: z
    .array(
      z.object({
        templateId: z.number({ error: 'sqErrTemplate' }).int('sqErrTemplate').positive('sqErrTemplate'),
        delayDays: z.number({ error: 'sqErrDelay' }).min(0, 'sqErrDelay').max(365, 'sqErrDelay'),
        condition: z.literal('no-reply').default('no-reply'),
      }),
    )
    .min(1, 'sqErrNoSteps')
    .max(10, 'sqErrTooManySteps'),
  sendWithoutApproval: z.boolean(),
  allowConcurrent: z.boolean(),
});

/** One problem with a sequence: the field's path (`steps.1.templateId`) and an i18n key naming what to fix. */
export interface SequenceIssue {
  path: string;
  key: string;
  params?: string[];
}

/**
 * Checks a sequence before it is stored: a name, 1–10 steps, each with a template that still exists and a delay of 0–365
 * days (the first step's is 0: it is sent on approval). Every issue names its field.
 */
export function validateSequence(input: unknown, templateIds: ReadonlySet<number>): { ok: true; sequence: Sequence } | { ok: false; issues: SequenceIssue[] } {
  const parsed = SequenceSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), key: i.message.startsWith('sqErr') ? i.message : 'sqErrInvalid' })) };
  const issues: SequenceIssue[] = [];
  parsed.data.steps.forEach((s, i) => {
    if (!templateIds.has(s.templateId)) issues.push({ path: `steps.${i}.templateId`, key: 'sqErrDeletedTemplate', params: [String(i + 1)] });
  });
  if (issues.length) return { ok: false, issues };
  const steps = parsed.data.steps.map((s, i) => ({ ...s, delayDays: i === 0 ? 0 : s.delayDays }));
  return { ok: true, sequence: { ...parsed.data, steps } };
}
