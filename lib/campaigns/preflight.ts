import { isValidAddress } from '../gmail-api/address';
import { effectiveCap, pauseThreshold, planFinish, recipientsPerMessage, usedInWindow } from './ledger';
import { baseIntervalMs } from './pacing';
import type { Campaign, LedgerEntry, Recipient, Rendered, SkipReason } from './types';

export interface PreflightContact {
  contactId: number;
  email: string;
  name?: string;
  doNotContact?: boolean;
  unsubscribed?: boolean;
}

export type IssueCode = 'missing-merge-value' | 'invalid-address' | 'do-not-contact' | 'unsubscribed' | 'duplicate';

export interface PreflightIssue {
  code: IssueCode;
  /** Which step's template (for merge values), which field, or the first row of a duplicate, in English (stored as the recipient's lastError). */
  detail?: string;
  /** The first row with the same address (1-based), for a duplicate. */
  row?: number;
  /** The step (1-based) and the merge field without a value, for a missing merge value. */
  step?: number;
  field?: string;
}

export interface PreflightRow {
  contact: PreflightContact;
  issues: PreflightIssue[];
  /** No issue: this recipient will be sent to. */
  ok: boolean;
}

export interface PreflightResult {
  rows: PreflightRow[];
  sendable: number;
  quota: {
    cap: number;
    pauseAt: number;
    usedNow: number;
    /** Recipients step 1 counts for (cc and bcc included). */
    needed: number;
    /** Step 1 fits in today's window without waiting. */
    fitsNow: boolean;
    /** When step 1's last send is expected (undefined if a message can never fit the cap). */
    finishAt: number | undefined;
  };
}

export interface PreflightInput {
  campaign: Campaign;
  contacts: readonly PreflightContact[];
  /** Renders a step's template for a contact (the templates module's render). */
  render: (contact: PreflightContact, stepIndex: number) => Rendered;
  ledger: readonly LedgerEntry[];
  now: number;
}

/** Checks every recipient before anything is sent, and whether (and when) the campaign fits the quota. */
export function preflight(input: PreflightInput): PreflightResult {
  const { campaign, now } = input;
  const seen = new Map<string, number>();
  const rows = input.contacts.map((contact, index): PreflightRow => {
    const issues: PreflightIssue[] = [];
    const email = contact.email.trim().toLowerCase();
    if (!isValidAddress(email)) issues.push({ code: 'invalid-address', detail: contact.email.slice(0, 320) });
    if (contact.doNotContact) issues.push({ code: 'do-not-contact' });
    if (contact.unsubscribed) issues.push({ code: 'unsubscribed' });
    const first = seen.get(email);
    if (first !== undefined) issues.push({ code: 'duplicate', detail: `row ${first + 1}`, row: first + 1 });
    else seen.set(email, index);
    campaign.steps.forEach((_, step) => {
      for (const w of input.render(contact, step).warnings) {
        issues.push({ code: 'missing-merge-value', detail: `step ${step + 1}: ${typeof w === 'string' ? w : w.message}`, step: step + 1, ...(typeof w === 'string' ? {} : { field: w.field }) });
      }
    });
    return { contact, issues, ok: issues.length === 0 };
  });
  const sendable = rows.filter((r) => r.ok).length;
  const cap = effectiveCap(campaign.accountType, campaign.dailyCap);
  const pauseAt = pauseThreshold(cap);
  const perMessage = recipientsPerMessage(campaign);
  const usedNow = usedInWindow(input.ledger, now);
  const needed = sendable * perMessage;
  const finishAt = planFinish({
    count: sendable,
    perMessage,
    startAt: Math.max(now, campaign.startAt),
    intervalMs: baseIntervalMs(campaign.ratePerMinute),
    limit: pauseAt,
    entries: input.ledger,
  });
  return { rows, sendable, quota: { cap, pauseAt, usedNow, needed, fitsNow: usedNow + needed <= pauseAt, finishAt } };
}

const ISSUE_TO_REASON: Record<IssueCode, SkipReason> = {
  'missing-merge-value': 'missing-merge-value',
  'invalid-address': 'invalid-address',
  'do-not-contact': 'do-not-contact',
  unsubscribed: 'unsubscribed',
  duplicate: 'duplicate',
};

/** Recipient rows for a checked campaign: ok rows queued at the start time, the others skipped with their first issue. */
export function planRecipients(campaign: Campaign, result: PreflightResult, now: number): Recipient[] {
  return result.rows.map((row, index): Recipient => {
    const base = {
      id: `${campaign.id}-${index}`,
      campaignId: campaign.id,
      contactId: row.contact.contactId,
      email: row.contact.email.trim().toLowerCase(),
      ...(row.contact.name ? { name: row.contact.name } : {}),
      step: 0,
      sentMessageIds: [],
      attempts: 0,
      updatedAt: now,
    };
    const issue = row.issues[0];
    return issue ? { ...base, state: 'skipped', reason: ISSUE_TO_REASON[issue.code], lastError: issue.detail } : { ...base, state: 'queued', nextAttemptAt: campaign.startAt };
  });
}
