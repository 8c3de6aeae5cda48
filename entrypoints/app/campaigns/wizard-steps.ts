import type { CampaignSettings } from '@/lib/campaigns/settings';
import { buildCampaign, type DraftForm, type DraftIssue } from './draft';

/** The wizard's steps, in order: who gets it, what they get, when and how fast, then the checks and the start. */
export const WIZARD_STEPS = ['recipients', 'message', 'schedule', 'review'] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];
export const REVIEW = WIZARD_STEPS.length - 1;

const FIELDS: Record<Exclude<WizardStep, 'review'>, RegExp> = {
  recipients: /^(name|segmentId|target)(\.|$)/,
  message: /^steps(\.|$)/,
  schedule: /^(startAt|ratePerMinute|jitter)(\.|$)/,
};

/** The step whose fields an issue is about; the review step for anything no field shows (the sender…). */
export function stepOfIssue(path: string): number {
  const i = WIZARD_STEPS.findIndex((step) => step !== 'review' && FIELDS[step].test(path));
  return i < 0 ? REVIEW : i;
}

/** The issues of one step's fields only (the next steps are not judged before the user has seen them). */
export function stepIssues(form: DraftForm, settings: CampaignSettings, step: number, untitled: string, now: number): DraftIssue[] {
  if (step >= REVIEW) return [];
  const built = buildCampaign({ ...form, name: form.name.trim() || untitled }, settings, 'draft-check', now, { needSender: false });
  return built.ok ? [] : built.issues.filter((i) => stepOfIssue(i.path) === step);
}
