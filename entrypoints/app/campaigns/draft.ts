import { db } from '@/lib/db';
import { WINDOW_MS } from '@/lib/campaigns/ledger';
import { preflight, type PreflightResult } from '@/lib/campaigns/preflight';
import { renderTemplate } from '@/lib/campaigns/render-step';
import { foreignSigner, signsAsOwner } from '@/lib/campaigns/signature';
import type { CampaignSettings } from '@/lib/campaigns/settings';
import { CampaignSchema, type Campaign, type Rendered } from '@/lib/campaigns/types';
import { loadAudience, type AudienceContact } from './api';

/** The wizard's form, as typed (strings), before validation. */
export interface DraftForm {
  name: string;
  /** A saved segment's id, or SELECTION for the contacts handed over from the contacts page. */
  segmentId: string;
  selection?: number[];
  steps: { templateId: string; delayDays: string }[];
  startMode: 'now' | 'at';
  /** datetime-local value. */
  startAt: string;
  ratePerMinute: string;
  /** Percent, 0–100. */
  jitter: string;
}

export type DraftIssue = { path: string; message: string };

export const SELECTION = 'selection';

/** The sender a check previews with before one is set (an address that can never receive mail). */
export const PREVIEW_SENDER = { address: 'sender@example.invalid' };

/**
 * Builds and validates the campaign the form describes; the sender and quota come from the settings.
 * `needSender: false` (checking recipients) previews with PREVIEW_SENDER when no sender is set yet.
 */
export function buildCampaign(
  form: DraftForm,
  settings: CampaignSettings,
  id: string,
  now: number,
  { needSender = true } = {},
): { ok: true; campaign: Campaign } | { ok: false; issues: DraftIssue[] } {
  const issues: DraftIssue[] = [];
  if (!settings.senderAddress && needSender) issues.push({ path: 'sender', message: 'cpNeedSender' });
  if (!form.segmentId) issues.push({ path: 'segmentId', message: 'cpNeedSegment' });
  form.steps.forEach((s, i) => !s.templateId && issues.push({ path: `steps.${i}.templateId`, message: 'cpNeedTemplate' }));
  const startAt = form.startMode === 'now' ? now : new Date(form.startAt).getTime();
  if (form.startMode === 'at' && !(startAt > 0)) issues.push({ path: 'startAt', message: 'cpNeedStartAt' });
  if (issues.length) return { ok: false, issues };
  const parsed = CampaignSchema.safeParse({
    id,
    name: form.name.trim(),
    target: form.segmentId === SELECTION ? { kind: 'selection', contactIds: form.selection ?? [] } : { kind: 'segment', segmentId: Number(form.segmentId) },
    steps: form.steps.map((s, i) => ({ templateId: Number(s.templateId), delayDays: i === 0 ? 0 : Number(s.delayDays), condition: 'no-reply' })),
    from: settings.senderAddress ? { address: settings.senderAddress, ...(settings.senderName ? { name: settings.senderName } : {}) } : PREVIEW_SENDER,
    startAt: Math.round(startAt),
    ratePerMinute: Number(form.ratePerMinute),
    jitter: Number(form.jitter) / 100,
    accountType: settings.accountType,
    ...(settings.dailyCap ? { dailyCap: settings.dailyCap } : {}),
    status: 'draft',
    createdAt: now,
    updatedAt: now,
  });
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
  return { ok: true, campaign: parsed.data };
}

export interface Checked {
  campaign: Campaign;
  audience: AudienceContact[];
  result: PreflightResult;
  /** rendered[row][step] */
  rendered: Rendered[][];
  /** Per row: the owner whose {{owner}} signs a message when that is not the sender, else null. */
  signers: (string | null)[];
  /** No sender is set: the previews use PREVIEW_SENDER. */
  previewSender: boolean;
  /** A step's template signs with the contact's owner ({{owner}}). */
  signing: boolean;
}

/** Loads the audience, renders every step for every recipient and runs the preflight checks against today's ledger. */
export async function checkCampaign(campaign: Campaign, now: number): Promise<Checked> {
  const t = campaign.target;
  const audience = await loadAudience(t.kind === 'segment' ? { kind: 'segment', segmentId: Number(t.segmentId) } : { kind: 'selection', contactIds: t.contactIds });
  const templates = await Promise.all(campaign.steps.map((s) => db.templates.get(Number(s.templateId))));
  templates.forEach((tpl, i) => {
    if (!tpl) throw new Error(`step ${i + 1}: template not found`);
  });
  const rendered = audience.map((a) => templates.map((tpl) => renderTemplate(tpl!, a.contact, a.companyName, campaign)));
  const index = new Map(audience.map((a, i) => [a, i]));
  const ledger = await db.sendLedger
    .where('at')
    .above(now - WINDOW_MS)
    .toArray();
  const result = preflight({ campaign, contacts: audience, render: (c, step) => rendered[index.get(c as AudienceContact)!]![step]!, ledger, now });
  const signing = templates.some((tpl) => signsAsOwner(tpl!));
  const previewSender = campaign.from.address === PREVIEW_SENDER.address;
  const signers = audience.map((a) => (signing && !previewSender ? foreignSigner(a.contact.owner, campaign.from) : null));
  return { campaign, audience, result, rendered, signers, previewSender, signing };
}
