import type { EngineContext } from './context';
import { finish, lookAgainAt, markSent, unknownUntilLater } from './process-recipient';
import { lookupSent, nextLookupAt } from './sent-lookup';
import type { Campaign } from './types';

const min = (a: number | undefined, b: number | undefined) => (a === undefined ? b : b === undefined ? a : Math.min(a, b));

/**
 * Settles recipients left in 'sending' by a worker that died mid-send (older than the lease):
 * found in Sent by Message-ID → 'sent'; not found → 'retrying', due at its next look-up while the
 * window lasts (a lagging search index), else at once. Returns when to look again, if ever.
 */
export async function recoverInterrupted(ctx: EngineContext, campaign: Campaign, now: number): Promise<number | undefined> {
  const sending = await ctx.store.listRecipients(campaign.id, ['sending']);
  let wake: number | undefined;
  for (const r of sending.slice(0, ctx.maxPerTick)) {
    const leaseEnd = (r.lastAttemptAt ?? 0) + ctx.leaseMs;
    if (leaseEnd > now) {
      wake = min(wake, leaseEnd);
      continue;
    }
    try {
      const found = r.messageId ? await lookupSent(ctx.gmail, r.messageId, r.step > 0 ? r.threadId : undefined) : undefined;
      if (found) await markSent(ctx, campaign, r, 'sending', found, now);
      else {
        const again = nextLookupAt(r.lastAttemptAt ?? 0, now, ctx.lookupsMs);
        await ctx.store.transition(r.id, 'sending', 'retrying', {
          nextAttemptAt: again ?? now,
          lastError: again === undefined ? 'interrupted before Gmail answered; not found in Sent' : 'interrupted before Gmail answered; not in Sent yet',
          updatedAt: now,
        });
        if (again !== undefined) wake = min(wake, again);
      }
    } catch {
      // Gmail unreachable for the look-up: it stays 'sending' (never re-sent blindly) until a later tick.
      wake = min(wake, now + ctx.backoffBaseMs);
    }
  }
  if (sending.length > ctx.maxPerTick) wake = now;
  return wake;
}

/**
 * Finishes a cancelled campaign's leftovers: retries whose last attempt may have gone out are looked
 * up (found → 'sent'), everything still pending becomes 'skipped' (cancelled). Returns when to look again.
 */
export async function settleCancelled(ctx: EngineContext, campaign: Campaign, now: number): Promise<number | undefined> {
  let wake = await recoverInterrupted(ctx, campaign, now);
  if ((await ctx.store.nextDueAt(campaign.id)) === undefined) return wake;
  const pending = await ctx.store.listDue(campaign.id, Number.MAX_SAFE_INTEGER, ctx.maxPerTick);
  let settled = 0;
  for (const r of pending) {
    const unknown = r.state === 'retrying' && r.messageId !== undefined && !r.notSent;
    // Waiting for its next look-up: asking Gmail on every tick would not change the answer sooner.
    if (unknown && r.nextAttemptAt !== undefined && r.nextAttemptAt > now) {
      wake = min(wake, r.nextAttemptAt);
      continue;
    }
    try {
      const found = r.state === 'retrying' && r.messageId ? await lookupSent(ctx.gmail, r.messageId, r.step > 0 ? r.threadId : undefined) : undefined;
      if (found) await markSent(ctx, campaign, r, 'retrying', found, now);
      else {
        // A send that may still show up in Sent is not written off as cancelled before the window is over.
        const again = unknownUntilLater(ctx, r, now);
        if (again !== undefined) {
          await lookAgainAt(ctx, r, again, now);
          wake = min(wake, again);
          continue;
        }
        await finish(ctx, r, 'skipped', now, { reason: 'cancelled' });
      }
      settled++;
    } catch {
      wake = min(wake, now + ctx.backoffBaseMs);
    }
  }
  // More may be waiting behind a full batch; not when nothing in it could be settled yet (no busy loop).
  if (pending.length === ctx.maxPerTick && settled > 0) wake = now;
  return wake;
}
