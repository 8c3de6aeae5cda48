import type { CampaignStep } from '../campaigns/types';

/**
 * An enrolment's life: awaiting-approval → approved (the owner approved or edited the first message, or the
 * sequence sends without approval) → handed (a campaign of the existing engine now sends it, with its quota,
 * pacing, exactly-once and stop rules) → done; skipped by the owner; stopped by a reply, a bounce, an
 * unsubscribe or do-not-contact before the engine took over (after that the engine's own stop rules apply).
 */
export const ENROLMENT_STATES = ['awaiting-approval', 'approved', 'handed', 'done', 'skipped', 'stopped'] as const;
export type EnrolmentState = (typeof ENROLMENT_STATES)[number];

/** Why an enrolment stopped: the contact's answer or status, or what the engine did with its recipient once handed. */
export const ENROLMENT_STOP_REASONS = ['replied', 'bounced', 'unsubscribed', 'do-not-contact', 'cancelled', 'failed', 'not-sendable'] as const;
export type EnrolmentStopReason = (typeof ENROLMENT_STOP_REASONS)[number];

/** A campaign template that starts per contact when a playbook enrols them. */
export interface Sequence {
  id: string;
  name: string;
  steps: CampaignStep[];
  /** Send the first message without the owner's approval. */
  sendWithoutApproval: boolean;
  /** A contact may be in this sequence while in another one. */
  allowConcurrent: boolean;
}

export interface Enrolment {
  /** The planned enrol action's key: applying the same plan twice finds this row and enrols nobody again. */
  id: string;
  contactId: number;
  sequenceId: string;
  playbookId?: string;
  state: EnrolmentState;
  createdAt: number;
  updatedAt: number;
  /** The owner's edit of the first message, sent instead of the template's. */
  edited?: { subject: string; body: string };
  stopReason?: EnrolmentStopReason;
  /** The engine campaign that sends it, once handed. */
  campaignId?: string;
}

export type EnrolmentEvent =
  { type: 'approve' } | { type: 'edit'; subject: string; body: string } | { type: 'skip' } | { type: 'hand'; campaignId: string } | { type: 'finish' } | { type: 'stop'; reason: EnrolmentStopReason };

const ALLOWED: Record<EnrolmentState, readonly EnrolmentEvent['type'][]> = {
  'awaiting-approval': ['approve', 'edit', 'skip', 'stop'],
  approved: ['hand', 'skip', 'stop'],
  handed: ['finish', 'stop'],
  done: [],
  skipped: [],
  stopped: [],
};

/** States in which a contact counts as being in the sequence. */
export const ACTIVE_STATES: readonly EnrolmentState[] = ['awaiting-approval', 'approved', 'handed'];

/** Whether an event may happen to an enrolment in this state. */
export function canApply(state: EnrolmentState, event: EnrolmentEvent['type']): boolean {
  return ALLOWED[state].includes(event);
}

/** The enrolment after an event, or undefined when the event is not allowed in its state. */
export function applyEnrolmentEvent(e: Enrolment, event: EnrolmentEvent, now: number): Enrolment | undefined {
  if (!canApply(e.state, event.type)) return undefined;
  const next = { ...e, updatedAt: now };
  switch (event.type) {
    case 'approve':
      return { ...next, state: 'approved' };
    case 'edit':
      return { ...next, state: 'approved', edited: { subject: event.subject, body: event.body } };
    case 'skip':
      return { ...next, state: 'skipped' };
    case 'hand':
      return { ...next, state: 'handed', campaignId: event.campaignId };
    case 'finish':
      return { ...next, state: 'done' };
    case 'stop':
      return { ...next, state: 'stopped', stopReason: event.reason };
  }
}

export type EnrolDecision = { enrolment: Enrolment } | { refused: 'already-applied' | 'in-another-sequence' | 'already-in-sequence' | 'do-not-contact' };

/**
 * Whether a planned enrolment may start, given the contact's enrolments so far: never twice for one action key,
 * never twice in one sequence at once, never in two sequences at once unless both allow it, never to do-not-contact.
 * Starts awaiting approval, or approved when the sequence sends without approval.
 */
export function decideEnrolment(
  action: { key: string; contactId: number; sequenceId: string; playbookId?: string },
  sequence: Pick<Sequence, 'id' | 'sendWithoutApproval' | 'allowConcurrent'>,
  contact: { doNotContact: 0 | 1 },
  existing: readonly Enrolment[],
  sequences: ReadonlyMap<string, Pick<Sequence, 'allowConcurrent'>>,
  now: number,
): EnrolDecision {
  if (existing.some((e) => e.id === action.key)) return { refused: 'already-applied' };
  if (contact.doNotContact === 1) return { refused: 'do-not-contact' };
  const active = existing.filter((e) => e.contactId === action.contactId && ACTIVE_STATES.includes(e.state));
  if (active.some((e) => e.sequenceId === sequence.id)) return { refused: 'already-in-sequence' };
  if (active.some((e) => !sequence.allowConcurrent || !sequences.get(e.sequenceId)?.allowConcurrent)) return { refused: 'in-another-sequence' };
  return {
    enrolment: {
      id: action.key,
      contactId: action.contactId,
      sequenceId: sequence.id,
      ...(action.playbookId ? { playbookId: action.playbookId } : {}),
      state: sequence.sendWithoutApproval ? 'approved' : 'awaiting-approval',
      createdAt: now,
      updatedAt: now,
    },
  };
}

/** The approval queue: enrolments awaiting approval, optionally one owner's (by the contacts' owners), oldest first. */
export function approvalQueue(enrolments: readonly Enrolment[], ownerOf?: (contactId: number) => string | undefined, owner?: string): Enrolment[] {
  const wanted = owner?.toLowerCase();
  return enrolments
    .filter((e) => e.state === 'awaiting-approval' && (wanted === undefined || ownerOf?.(e.contactId)?.toLowerCase() === wanted))
    .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
}

/** A campaign id (the engine's `[A-Za-z0-9-]{1,64}`) derived from the enrolment, so handing it twice names one campaign. */
export function campaignIdFor(enrolmentId: string): string {
  // Two FNV-1a 32-bit hashes with different offsets: 64 bits, plenty for one book's enrolments.
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < enrolmentId.length; i++) {
    const c = enrolmentId.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x811c9dc5 | 1) >>> 0;
  }
  return `seq-${a.toString(16).padStart(8, '0')}${b.toString(16).padStart(8, '0')}`;
}
