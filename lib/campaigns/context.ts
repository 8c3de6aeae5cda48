import type { GmailClient } from '../gmail-api/client';
import { UNKNOWN_OUTCOME_LOOKUPS_MS } from './sent-lookup';
import type { CampaignStore } from './store';
import type { Campaign, Recipient, Rendered, SkipReason } from './types';

export interface EngineDeps {
  store: CampaignStore;
  gmail: GmailClient;
  /** Renders a step's template for a recipient (the wiring loads the contact and calls the templates module). */
  renderStep: (campaign: Campaign, recipient: Recipient, stepIndex: number) => Rendered | Promise<Rendered>;
  /** Checked right before every send: a reason when the recipient (its contact, or the row's address) must get no more mail. */
  suppression?: (recipient: Recipient) => SkipReason | undefined | Promise<SkipReason | undefined>;
  /** Called after the state is committed; a throwing hook never disturbs sending. */
  events?: {
    onSent?: (recipient: Recipient, campaign: Campaign) => unknown;
    onStopped?: (recipient: Recipient, reason: SkipReason) => unknown;
    onFailed?: (recipient: Recipient) => unknown;
  };
  /** Seedable randomness for jitter and backoff. */
  random?: () => number;
  /** Pacing between sends (default on; off for benchmarks). */
  pacing?: boolean;
  /** Recipients handled per campaign per tick, so one tick fits in a service-worker wake-up (default 20). */
  maxPerTick?: number;
  /** Send attempts before a recipient fails (default 5). */
  maxAttempts?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** A recipient in 'sending' for longer than this was interrupted (default 2 min, above the 30 s fetch timeout). */
  leaseMs?: number;
  /** When a send whose outcome is unknown is looked up in Sent, in ms after its attempt; only a miss at the last allows a retry. */
  lookupsMs?: readonly number[];
  /** Also search the mailbox for mail to the List-Unsubscribe address before a follow-up (default on). */
  checkUnsubscribeMail?: boolean;
  /** How often a recipient waiting for its follow-up has its thread read for a reply; off when absent (the background sets it). */
  replyWatchMs?: number;
}

export type EngineContext = Required<Omit<EngineDeps, 'suppression' | 'events' | 'replyWatchMs'>> & Pick<EngineDeps, 'suppression' | 'events' | 'replyWatchMs'>;

/** Fills in the engine's defaults. */
export function withDefaults(deps: EngineDeps): EngineContext {
  return {
    random: Math.random,
    pacing: true,
    maxPerTick: 20,
    maxAttempts: 5,
    backoffBaseMs: 10_000,
    backoffMaxMs: 60 * 60_000,
    leaseMs: 2 * 60_000,
    lookupsMs: UNKNOWN_OUTCOME_LOOKUPS_MS,
    checkUnsubscribeMail: true,
    ...deps,
  };
}

/** Runs an event hook, swallowing its failure: history and UI side effects must not undo a committed send. */
export async function emit<A extends unknown[]>(hook: ((...args: A) => unknown) | undefined, ...args: A): Promise<void> {
  try {
    await hook?.(...args);
  } catch {
    // Deliberately ignored; the recipient's state is already the truth.
  }
}
