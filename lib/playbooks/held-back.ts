import type { Campaign, Recipient } from '../campaigns/types';
import type { HandOffWait } from './hand-off';
import type { Enrolment, Sequence } from './sequence';

/** Why an approved enrolment is not going out: the hand-off's waits, or its sequence's campaign held (paused, quota). */
export type HeldReason = HandOffWait | 'campaign-paused' | 'quota-reached';

/** One approved enrolment held back, with its reason and what the way out needs (the campaign to resume, when it sends again). */
export interface HeldEnrolment {
  enrolment: Enrolment;
  reason: HeldReason;
  campaignId?: string;
  /** Quota reached: when one more message fits under the daily quota again. */
  until?: number;
}

/** What the hand-off needs to decide, for one enrolment: its sequence, its sequence's campaign (if made yet), the sender. */
export interface HandOffFacts {
  sequence: Sequence | undefined;
  campaign: Pick<Campaign, 'status'> | undefined;
  senderAddress: string | undefined;
}

/** Why the hand-off would leave an approved enrolment waiting now, or undefined when it can hand it (one rule for both). */
export function handOffWait(facts: HandOffFacts): HandOffWait | undefined {
  if (!facts.sequence) return 'deleted-sequence';
  if (!facts.senderAddress) return 'no-sender';
  if (facts.campaign?.status === 'cancelled') return 'campaign-cancelled';
  return undefined;
}

export interface HeldBackInput {
  now: number;
  senderAddress: string | undefined;
  sequence(id: string): Sequence | undefined;
  /** The engine campaign of a sequence (by sequence id), if made yet. */
  campaign(sequenceId: string): Pick<Campaign, 'id' | 'status' | 'quotaWaitUntil'> | undefined;
  /** A handed enrolment's campaign recipient. */
  recipient(e: Enrolment): Pick<Recipient, 'state' | 'nextAttemptAt'> | undefined;
}

/**
 * The approved enrolments that are not going out, oldest first: approved ones the hand-off leaves waiting (no sender
 * address, a deleted sequence, a cancelled campaign), and approved or handed ones whose message is due but whose
 * sequence's campaign is paused or waits for the daily quota (the engine's `quotaWaitUntil`).
 */
export function heldBack(enrolments: readonly Enrolment[], input: HeldBackInput): HeldEnrolment[] {
  const held: HeldEnrolment[] = [];
  for (const e of [...enrolments].sort((a, b) => a.createdAt - b.createdAt)) {
    if (e.state !== 'approved' && e.state !== 'handed') continue;
    const campaign = input.campaign(e.sequenceId);
    if (e.state === 'approved') {
      const wait = handOffWait({ sequence: input.sequence(e.sequenceId), campaign, senderAddress: input.senderAddress });
      if (wait) {
        held.push({ enrolment: e, reason: wait, ...(campaign ? { campaignId: campaign.id } : {}) });
        continue;
      }
    } else {
      // A handed one is held only while a message of its is due: a follow-up days away is not waiting on anything.
      const r = input.recipient(e);
      const due = r && (r.state === 'queued' || r.state === 'retrying') && (r.nextAttemptAt ?? 0) <= input.now;
      if (!due) continue;
    }
    if (!campaign) continue;
    if (campaign.status === 'paused') held.push({ enrolment: e, reason: 'campaign-paused', campaignId: campaign.id });
    else if (campaign.status === 'running' && campaign.quotaWaitUntil !== undefined && campaign.quotaWaitUntil > input.now)
      held.push({ enrolment: e, reason: 'quota-reached', campaignId: campaign.id, until: campaign.quotaWaitUntil });
  }
  return held;
}
