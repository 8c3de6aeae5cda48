import type { EngineContext } from './context';
import { followUpStop } from './follow-up';
import { finish } from './process-recipient';
import type { Campaign, Recipient } from './types';

// After a full batch, the rest wait this long: reads stay paced like sends (threads.get is 10 quota units).
const BATCH_GAP_MS = 60_000;

/**
 * Stops recipients who answered while they wait days for their next step: their threads are read
 * (the same stop rules as before a follow-up) every `replyWatchMs`, at most `maxPerTick` per campaign
 * per pass, so an enrolment shows "replied" soon after the reply, not when the follow-up falls due.
 * Returns when the next pass is due; never disturbs sending (a failed read is tried on a later pass).
 */
export async function watchReplies(ctx: EngineContext, campaignId: string, now: number): Promise<number | undefined> {
  const every = ctx.replyWatchMs;
  if (every === undefined) return undefined;
  const c = await ctx.store.getCampaign(campaignId);
  if (!c || c.status !== 'running' || c.steps.length < 2) return undefined;
  if (c.replyWatchAt !== undefined && c.replyWatchAt > now) return c.replyWatchAt;
  const lookAt = (r: Recipient): number => (r.repliesCheckedAt ?? r.sentAt ?? now) + every;
  // Only those whose follow-up is still ahead: one that is due now is checked by processDue itself.
  const waiting = (await ctx.store.listRecipients(c.id, ['sent'])).filter((r) => r.threadId && r.nextAttemptAt !== undefined && r.nextAttemptAt > now);
  const due = waiting.filter((r) => lookAt(r) <= now).sort((a, b) => lookAt(a) - lookAt(b));
  const batch = due.slice(0, ctx.maxPerTick);
  let next = now + every;
  try {
    for (const r of batch) await checkOne(ctx, c, r, now);
  } catch {
    next = now + BATCH_GAP_MS;
  }
  if (due.length > batch.length) next = Math.min(next, now + BATCH_GAP_MS);
  for (const r of waiting) if (!batch.includes(r) && lookAt(r) > now) next = Math.min(next, lookAt(r));
  await ctx.store.updateCampaign(c.id, ['running'], { replyWatchAt: next });
  return next;
}

async function checkOne(ctx: EngineContext, c: Campaign, r: Recipient, now: number): Promise<void> {
  const stop = await followUpStop(ctx, c, r);
  if (stop) await finish(ctx, r, 'skipped', now, { reason: stop });
  else await ctx.store.transition(r.id, 'sent', 'sent', { repliesCheckedAt: now });
}
