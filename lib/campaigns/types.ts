import { z } from 'zod';
import { epochMs } from '../db/epoch-ms';

export const CAMPAIGN_STATUSES = ['draft', 'scheduled', 'running', 'paused', 'cancelled', 'done'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const RECIPIENT_STATES = ['queued', 'sending', 'sent', 'retrying', 'failed', 'skipped'] as const;
export type RecipientState = (typeof RECIPIENT_STATES)[number];

/** Why a recipient gets no (further) message. */
export const SKIP_REASONS = ['do-not-contact', 'unsubscribed', 'invalid-address', 'duplicate', 'missing-merge-value', 'replied', 'bounced', 'cancelled'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export const ACCOUNT_TYPES = ['gmail', 'workspace'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

/** Gmail's daily sending limits per account type (recipients per rolling 24 h). */
export const ACCOUNT_CAPS: Record<AccountType, number> = { gmail: 500, workspace: 2000 };

const Id = z.string().regex(/^[A-Za-z0-9-]{1,64}$/);
const EntityRef = z.union([z.number().int(), z.string().min(1).max(100)]);
const Ms = epochMs;

export const CampaignStepSchema = z.object({
  templateId: EntityRef,
  /** Days after the previous step was sent; 0 for the first step. */
  delayDays: z.number().min(0).max(365),
  condition: z.literal('no-reply'),
});
export type CampaignStep = z.infer<typeof CampaignStepSchema>;

export const CampaignTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('segment'), segmentId: EntityRef }),
  z.object({ kind: z.literal('selection'), contactIds: z.array(z.number().int()).max(100_000) }),
]);

export const CampaignSchema = z.object({
  id: Id,
  name: z.string().min(1).max(200),
  target: CampaignTargetSchema,
  steps: z
    .array(CampaignStepSchema)
    .min(1)
    .max(10)
    .refine((steps) => steps[0]?.delayDays === 0, 'the first step has no delay'),
  /** The sending account's address (and display name). */
  from: z.object({ address: z.string().max(254), name: z.string().max(200).optional() }),
  cc: z.array(z.string().max(254)).max(20).default([]),
  bcc: z.array(z.string().max(254)).max(20).default([]),
  /** Address for List-Unsubscribe (mailto, subject "unsubscribe"); the sender's when absent. */
  unsubscribeMailto: z.string().max(254).optional(),
  startAt: Ms,
  ratePerMinute: z.number().min(0.1).max(600),
  /** 0…1: each gap between sends varies by up to ± this fraction. */
  jitter: z.number().min(0).max(1),
  accountType: z.enum(ACCOUNT_TYPES),
  /** The user's own cap, used when lower than the account type's. */
  dailyCap: z.number().int().positive().optional(),
  status: z.enum(CAMPAIGN_STATUSES),
  /** Earliest time of the next send (pacing, or a Retry-After that applies to the account). */
  nextSendAt: z.optional(Ms),
  /** Set while sending waits for the 24-hour window to allow more. */
  quotaWaitUntil: z.optional(Ms),
  /** When recipients waiting for a follow-up next have their threads read for a reply (lib/campaigns/reply-watch.ts). */
  replyWatchAt: z.optional(Ms),
  /** Why the engine paused the campaign on its own (e.g. sign-in needed). */
  pauseReason: z.string().max(500).optional(),
  createdAt: Ms,
  updatedAt: Ms,
});
export type Campaign = z.infer<typeof CampaignSchema>;

export const RecipientSchema = z.object({
  id: z.string().min(1).max(140),
  campaignId: Id,
  contactId: z.number().int(),
  email: z.string().max(320),
  name: z.string().max(200).optional(),
  /** Index of the step being sent, or last sent. */
  step: z.number().int().min(0),
  state: z.enum(RECIPIENT_STATES),
  reason: z.enum(SKIP_REASONS).optional(),
  /** RFC 5322 Message-ID of the current step's message, chosen before the first attempt. */
  messageId: z.string().max(300).optional(),
  gmailMessageId: z.string().optional(),
  threadId: z.string().optional(),
  /** Step 1's subject: follow-ups are "Re:" of it (Gmail threads only on matching subjects). */
  threadSubject: z.string().optional(),
  /** The owner's own first message for this recipient (an edited sequence enrolment): sent as step 1 instead of its template. */
  firstMessage: z.object({ subject: z.string().trim().min(1).max(1000), body: z.string().max(100_000) }).optional(),
  /** Message-IDs sent to this recipient so far, oldest first (References of the next step). */
  sentMessageIds: z.array(z.string()).default([]),
  sentAt: z.optional(Ms),
  attempts: z.number().int().min(0),
  lastAttemptAt: z.optional(Ms),
  /**
   * Gmail refused the last attempt outright (a rate limit, a rejected sign-in), so it was certainly
   * not sent. Absent after a lost answer, a 5xx or a crash: that attempt is looked up over a window first.
   */
  notSent: z.literal(true).optional(),
  /** When the engine should look at this recipient next; absent once nothing is left to do. */
  nextAttemptAt: z.optional(Ms),
  /** When its thread was last read for a reply while it waited for its follow-up. */
  repliesCheckedAt: z.optional(Ms),
  lastError: z.string().max(500).optional(),
  updatedAt: Ms,
});
export type Recipient = z.infer<typeof RecipientSchema>;

export const LedgerEntrySchema = z.object({
  id: z.number().int().optional(),
  at: Ms,
  /** Recipients of the message: To + Cc + Bcc. */
  count: z.number().int().positive(),
  kind: z.enum(['send', 'test']),
  campaignId: Id.optional(),
  recipientId: z.string().optional(),
});
export type LedgerEntry = z.infer<typeof LedgerEntrySchema>;

/** What a template renders for one contact; any warning (e.g. a missing merge value) blocks the recipient. */
export interface Rendered {
  subject: string;
  body: string;
  warnings: readonly (string | { message: string; field?: string })[];
}
