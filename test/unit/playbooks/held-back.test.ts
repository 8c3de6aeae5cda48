import { describe, expect, it } from 'vitest';
import type { Campaign, Recipient } from '../../../lib/campaigns/types';
import { handOffWait, heldBack, type HeldBackInput } from '../../../lib/playbooks/held-back';
import type { Enrolment, Sequence } from '../../../lib/playbooks/sequence';

const NOW = Date.UTC(2026, 11, 2, 9);
const winBack: Sequence = { id: 'win-back', name: 'Win-back', steps: [{ templateId: 1, delayDays: 0, condition: 'no-reply' }], sendWithoutApproval: false, allowConcurrent: false };
const onboarding: Sequence = { ...winBack, id: 'onboarding', name: 'Onboarding' };
const enrolment = (contactId: number, state: Enrolment['state'], sequenceId = 'win-back', createdAt = NOW - contactId * 1000): Enrolment => ({
  id: `pb:x:${contactId}:${sequenceId}`,
  contactId,
  sequenceId,
  state,
  createdAt,
  updatedAt: createdAt,
});
type CampaignFacts = Pick<Campaign, 'id' | 'status' | 'quotaWaitUntil'>;

function input(
  over: Partial<{ sender: string | undefined; campaigns: Record<string, CampaignFacts>; sequences: Sequence[]; recipients: Record<string, Pick<Recipient, 'state' | 'nextAttemptAt'>> }> = {},
): HeldBackInput {
  const sequences = new Map((over.sequences ?? [winBack, onboarding]).map((s) => [s.id, s]));
  const campaigns = over.campaigns ?? {};
  const recipients = over.recipients ?? {};
  return {
    now: NOW,
    senderAddress: 'sender' in over ? over.sender : 'alex@kizuna-demo.com',
    sequence: (id) => sequences.get(id),
    campaign: (id) => campaigns[id],
    recipient: (e) => recipients[e.id],
  };
}

describe('handOffWait (the hand-off and the approvals page share it)', () => {
  it('names the first thing in the way: the sequence, then the sender, then a cancelled campaign', () => {
    expect(handOffWait({ sequence: undefined, campaign: undefined, senderAddress: undefined })).toBe('deleted-sequence');
    expect(handOffWait({ sequence: winBack, campaign: { status: 'cancelled' }, senderAddress: '' })).toBe('no-sender');
    expect(handOffWait({ sequence: winBack, campaign: { status: 'cancelled' }, senderAddress: 'a@b.example' })).toBe('campaign-cancelled');
    expect(handOffWait({ sequence: winBack, campaign: { status: 'paused' }, senderAddress: 'a@b.example' })).toBeUndefined();
    expect(handOffWait({ sequence: winBack, campaign: undefined, senderAddress: 'a@b.example' })).toBeUndefined();
  });
});

describe('heldBack: approved enrolments that are not going out, with the reason', () => {
  it('lists approved ones the hand-off leaves waiting: no sender address, a deleted sequence, a cancelled campaign', () => {
    const rows = [enrolment(1, 'approved'), enrolment(2, 'approved', 'gone'), enrolment(3, 'awaiting-approval'), enrolment(4, 'stopped')];
    expect(heldBack(rows, input({ sender: undefined })).map((h) => [h.enrolment.contactId, h.reason])).toEqual([
      [2, 'deleted-sequence'],
      [1, 'no-sender'],
    ]);
    const cancelled = input({ campaigns: { 'win-back': { id: 'seq-win-back', status: 'cancelled' } } });
    expect(heldBack(rows, cancelled)).toEqual([
      { enrolment: rows[1], reason: 'deleted-sequence' },
      { enrolment: rows[0], reason: 'campaign-cancelled', campaignId: 'seq-win-back' },
    ]);
  });

  it('nothing in the way: an approved enrolment is about to be handed, not held', () => {
    expect(heldBack([enrolment(1, 'approved')], input())).toEqual([]);
    expect(heldBack([enrolment(1, 'approved')], input({ campaigns: { 'win-back': { id: 'c', status: 'running' } } }))).toEqual([]);
  });

  it('a paused campaign holds approved ones and handed ones with a message due; the way out is resuming that campaign', () => {
    const due = enrolment(2, 'handed');
    const later = enrolment(3, 'handed');
    const sent = enrolment(4, 'handed');
    const got = heldBack(
      [enrolment(1, 'approved'), due, later, sent, enrolment(5, 'approved', 'onboarding')],
      input({
        campaigns: { 'win-back': { id: 'c-wb', status: 'paused' } },
        recipients: { [due.id]: { state: 'queued', nextAttemptAt: NOW - 1 }, [later.id]: { state: 'queued', nextAttemptAt: NOW + 86_400_000 }, [sent.id]: { state: 'sent' } },
      }),
    );
    expect(got.map((h) => [h.enrolment.contactId, h.reason, h.campaignId])).toEqual([
      [2, 'campaign-paused', 'c-wb'],
      [1, 'campaign-paused', 'c-wb'],
    ]);
  });

  it('a campaign waiting for the daily quota holds due messages until the quota allows, with that time', () => {
    const due = enrolment(2, 'handed');
    const until = NOW + 3 * 3_600_000;
    const waiting = input({ campaigns: { 'win-back': { id: 'c-wb', status: 'running', quotaWaitUntil: until } }, recipients: { [due.id]: { state: 'retrying', nextAttemptAt: NOW } } });
    expect(heldBack([due, enrolment(1, 'approved')], waiting)).toEqual([
      { enrolment: due, reason: 'quota-reached', campaignId: 'c-wb', until },
      { enrolment: enrolment(1, 'approved'), reason: 'quota-reached', campaignId: 'c-wb', until },
    ]);
    // A quota wait that is over is not a reason any more.
    expect(heldBack([due], input({ campaigns: { 'win-back': { id: 'c-wb', status: 'running', quotaWaitUntil: NOW } }, recipients: { [due.id]: { state: 'queued' } } }))).toEqual([]);
  });
});
