import { z } from 'zod';
import type { CampaignReply } from '../campaigns/messages';
import type { RecomputeSummary } from '../churn/background';
import type { FirstOpen } from '../panel/first-profile';
import type { HelloReply } from '../panel/messages';
import { SnapshotSchema } from '../protocol';
import { TeamHealthSchema, TeamLeftReasonSchema, type TeamConfig, type TeamHealth } from '../team/config';

/**
 * The background's protocol: every runtime message to the service worker, with who may send it
 * ('page': our extension pages; 'gmail': our content script in a Gmail tab), the zod schema of its
 * payload (the message without `type`) and the type of its reply. Senders use `send` (./send.ts),
 * which imports only the types from here, so the content script carries no zod.
 */
export type Origin = 'page' | 'gmail';

interface Spec<F extends Origin, S extends z.ZodObject, R> {
  from: F;
  payload: S;
  /** Never set: carries the reply type ([R] so that a void reply survives NonNullable). */
  reply?: [R];
}
const spec =
  <R>() =>
  <F extends Origin, S extends z.ZodObject>(from: F, payload: S): Spec<F, S, R> => ({ from, payload });

const campaignId = z.string().min(1).max(64);

export const PROTOCOL = {
  /** The content script started in a Gmail tab: the background enables that tab's panel and says whether to dock. */
  'kizuna:gmail-hello': spec<HelloReply>()('gmail', z.object({})),
  /** A user gesture in Gmail (the Kizuna button, Alt+Shift+K): open the tab's panel. With the thread Gmail shows, the background reads the profile the panel shows first (lib/panel/first-open.ts). */
  'kizuna:open-panel': spec<{ ok: true } | { ok: false; error: string }>()('gmail', z.object({ snapshot: z.optional(SnapshotSchema) })),
  /** A side panel's first message: what the background read for its first paint when it was opened (once), or null. */
  'kizuna:panel-first': spec<FirstOpen | null>()('page', z.object({ tabId: z.number().int().nonnegative() })),
  /** Rescore every contact now; answers with the run's summary. */
  'kizuna:risk-recompute': spec<RecomputeSummary>()('page', z.object({})),
  /** Alerts were added (ids) or dismissed: refresh the badge, notify about added ones; answers with the open count. */
  'kizuna:alerts-changed': spec<number>()('page', z.object({ ids: z.array(z.number()).max(100_000).default([]) })),
  /** Tasks were added, done or snoozed: refresh the badge and set the next reminder's alarm; answers with the reminders that came. */
  'kizuna:tasks-changed': spec<number>()('page', z.object({})),
  /** A large import staged contacts: file them into ordinary rows (in the background, not awaited). */
  'kizuna:file-staged': spec<void>()('page', z.object({})),
  'campaign:control': spec<CampaignReply>()('page', z.object({ action: z.enum(['start', 'pause', 'resume', 'cancel']), id: campaignId })),
  /** Run the campaign queue now (ticks until nothing is due). */
  'campaign:tick': spec<CampaignReply>()('page', z.object({})),
  'campaign:test': spec<CampaignReply>()('page', z.object({ id: campaignId, contactId: z.number().int(), step: z.number().int().min(0).max(9), to: z.string().max(254) })),
  /** The sync host's page started (an offscreen document has only the runtime API): which team to sync (with the last health's scope and log), or null. */
  'team:host-config': spec<{ config: TeamConfig; scope?: TeamHealth['scope']; log: TeamHealth['log'] } | null>()('page', z.object({})),
  /** The sync host's newest health, for the background to store (teamHealthItem). */
  'team:host-health': spec<void>()('page', z.object({ health: TeamHealthSchema })),
  /** The server refused this member for good: the background marks the team left (the local copy stays). */
  'team:host-left': spec<void>()('page', z.object({ teamId: z.string(), reason: TeamLeftReasonSchema })),
};

export type Protocol = typeof PROTOCOL;
export type MessageType = keyof Protocol;
/** What a message of this type carries besides its `type` (after its schema's defaults: the handler's view). */
export type Payload<T extends MessageType> = Empty<z.output<Protocol[T]['payload']>>;
/** What a sender may pass (before defaults). */
export type PayloadInput<T extends MessageType> = Empty<z.input<Protocol[T]['payload']>>;
// zod types an empty object as Record<string, never>, which no `{ type, ... }` message would match.
type Empty<P> = [keyof P] extends [never] ? object : string extends keyof P ? object : P;
export type Reply<T extends MessageType> = NonNullable<Protocol[T]['reply']>[0];
/** A whole message on the wire: `{ type, ...payload }`. */
export type Message<T extends MessageType = MessageType> = { [K in T]: { type: K } & PayloadInput<K> }[T];

/** Who sent a message, as the handlers see it: the Gmail tab for the content script's messages. */
export type SenderOf<T extends MessageType> = Protocol[T]['from'] extends 'gmail' ? { tabId: number } : { tabId?: number };

/** One handler per message type. */
export type Handlers = { [T in MessageType]: (payload: Payload<T>, sender: SenderOf<T>) => Reply<T> | Promise<Reply<T>> };
