import type { Recipient } from './types';

export interface CampaignCounts {
  total: number;
  /** Waiting for their current step: queued, retrying or in flight. */
  queued: number;
  /** Got at least one message. */
  sent: number;
  /** Messages sent, all steps. */
  messages: number;
  /** Sent and waiting for a follow-up's delay. */
  awaitingFollowUp: number;
  replied: number;
  bounced: number;
  unsubscribed: number;
  failed: number;
  /** Skipped for any other reason (do-not-contact, duplicate, cancelled, …). */
  skipped: number;
  /** Recipients with nothing left to do, for the progress bar. */
  finished: number;
}

/** Live counts for a campaign's progress view, from its recipient rows. */
export function countRecipients(recipients: readonly Recipient[]): CampaignCounts {
  const c: CampaignCounts = {
    total: recipients.length,
    queued: 0,
    sent: 0,
    messages: 0,
    awaitingFollowUp: 0,
    replied: 0,
    bounced: 0,
    unsubscribed: 0,
    failed: 0,
    skipped: 0,
    finished: 0,
  };
  for (const r of recipients) {
    c.messages += r.sentMessageIds.length;
    if (r.sentMessageIds.length > 0) c.sent++;
    if (r.state === 'queued' || r.state === 'retrying' || r.state === 'sending') c.queued++;
    else if (r.state === 'sent' && r.nextAttemptAt !== undefined) c.awaitingFollowUp++;
    else c.finished++;
    if (r.state === 'failed') c.failed++;
    if (r.state === 'skipped') {
      if (r.reason === 'replied') c.replied++;
      else if (r.reason === 'bounced') c.bounced++;
      else if (r.reason === 'unsubscribed') c.unsubscribed++;
      else c.skipped++;
    }
  }
  return c;
}
