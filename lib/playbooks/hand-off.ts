import type { CampaignStore } from '../campaigns/store';
import type { AccountType, Campaign, Recipient, SkipReason } from '../campaigns/types';
import { handOffWait } from './held-back';
import { applyEnrolmentEvent, campaignIdFor, type Enrolment, type EnrolmentEvent, type EnrolmentState, type EnrolmentStopReason, type Sequence } from './sequence';

/** Where enrolments live for the hand-off: read by state, changed only through the state machine (compare-and-set). */
export interface EnrolmentStore {
  inState(state: EnrolmentState): Promise<Enrolment[]>;
  get(id: string): Promise<Enrolment | undefined>;
  /** Applies the event if the enrolment's state allows it; the updated enrolment, or undefined. */
  apply(id: string, event: EnrolmentEvent, now: number): Promise<Enrolment | undefined>;
}

/** The sending account a sequence's campaign sends from (the campaign settings). */
export interface Sender {
  address?: string;
  name?: string;
  accountType: AccountType;
  dailyCap?: number;
}

export interface HandOffDeps {
  enrolments: EnrolmentStore;
  campaigns: CampaignStore;
  sequence(id: string): Promise<Sequence | undefined>;
  contact(id: number): Promise<{ email: string; name?: string; doNotContact: 0 | 1 } | undefined>;
  sender: Sender;
}

/** Why an approved enrolment was not handed yet (it stays approved and is tried again on the next run). */
export type HandOffWait = 'no-sender' | 'deleted-sequence' | 'campaign-cancelled';

// A sequence's messages go out at this pace (per sequence); the quota ledger is shared with every campaign.
const RATE_PER_MINUTE = 2;
const JITTER = 0.3;

/** The engine campaign that sends a sequence: one per sequence, so its recipients share one pace (docs/playbooks.md). */
export function sequenceCampaignId(sequenceId: string): string {
  return campaignIdFor(`sequence:${sequenceId}`);
}

/** The campaign recipient of an enrolment: derived from its id, so handing it twice finds the same row. */
export function recipientIdFor(enrolment: Pick<Enrolment, 'id' | 'sequenceId'>): string {
  return `${sequenceCampaignId(enrolment.sequenceId)}-${campaignIdFor(enrolment.id).slice(4)}`;
}

function newCampaign(sequence: Sequence, sender: Sender & { address: string }, now: number): Campaign {
  return {
    id: sequenceCampaignId(sequence.id),
    name: sequence.name,
    target: { kind: 'selection', contactIds: [] },
    steps: sequence.steps,
    from: { address: sender.address, ...(sender.name ? { name: sender.name } : {}) },
    cc: [],
    bcc: [],
    startAt: now,
    ratePerMinute: RATE_PER_MINUTE,
    jitter: JITTER,
    accountType: sender.accountType,
    ...(sender.dailyCap ? { dailyCap: sender.dailyCap } : {}),
    status: 'running',
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * Hands one approved enrolment to the campaign engine: its sequence's campaign (made on first use, reopened when it
 * had finished, its steps refreshed from the sequence) gets the contact as a queued recipient, with the owner's edited
 * first message if any; then the enrolment is 'handed'. Safe to repeat after a crash at any point (derived ids).
 */
export async function handOne(deps: HandOffDeps, e: Enrolment, now: number): Promise<Enrolment | HandOffWait | undefined> {
  if (e.state !== 'approved') return undefined;
  const [sequence, contact] = await Promise.all([deps.sequence(e.sequenceId), deps.contact(e.contactId)]);
  if (!contact || contact.doNotContact === 1) return deps.enrolments.apply(e.id, { type: 'stop', reason: 'do-not-contact' }, now);
  const address = deps.sender.address;
  let campaign = sequence && address ? await deps.campaigns.getCampaign(sequenceCampaignId(sequence.id)) : undefined;
  const wait = handOffWait({ sequence, campaign, senderAddress: address });
  if (wait || !sequence || !address) return wait;
  const campaignId = sequenceCampaignId(sequence.id);
  if (!campaign) {
    campaign = newCampaign(sequence, { ...deps.sender, address }, now);
    await deps.campaigns.putCampaign(campaign);
  }
  const id = recipientIdFor(e);
  if (!(await deps.campaigns.getRecipient(id))) {
    const recipient: Recipient = {
      id,
      campaignId,
      contactId: e.contactId,
      email: contact.email.trim().toLowerCase(),
      ...(contact.name ? { name: contact.name.slice(0, 200) } : {}),
      step: 0,
      state: 'queued',
      sentMessageIds: [],
      attempts: 0,
      nextAttemptAt: now,
      updatedAt: now,
      ...(e.edited ? { firstMessage: e.edited } : {}),
    };
    await deps.campaigns.addRecipients([recipient]);
  }
  // Reopened after the recipient is in, so a tick in between cannot close it again with nothing pending.
  const contactIds = campaign.target.kind === 'selection' && !campaign.target.contactIds.includes(e.contactId) ? [...campaign.target.contactIds, e.contactId] : undefined;
  await deps.campaigns.updateCampaign(campaignId, ['draft', 'scheduled', 'running', 'paused', 'done'], {
    steps: sequence.steps,
    ...(contactIds ? { target: { kind: 'selection', contactIds } } : {}),
    ...(campaign.status === 'done' || campaign.status === 'draft' ? { status: 'running' } : {}),
    updatedAt: now,
  });
  return deps.enrolments.apply(e.id, { type: 'hand', campaignId }, now);
}

/** Hands every approved enrolment to the engine; returns how many were handed and why others wait. */
export async function handApproved(deps: HandOffDeps, now: number): Promise<{ handed: number; waiting: Partial<Record<HandOffWait, number>> }> {
  const waiting: Partial<Record<HandOffWait, number>> = {};
  let handed = 0;
  for (const e of await deps.enrolments.inState('approved')) {
    const result = await handOne(deps, e, now);
    if (typeof result === 'string') waiting[result] = (waiting[result] ?? 0) + 1;
    else if (result?.state === 'handed') handed++;
  }
  return { handed, waiting };
}

const STOP_FOR: Partial<Record<SkipReason, EnrolmentStopReason>> = {
  replied: 'replied',
  bounced: 'bounced',
  unsubscribed: 'unsubscribed',
  'do-not-contact': 'do-not-contact',
  cancelled: 'cancelled',
};

/** What a handed enrolment's recipient says happened to it: stopped (and why), finished, or nothing yet (still sending). */
export function followRecipient(r: Recipient | undefined, stepCount: number): EnrolmentEvent | undefined {
  if (!r) return undefined;
  if (r.state === 'skipped') return { type: 'stop', reason: (r.reason && STOP_FOR[r.reason]) ?? 'not-sendable' };
  if (r.state === 'failed') return { type: 'stop', reason: 'failed' };
  if (r.state === 'sent' && r.nextAttemptAt === undefined && r.step >= stepCount - 1) return { type: 'finish' };
  return undefined;
}

/** Moves every handed enrolment along with its campaign recipient (stopped on reply, bounce, unsubscribe…; done). */
export async function syncEnrolments(deps: Pick<HandOffDeps, 'enrolments' | 'campaigns'>, now: number): Promise<number> {
  let changed = 0;
  for (const e of await deps.enrolments.inState('handed')) {
    if (!e.campaignId) continue;
    const [r, campaign] = await Promise.all([deps.campaigns.getRecipient(recipientIdFor(e)), deps.campaigns.getCampaign(e.campaignId)]);
    const event = followRecipient(r, campaign?.steps.length ?? 1);
    if (event && (await deps.enrolments.apply(e.id, event, now))) changed++;
  }
  return changed;
}

/** An EnrolmentStore in memory (tests). */
export function createMemoryEnrolmentStore(initial: readonly Enrolment[] = []): EnrolmentStore & { all(): Enrolment[] } {
  const rows = new Map(initial.map((e) => [e.id, structuredClone(e)]));
  return {
    inState: async (state) => [...rows.values()].filter((e) => e.state === state).map((e) => structuredClone(e)),
    get: async (id) => structuredClone(rows.get(id)),
    async apply(id, event, now) {
      const row = rows.get(id);
      const next = row && applyEnrolmentEvent(row, event, now);
      if (next) rows.set(id, next);
      return next && structuredClone(next);
    },
    all: () => [...rows.values()].map((e) => structuredClone(e)),
  };
}
