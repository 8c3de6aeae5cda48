import { buildMessage, createMessageId } from '../gmail-api/mime';
import { domainOfAddress } from '../gmail-api/address';
import type { Campaign, Recipient, Rendered } from './types';

/** A new Message-ID for a recipient's step, on the sender's domain (a foreign domain hurts deliverability). */
export function newMessageId(campaign: Campaign, recipient: Recipient, step: number): string {
  return createMessageId({ campaignId: campaign.id, recipientId: recipient.id, step, domain: domainOfAddress(campaign.from.address) });
}

/** "Re: " + the first subject, unless it already starts so. */
export function replySubject(subject: string): string {
  return /^re:/i.test(subject.trim()) ? subject : `Re: ${subject}`;
}

/** The RFC 2822 message for one recipient's step: follow-ups answer the thread (In-Reply-To, References, "Re:" subject). */
export function composeMessage(campaign: Campaign, recipient: Recipient, step: number, messageId: string, rendered: Rendered, now: number): { raw: string; subject: string } {
  const previous = recipient.sentMessageIds;
  const followUp = step > 0 && previous.length > 0;
  const subject = followUp ? replySubject(recipient.threadSubject ?? rendered.subject) : rendered.subject;
  const raw = buildMessage({
    from: campaign.from,
    to: [{ address: recipient.email, ...(recipient.name ? { name: recipient.name } : {}) }],
    cc: campaign.cc.map((address) => ({ address })),
    bcc: campaign.bcc.map((address) => ({ address })),
    subject,
    text: rendered.body,
    messageId,
    ...(followUp ? { inReplyTo: previous[previous.length - 1], references: previous } : {}),
    listUnsubscribe: { mailto: campaign.unsubscribeMailto ?? campaign.from.address },
    date: now,
  });
  return { raw, subject };
}
