import { describe, expect, it } from 'vitest';
import { churnInputOf, defaultFieldMapping, mailEventsOf, scoreContact } from '../../../lib/churn/from-activities';
import { DEFAULT_RULES, type RulesConfig } from '../../../lib/churn/rules-config';
import type { Activity } from '../../../lib/db/types';
import { contact, DAY, email, HOUR, NOW } from '../risk/fixtures';

/** Newest first, as use-contact-data gives them. */
const newestFirst = (rows: Activity[]) => [...rows].sort((a, b) => b.at - a.at);

const healthy = newestFirst([
  email('in', NOW - 20 * DAY),
  email('out', NOW - 20 * DAY + 2 * HOUR),
  email('in', NOW - 9 * DAY),
  email('out', NOW - 9 * DAY + 3 * HOUR),
  email('in', NOW - 2 * DAY, { snippet: 'Great work, we are not cancelling anything.' }),
  email('out', NOW - 2 * DAY + HOUR),
]);

const drifting = newestFirst([
  email('in', NOW - 40 * DAY),
  email('out', NOW - 40 * DAY + 5 * HOUR),
  email('in', NOW - 6 * DAY, { threadId: 't2', subject: 'Our contract', snippet: 'We are thinking of switching to a competitor.' }),
  email('in', NOW - 5 * DAY, { threadId: 't2', subject: 'Our contract', snippet: 'Please tell us how to cancel.' }),
]);

describe('mailEventsOf', () => {
  it('keeps only emails, and searches a thread subject once', () => {
    const rows = [
      email('in', NOW - 3 * DAY, { subject: 'Cancel my plan', snippet: 'hi' }),
      email('in', NOW - 2 * DAY, { subject: 'Cancel my plan', snippet: 'hello?' }),
      { id: 99, kind: 'note', contactIds: [1], at: NOW, text: 'cancel' } as Activity,
    ];
    const events = mailEventsOf(rows);
    expect(events).toHaveLength(2);
    expect(events.map((e) => e.text)).toEqual(['Cancel my plan\nhi', 'hello?']);
  });

  it('searches a thread subject with their first message addressed to the user', () => {
    const rows = [
      email('in', NOW - 3 * DAY, { subject: 'Cancel my plan', snippet: 'to the team', flags: ['mbox', 'not-to-me'] }),
      email('in', NOW - 2 * DAY, { subject: 'Cancel my plan', snippet: 'hello?' }),
    ];
    expect(mailEventsOf(rows).map((e) => e.text)).toEqual(['to the team', 'Cancel my plan\nhello?']);
    expect(churnInputOf(contact(), rows, NOW).mail).toMatchObject({ inbound: 2, intentHits: 1 });
  });

  it('reads precomputed intent flags and leaves undated messages undated', () => {
    const [e] = mailEventsOf([email('in', NOW, { flags: ['date-unknown', 'intent:refund'] })]);
    expect(e.at).toBeNull();
    expect(e.intent).toEqual(['refund']);
  });

  it('ignores messages of other people in the thread', () => {
    const rows = [email('in', NOW - 5 * DAY, { from: 'boss@acme.example', snippet: 'We will cancel.' })];
    const input = churnInputOf(contact(), rows, NOW);
    expect(input.mail?.inbound).toBe(0);
    expect(input.mail?.intentHits).toBe(0);
  });
});

describe('scoreContact', () => {
  it('scores an unanswered message with churn wording above a healthy back-and-forth', () => {
    const good = scoreContact(contact(), healthy, NOW);
    const bad = scoreContact(contact(), drifting, NOW);
    expect(good.score).toBe(0);
    expect(good.band).toBe('low');
    expect(good.reasons).toEqual([{ key: 'recentEngagement', params: { days: 2 }, points: -8 }]);
    expect(bad.score).toBeGreaterThan(good.score);
    expect(bad.band).not.toBe('low');
    expect(bad.reasons.map((r) => r.key)).toEqual(expect.arrayContaining(['churnIntent', 'unansweredInbound']));
    expect(bad.reasons.find((r) => r.key === 'unansweredInbound')).toEqual({ key: 'unansweredInbound', params: { count: 2, days: 6 }, points: 18 });
  });

  it('sorts reasons by |points|, largest first', () => {
    const c = contact({ stage: 'advocate', customerSince: NOW - 1000 * DAY, custom: { NPS: '3' } });
    const { reasons } = scoreContact(c, drifting, NOW);
    expect(reasons.length).toBeGreaterThan(3);
    const sizes = reasons.map((r) => Math.abs(r.points));
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    expect(reasons.some((r) => r.points < 0)).toBe(true);
    expect(reasons.find((r) => r.key === 'npsDetractor')?.points).toBe(15);
  });

  it('is deterministic for a given now, whatever the order of the rows', () => {
    const a = scoreContact(contact(), drifting, NOW);
    const b = scoreContact(contact(), [...drifting].reverse(), NOW);
    expect(b).toEqual(a);
    expect(scoreContact(contact(), drifting, NOW)).toEqual(a);
  });

  it('gets older as now moves on', () => {
    const later = NOW + 100 * DAY;
    const result = scoreContact(contact(), healthy, later);
    expect(result.reasons.map((r) => r.key)).toContain('theirSilence');
    expect(result.score).toBeGreaterThan(0);
  });

  it('reads CRM signals from custom fields named like them, or as mapped', () => {
    const c = contact({ custom: { paymentStatus: 'Overdue', renew: '2026-03-20' } });
    expect(defaultFieldMapping(c.custom)).toEqual({ paymentStatus: 'paymentStatus' });
    const mapped = scoreContact(c, [], NOW, DEFAULT_RULES, { mapping: { renewalAt: 'renew' } });
    expect(mapped.reasons.map((r) => r.key)).toEqual(['renewalSilent', 'renewalSoon']);
    expect(scoreContact(c, [], NOW).reasons).toEqual([{ key: 'payment', params: { status: 'overdue' }, points: 20 }]);
  });

  it('uses the rules config it is given', () => {
    const rules: RulesConfig = structuredClone(DEFAULT_RULES);
    rules.intent.enabled = false;
    const result = scoreContact(contact(), drifting, NOW, rules);
    expect(result.reasons.map((r) => r.key)).not.toContain('churnIntent');
  });

  it('scores a contact with no history at all', () => {
    expect(scoreContact(contact(), [], NOW)).toEqual({ score: 0, band: 'low', reasons: [] });
  });
});
