import { buildMessage, createMessageId } from '../gmail-api/mime';
import { domainOfAddress } from '../gmail-api/address';
import { GmailApiError } from '../gmail-api/errors';
import type { EngineContext } from './context';
import { WINDOW_MS, effectiveCap, whenAvailable } from './ledger';
import { finish } from './process-recipient';
import type { Rendered } from './types';

/** Draft → scheduled (it starts at its startAt on a later tick). */
export async function startCampaign(ctx: EngineContext, id: string, now: number): Promise<boolean> {
  return !!(await ctx.store.updateCampaign(id, ['draft'], { status: 'scheduled', updatedAt: now }));
}

/** Scheduled or running → paused; a send already in flight still completes. */
export async function pauseCampaign(ctx: EngineContext, id: string, now: number): Promise<boolean> {
  return !!(await ctx.store.updateCampaign(id, ['scheduled', 'running'], { status: 'paused', pauseReason: 'paused by the user', updatedAt: now }));
}

/** Paused → running (or scheduled if its start is still ahead). */
export async function resumeCampaign(ctx: EngineContext, id: string, now: number): Promise<boolean> {
  const c = await ctx.store.getCampaign(id);
  if (!c) return false;
  const status = c.startAt > now ? 'scheduled' : 'running';
  return !!(await ctx.store.updateCampaign(id, ['paused'], { status, pauseReason: undefined, updatedAt: now }));
}

/** Cancels a campaign and its pending follow-ups; retries whose last attempt may have gone out are settled by the next tick. */
export async function cancelCampaign(ctx: EngineContext, id: string, now: number): Promise<boolean> {
  const c = await ctx.store.updateCampaign(id, ['draft', 'scheduled', 'running', 'paused'], { status: 'cancelled', updatedAt: now });
  if (!c) return false;
  for (const r of await ctx.store.listRecipients(id, ['queued', 'sent'])) {
    if (r.nextAttemptAt !== undefined) await finish(ctx, r, 'skipped', now, { reason: 'cancelled' });
  }
  return true;
}

export interface TestSend {
  campaignId: string;
  /** Usually the user's own address. */
  to: string;
  rendered: Rendered;
  now: number;
}

/** Sends one rendered step to `to`, marked as a test; it counts in the ledger and may use the cap up to 100 %. */
export async function sendTest(ctx: EngineContext, input: TestSend): Promise<{ id: string; threadId: string }> {
  const c = await ctx.store.getCampaign(input.campaignId);
  if (!c) throw new Error('no such campaign');
  const entries = await ctx.store.ledgerSince(input.now - WINDOW_MS);
  const at = whenAvailable(entries, input.now, 1, effectiveCap(c.accountType, c.dailyCap));
  if (at !== input.now) throw new QuotaError(at);
  const raw = buildMessage({
    from: c.from,
    to: [{ address: input.to }],
    subject: `[Test] ${input.rendered.subject}`,
    text: input.rendered.body,
    messageId: createMessageId({ campaignId: c.id, recipientId: 'test', step: 0, domain: domainOfAddress(c.from.address) }),
    listUnsubscribe: { mailto: c.unsubscribeMailto ?? c.from.address },
    date: input.now,
  });
  const entry = { at: input.now, count: 1, kind: 'test' as const, campaignId: c.id };
  try {
    const sent = await ctx.gmail.send(raw);
    await ctx.store.addLedgerEntry(entry);
    return { id: sent.id, threadId: sent.threadId };
  } catch (error) {
    // It may have gone out: count it, so the quota errs on the safe side.
    if (error instanceof GmailApiError && error.ambiguous) await ctx.store.addLedgerEntry(entry);
    throw error;
  }
}

/** The daily cap is used up; `availableAt` is when the window allows another send (undefined: never). */
export class QuotaError extends Error {
  override name = 'QuotaError';
  readonly availableAt: number | undefined;

  constructor(availableAt: number | undefined) {
    super('the daily sending cap is reached');
    this.availableAt = availableAt;
  }
}
