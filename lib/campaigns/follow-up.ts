import type { EngineContext } from './context';
import { detectStop, type StopReason } from './stop-rules';
import type { Campaign, Recipient } from './types';

/** Whether a recipient's next follow-up must stop: the thread shows a reply, a bounce or an unsubscribe, or they mailed the unsubscribe address. */
export async function followUpStop(ctx: EngineContext, campaign: Campaign, r: Recipient): Promise<StopReason | undefined> {
  if (r.threadId) {
    const thread = await ctx.gmail.getThread(r.threadId, 'full');
    const reason = detectStop(thread, {
      recipient: r.email,
      self: campaign.from.address,
      messageIds: r.sentMessageIds,
      gmailIds: r.gmailMessageId ? [r.gmailMessageId] : [],
    });
    if (reason) return reason;
  }
  if (!ctx.checkUnsubscribeMail) return undefined;
  // The List-Unsubscribe mailto starts a new thread, so it is found by search, not in the thread.
  const hits = await ctx.gmail.list(`from:${r.email} subject:unsubscribe`, 1);
  return hits.length > 0 ? 'unsubscribed' : undefined;
}
