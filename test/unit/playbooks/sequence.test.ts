import { describe, expect, it } from 'vitest';
import { ENROLMENT_STATES, applyEnrolmentEvent, approvalQueue, campaignIdFor, decideEnrolment, type Enrolment, type EnrolmentEvent, type Sequence } from '../../../lib/playbooks/sequence';

const NOW = Date.UTC(2026, 11, 2);
const winBack: Sequence = { id: 'win-back', name: 'Win-back', steps: [{ templateId: 1, delayDays: 0, condition: 'no-reply' }], sendWithoutApproval: false, allowConcurrent: false };
const onboarding: Sequence = { ...winBack, id: 'onboarding', name: 'Onboarding' };
const sequences = new Map([winBack, onboarding].map((s) => [s.id, s]));
const action = (key: string, sequenceId = 'win-back', contactId = 1) => ({ key, contactId, sequenceId, playbookId: 'pb' });
const enrolled = (over: Partial<Enrolment> = {}): Enrolment => ({ id: 'k1', contactId: 1, sequenceId: 'win-back', state: 'awaiting-approval', createdAt: NOW, updatedAt: NOW, ...over });

describe('decideEnrolment', () => {
  const ok = { doNotContact: 0 as const };
  it('waits for approval by default, and is approved at once when the sequence sends without approval', () => {
    expect(decideEnrolment(action('k1'), winBack, ok, [], sequences, NOW)).toEqual({
      enrolment: { id: 'k1', contactId: 1, sequenceId: 'win-back', playbookId: 'pb', state: 'awaiting-approval', createdAt: NOW, updatedAt: NOW },
    });
    const auto = decideEnrolment(action('k1'), { ...winBack, sendWithoutApproval: true }, ok, [], sequences, NOW);
    expect('enrolment' in auto && auto.enrolment.state).toBe('approved');
  });
  it('never applies one action twice, nor enrols twice in a sequence, nor a do-not-contact', () => {
    expect(decideEnrolment(action('k1'), winBack, ok, [enrolled({ state: 'done' })], sequences, NOW)).toEqual({ refused: 'already-applied' });
    expect(decideEnrolment(action('k2'), winBack, ok, [enrolled()], sequences, NOW)).toEqual({ refused: 'already-in-sequence' });
    expect(decideEnrolment(action('k2'), winBack, { doNotContact: 1 }, [], sequences, NOW)).toEqual({ refused: 'do-not-contact' });
    // Once the first one is over, the contact may be enrolled again.
    expect('enrolment' in decideEnrolment(action('k2'), winBack, ok, [enrolled({ state: 'stopped', stopReason: 'replied' })], sequences, NOW)).toBe(true);
  });
  it('never two sequences at once unless both allow it', () => {
    const inWinBack = [enrolled({ state: 'handed' })];
    expect(decideEnrolment(action('k2', 'onboarding'), onboarding, ok, inWinBack, sequences, NOW)).toEqual({ refused: 'in-another-sequence' });
    const loose = new Map([
      ['win-back', { allowConcurrent: true }],
      ['onboarding', { allowConcurrent: true }],
    ]);
    expect(decideEnrolment(action('k2', 'onboarding'), { ...onboarding, allowConcurrent: true }, ok, inWinBack, loose, NOW)).toHaveProperty('enrolment');
    expect(decideEnrolment(action('k2', 'onboarding'), { ...onboarding, allowConcurrent: true }, ok, inWinBack, sequences, NOW)).toEqual({ refused: 'in-another-sequence' });
  });
});

describe('the enrolment state machine', () => {
  const events: EnrolmentEvent[] = [
    { type: 'approve' },
    { type: 'edit', subject: 's', body: 'b' },
    { type: 'skip' },
    { type: 'hand', campaignId: 'c' },
    { type: 'finish' },
    { type: 'stop', reason: 'replied' },
  ];
  it('allows exactly these moves', () => {
    const table = Object.fromEntries(ENROLMENT_STATES.map((s) => [s, events.filter((e) => applyEnrolmentEvent(enrolled({ state: s }), e, NOW + 1)).map((e) => e.type)]));
    expect(table).toEqual({
      'awaiting-approval': ['approve', 'edit', 'skip', 'stop'],
      approved: ['skip', 'hand', 'stop'],
      handed: ['finish', 'stop'],
      done: [],
      skipped: [],
      stopped: [],
    });
  });
  it('approve → hand → finish; edit keeps the owner’s message; a reply stops it', () => {
    const approved = applyEnrolmentEvent(enrolled(), { type: 'edit', subject: 'Hi', body: 'Can we talk?' }, NOW + 1)!;
    expect(approved).toMatchObject({ state: 'approved', edited: { subject: 'Hi', body: 'Can we talk?' }, updatedAt: NOW + 1 });
    const handed = applyEnrolmentEvent(approved, { type: 'hand', campaignId: campaignIdFor(approved.id) }, NOW + 2)!;
    expect(handed).toMatchObject({ state: 'handed', campaignId: campaignIdFor('k1') });
    expect(applyEnrolmentEvent(handed, { type: 'stop', reason: 'replied' }, NOW + 3)).toMatchObject({ state: 'stopped', stopReason: 'replied' });
    expect(applyEnrolmentEvent(handed, { type: 'finish' }, NOW + 3)?.state).toBe('done');
  });
  it('names one engine campaign per enrolment, in the engine’s id alphabet', () => {
    expect(campaignIdFor('pb:x:1:band:high:2026-12-02:2')).toMatch(/^[A-Za-z0-9-]{1,64}$/);
    expect(campaignIdFor('a')).toBe(campaignIdFor('a'));
    expect(campaignIdFor('a')).not.toBe(campaignIdFor('b'));
  });
});

describe('approvalQueue', () => {
  it('lists what waits for approval, oldest first, for one owner', () => {
    const rows = [enrolled({ id: 'b', createdAt: 3 }), enrolled({ id: 'a', contactId: 2, createdAt: 2 }), enrolled({ id: 'c', state: 'approved', createdAt: 1 })];
    expect(approvalQueue(rows).map((e) => e.id)).toEqual(['a', 'b']);
    const owners = new Map([
      [1, 'cs@example.com'],
      [2, 'rep@example.com'],
    ]);
    expect(approvalQueue(rows, (id) => owners.get(id), 'CS@example.com').map((e) => e.id)).toEqual(['b']);
  });
});
