import type { EngineContext } from './context';
import { lookupSent } from './follow-up';
import { finish, markSent } from './process-recipient';
import type { Campaign } from './types';

const min = (a: number | undefined, b: number | undefined) => (a === undefined ? b : b === undefined ? a : Math.min(a, b));

/**
 * Settles recipients left in 'sending' by a worker that died mid-send (older than the lease):
 * found in Sent by Message-ID → 'sent'; not found → 'retrying'. Returns when to look again, if ever.
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
      const found = r.messageId ? await lookupSent(ctx.gmail, r.messageId) : undefined;
      if (found) await markSent(ctx, campaign, r, 'sending', found, now);
      else {
        await ctx.store.transition(r.id, 'sending', 'retrying', {
          nextAttemptAt: now,
          lastError: 'interrupted before Gmail answered; not found in Sent',
          updatedAt: now,
        });
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
  for (const r of pending) {
    try {
      const found = r.state === 'retrying' && r.messageId ? await lookupSent(ctx.gmail, r.messageId) : undefined;
      if (found) await markSent(ctx, campaign, r, 'retrying', found, now);
      else await finish(ctx, r, 'skipped', now, { reason: 'cancelled' });
    } catch {
      wake = min(wake, now + ctx.backoffBaseMs);
    }
  }
  if (pending.length === ctx.maxPerTick) wake = now;
  return wake;
}
