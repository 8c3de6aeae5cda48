import type { MessageRef } from '../gmail-api/schemas';
import { composeMessage, newMessageId } from './compose';
import { emit, type EngineContext } from './context';
import { renderForRecipient } from './first-message';
import { followUpStop } from './follow-up';
import { recipientsPerMessage } from './ledger';
import { nextSendTime } from './pacing';
import { decideRetry } from './retry';
import { lookupSent, nextLookupAt } from './sent-lookup';
import type { Campaign, CampaignStatus, Recipient, RecipientState, SkipReason } from './types';

export type Outcome = 'sent' | 'recovered' | 'skipped' | 'failed' | 'retrying' | 'paused' | 'noop';

const DAY_MS = 24 * 60 * 60_000;
const NOT_FINAL: CampaignStatus[] = ['draft', 'scheduled', 'running', 'paused'];

/** Handles one due recipient: look-up before a retry, stop rules, then 'sending' → Gmail → 'sent' | 'retrying' | 'failed'. */
export async function processDue(ctx: EngineContext, campaign: Campaign, r: Recipient, now: number): Promise<Outcome> {
  const step = r.state === 'sent' ? r.step + 1 : r.step;
  if (step >= campaign.steps.length) {
    await ctx.store.transition(r.id, r.state, r.state, { nextAttemptAt: undefined, updatedAt: now });
    return 'noop';
  }
  try {
    if (r.state === 'retrying' && r.messageId) {
      // The last attempt may have reached Gmail (lost answer, crash): never send twice.
      const found = await lookupSent(ctx.gmail, r.messageId, step > 0 ? r.threadId : undefined);
      if (found) return (await markSent(ctx, campaign, r, 'retrying', found, now)) ? 'recovered' : 'noop';
      // Search may not show a just-sent message yet: one miss is not proof until the window is over.
      const again = unknownUntilLater(ctx, r, now);
      if (again !== undefined) return lookAgainAt(ctx, r, again, now);
      if (r.attempts >= ctx.maxAttempts) return finish(ctx, r, 'failed', now, { lastError: r.lastError ?? 'too many attempts' });
    }
    const blocked = await ctx.suppression?.(r);
    if (blocked) return finish(ctx, r, 'skipped', now, { reason: blocked });
    if (step > 0) {
      const stop = await followUpStop(ctx, campaign, r);
      if (stop) return finish(ctx, r, 'skipped', now, { reason: stop });
    }
  } catch (error) {
    return deferAfterCheckError(ctx, campaign, r, error, now);
  }

  const messageId = r.state === 'retrying' && r.messageId ? r.messageId : newMessageId(campaign, r, step);
  let composed: { raw: string; subject: string };
  try {
    const rendered = await renderForRecipient(ctx.renderStep, campaign, r, step);
    if (rendered.warnings.length > 0) {
      const w = rendered.warnings[0]!;
      return finish(ctx, r, 'skipped', now, { reason: 'missing-merge-value', lastError: typeof w === 'string' ? w : w.message });
    }
    composed = composeMessage(campaign, r, step, messageId, rendered, now);
  } catch (error) {
    return finish(ctx, r, 'failed', now, { lastError: `could not build the message: ${(error as Error).message}`.slice(0, 400) });
  }

  const claimed = await ctx.store.transition(r.id, r.state, 'sending', {
    step,
    messageId,
    attempts: (r.state === 'retrying' ? r.attempts : 0) + 1,
    lastAttemptAt: now,
    nextAttemptAt: undefined,
    notSent: undefined,
    updatedAt: now,
    ...(step === 0 ? { threadSubject: composed.subject } : {}),
  });
  if (!claimed) return 'noop';
  await ctx.store.updateCampaign(campaign.id, NOT_FINAL, {
    nextSendAt: nextSendTime(now, campaign, { enabled: ctx.pacing, random: ctx.random }),
  });

  let sent: MessageRef;
  try {
    sent = await ctx.gmail.send(composed.raw, step > 0 && claimed.threadId ? { threadId: claimed.threadId } : {});
  } catch (error) {
    return afterSendError(ctx, campaign, claimed, error, now);
  }
  return (await markSent(ctx, campaign, claimed, 'sending', sent, now)) ? 'sent' : 'noop';
}

/** Commits a send (found or answered): state 'sent', the next step's due time, and the ledger entry, atomically. */
export async function markSent(ctx: EngineContext, campaign: Campaign, r: Recipient, from: RecipientState, ref: MessageRef, now: number): Promise<Recipient | undefined> {
  // Re-read: a campaign cancelled while this send was in flight gets no follow-up.
  const live = await ctx.store.getCampaign(campaign.id);
  const next = campaign.steps[r.step + 1];
  const followUpAt = next && live?.status !== 'cancelled' ? now + next.delayDays * DAY_MS : undefined;
  const updated = await ctx.store.transition(
    r.id,
    from,
    'sent',
    {
      gmailMessageId: ref.id,
      threadId: ref.threadId,
      sentAt: now,
      sentMessageIds: r.messageId ? [...r.sentMessageIds, r.messageId] : r.sentMessageIds,
      attempts: 0,
      lastError: undefined,
      notSent: undefined,
      nextAttemptAt: followUpAt,
      updatedAt: now,
    },
    { at: now, count: recipientsPerMessage(campaign), kind: 'send', campaignId: campaign.id, recipientId: r.id },
  );
  if (updated) await emit(ctx.events?.onSent, updated, campaign);
  return updated;
}

/** Moves a recipient to 'failed' or 'skipped' (clearing its due time) and tells the hooks. */
export async function finish(ctx: EngineContext, r: Recipient, to: 'failed' | 'skipped', now: number, extra: { reason?: SkipReason; lastError?: string }): Promise<Outcome> {
  const updated = await ctx.store.transition(r.id, r.state, to, { ...extra, nextAttemptAt: undefined, updatedAt: now });
  if (!updated) return 'noop';
  if (to === 'failed') await emit(ctx.events?.onFailed, updated);
  else await emit(ctx.events?.onStopped, updated, extra.reason ?? 'cancelled');
  return to;
}

async function afterSendError(ctx: EngineContext, campaign: Campaign, r: Recipient, error: unknown, now: number): Promise<Outcome> {
  const d = decideRetry(error, r.attempts, now, { maxAttempts: ctx.maxAttempts, baseMs: ctx.backoffBaseMs, maxMs: ctx.backoffMaxMs, random: ctx.random });
  if (d.action === 'fail') return finish(ctx, r, 'failed', now, { lastError: d.message });
  const paused = d.action === 'pause';
  // An attempt that may have reached Gmail is first looked up once search can be expected to show it.
  const firstLookup = (r.lastAttemptAt ?? now) + (ctx.lookupsMs[0] ?? 0);
  await ctx.store.transition(r.id, 'sending', 'retrying', {
    // A rejected sign-in is not the recipient's fault: it does not use up an attempt.
    attempts: paused ? Math.max(0, r.attempts - 1) : r.attempts,
    nextAttemptAt: paused ? now : d.ambiguous ? Math.max(d.at!, firstLookup) : d.at,
    notSent: d.ambiguous ? undefined : true,
    lastError: d.message,
    updatedAt: now,
  });
  if (paused) return pauseForAuth(ctx, campaign, d.message, now);
  if (d.accountWaitUntil) await pushAccountWait(ctx, campaign.id, d.accountWaitUntil);
  return 'retrying';
}

/** When a retrying recipient whose last attempt may have gone out is to be looked up again; undefined once it may be retried. */
export function unknownUntilLater(ctx: EngineContext, r: Recipient, now: number): number | undefined {
  return r.notSent ? undefined : nextLookupAt(r.lastAttemptAt ?? 0, now, ctx.lookupsMs);
}

/** Keeps a retrying recipient waiting for its next look-up in Sent. */
export async function lookAgainAt(ctx: EngineContext, r: Recipient, at: number, now: number): Promise<Outcome> {
  await ctx.store.transition(r.id, 'retrying', 'retrying', { nextAttemptAt: at, updatedAt: now });
  return 'retrying';
}

async function deferAfterCheckError(ctx: EngineContext, campaign: Campaign, r: Recipient, error: unknown, now: number): Promise<Outcome> {
  const d = decideRetry(error, Math.max(1, r.attempts), now, {
    maxAttempts: ctx.maxAttempts,
    baseMs: ctx.backoffBaseMs,
    maxMs: ctx.backoffMaxMs,
    random: ctx.random,
  });
  if (d.action === 'fail') return finish(ctx, r, 'failed', now, { lastError: d.message });
  if (d.action === 'pause') return pauseForAuth(ctx, campaign, d.message, now);
  await ctx.store.transition(r.id, r.state, r.state, { nextAttemptAt: d.at, lastError: d.message, updatedAt: now });
  if (d.accountWaitUntil) await pushAccountWait(ctx, campaign.id, d.accountWaitUntil);
  return 'retrying';
}

async function pauseForAuth(ctx: EngineContext, campaign: Campaign, message: string, now: number): Promise<Outcome> {
  await ctx.store.updateCampaign(campaign.id, ['running'], { status: 'paused', pauseReason: `sign-in needed: ${message}`.slice(0, 500), updatedAt: now });
  return 'paused';
}

async function pushAccountWait(ctx: EngineContext, campaignId: string, until: number): Promise<void> {
  const c = await ctx.store.getCampaign(campaignId);
  if (c && (c.nextSendAt ?? 0) < until) await ctx.store.updateCampaign(campaignId, NOT_FINAL, { nextSendAt: until });
}
