import { describe, expect, it } from 'vitest';
import { mailboxSignals, median, type MailEvent } from '../../../lib/churn/signals';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const NOW = Date.parse('2026-03-10T12:00:00Z'); // a Tuesday
const inbound = (at: number | null | undefined, extra: Partial<MailEvent> = {}): MailEvent => ({ direction: 'in', at, ...extra });
const outbound = (at: number | null | undefined, extra: Partial<MailEvent> = {}): MailEvent => ({ direction: 'out', at, ...extra });

describe('mailbox signals', () => {
  it('days since their last message and since ours', () => {
    const s = mailboxSignals([inbound(NOW - 3.5 * DAY), inbound(NOW - 10 * DAY), outbound(NOW - 12 * DAY)], { now: NOW });
    expect(s.daysSinceTheirLast).toBe(3);
    expect(s.daysSinceOurLast).toBe(12);
    expect(s.theirLastAt).toBe(NOW - 3.5 * DAY);
    expect(s.inbound).toBe(2);
    expect(s.outbound).toBe(1);
  });

  it('is null when there is no message in that direction', () => {
    const s = mailboxSignals([outbound(NOW - DAY)], { now: NOW });
    expect(s.daysSinceTheirLast).toBeNull();
    expect(s.medianReplyHours).toBeNull();
    expect(s.volumeRatio).toBeNull();
  });

  it('volume: last 30 days against the 90 before, per 30 days', () => {
    const days = [1, 20, 40, 50, 70, 100, 110, 119, 130];
    const s = mailboxSignals(
      days.map((d) => inbound(NOW - d * DAY)),
      { now: NOW },
    );
    expect(s.inboundLast30).toBe(2);
    expect(s.inboundPrev90).toBe(6);
    expect(s.volumeRatio).toBeCloseTo(1, 10);
  });

  it('median reply time over our replies, timed by In-Reply-To; References answer without a time', () => {
    const events = [
      inbound(NOW - 5 * DAY, { messageId: '<a@x>' }),
      outbound(NOW - 5 * DAY + HOUR, { inReplyTo: '<a@x>' }),
      inbound(NOW - 4 * DAY, { messageId: 'b@x' }),
      outbound(NOW - 4 * DAY + 3 * HOUR, { references: ['<z@x>', '<b@x>'] }),
      inbound(NOW - 3 * DAY, { messageId: '<c@x>' }),
      outbound(NOW - 3 * DAY + 10 * HOUR, { inReplyTo: '<c@x>' }),
      // A second reply to the same message is not a reply time.
      outbound(NOW - 2 * DAY, { inReplyTo: '<c@x>' }),
    ];
    const s = mailboxSignals(events, { now: NOW });
    expect(s.medianReplyHours).toBeCloseTo(5.5, 10);
    expect(s.replySamples).toBe(2);
    expect(s.unanswered).toBe(0);
  });

  it('one reply to two waiting messages is timed from the earlier one', () => {
    const events = [inbound(NOW - 5 * DAY, { threadId: 't' }), inbound(NOW - 5 * DAY + 2 * HOUR, { threadId: 't' }), outbound(NOW - 5 * DAY + 6 * HOUR, { threadId: 't' })];
    expect(mailboxSignals(events, { now: NOW }).medianReplyHours).toBeCloseTo(6, 10);
  });

  it('unanswered after 2 working days, in the given time zone', () => {
    const now = Date.parse('2026-03-10T18:00:00Z');
    const events = [inbound(Date.parse('2026-03-06T20:00:00Z'), { threadId: 't1' }), inbound(now - HOUR, { threadId: 't2' })];
    expect(mailboxSignals(events, { now }).unanswered).toBe(0);
    const tokyo = mailboxSignals(events, { now, timeZone: 'Asia/Tokyo' });
    expect(tokyo.unanswered).toBe(1);
    expect(tokyo.oldestUnansweredDays).toBe(3);
  });

  it('a reply in another thread does not answer', () => {
    const events = [inbound(NOW - 6 * DAY, { threadId: 't1', messageId: 'a' }), outbound(NOW - 5 * DAY, { threadId: 't2', inReplyTo: 'zzz' })];
    const s = mailboxSignals(events, { now: NOW });
    expect(s.unanswered).toBe(1);
    expect(s.oldestUnansweredDays).toBe(6);
  });

  it('without thread information, any later message from us answers', () => {
    const s = mailboxSignals([inbound(NOW - 6 * DAY), outbound(NOW - 5 * DAY)], { now: NOW });
    expect(s.unanswered).toBe(0);
    expect(s.medianReplyHours).toBeCloseTo(24, 10);
  });

  it('in a thread with several people, only the contact’s own messages count', () => {
    const events = [
      inbound(NOW - 6 * DAY, { threadId: 't', from: 'bob@beta.example', messageId: 'b1' }),
      inbound(NOW - 5 * DAY, { threadId: 't', from: 'carol@beta.example', messageId: 'c1', text: 'we will cancel' }),
      // Our answer replies to Carol, in the same thread: Bob's message is answered too, but not timed (the reply names Carol's).
      outbound(NOW - 4 * DAY, { threadId: 't', inReplyTo: 'c1' }),
      inbound(NOW - 4.5 * DAY, { threadId: 'u', from: 'carol@beta.example' }),
    ];
    const s = mailboxSignals(events, { now: NOW, email: 'Bob@Beta.example' });
    expect(s.inbound).toBe(1);
    expect(s.intentHits).toBe(0);
    expect(s.unanswered).toBe(0);
    expect(s.medianReplyHours).toBeNull();
    expect(s.daysSinceTheirLast).toBe(6);
  });

  it('messages without a date are counted but left out of time-based signals', () => {
    const s = mailboxSignals([inbound(undefined, { text: 'cancel' }), inbound(Number.NaN), inbound(null), inbound(NOW - 2 * DAY), outbound(undefined)], { now: NOW });
    expect(s.inbound).toBe(4);
    expect(s.undated).toBe(4);
    expect(s.daysSinceTheirLast).toBe(2);
    expect(s.daysSinceOurLast).toBeNull();
    expect(s.intentHits).toBe(0);
  });

  it('intent hits in their recent messages only', () => {
    const events = [
      inbound(NOW - 10 * DAY, { text: 'We want to cancel, this is too expensive' }),
      inbound(NOW - 20 * DAY, { text: '解約を検討しています' }),
      inbound(NOW - 90 * DAY, { text: 'we want a refund' }),
      inbound(NOW - 5 * DAY, { text: 'We are not cancelling' }),
      outbound(NOW - 4 * DAY, { text: 'Sorry to hear you want to cancel' }),
      inbound(NOW - 3 * DAY, { intent: ['refund'] }),
    ];
    const s = mailboxSignals(events, { now: NOW });
    expect(s.intentHits).toBe(4);
    expect(s.intentIds).toEqual(['cancel', 'refund', 'tooExpensive']);
    expect(mailboxSignals(events, { now: NOW, intentWindowDays: 120 }).intentHits).toBe(5);
  });

  it('a reply named by In-Reply-To is timed from their first unanswered message of the thread', () => {
    const events = [inbound(NOW - 5 * DAY, { messageId: 'a', threadId: 'a' }), inbound(NOW - 4 * DAY, { messageId: 'b', inReplyTo: 'a' }), outbound(NOW - 3 * DAY, { inReplyTo: 'b', to: ['kim@x'] })];
    const s = mailboxSignals(events, { now: NOW, email: 'kim@x' });
    expect(s.medianReplyHours).toBeCloseTo(48, 10);
    expect(s.unanswered).toBe(0);
  });

  it('a message with reply headers that names none of theirs answers by thread without a time, and only if it is to them', () => {
    const theirs = inbound(NOW - 5 * DAY, { messageId: 'a', threadId: 't' });
    const toThem = outbound(NOW - 4 * DAY, { threadId: 't', replyHeaders: true, to: ['kim@x'] });
    const ccThem = outbound(NOW - 4 * DAY, { threadId: 't', replyHeaders: true, to: ['bob@x'] });
    expect(mailboxSignals([theirs, toThem], { now: NOW, email: 'kim@x' })).toMatchObject({ unanswered: 0, medianReplyHours: null });
    expect(mailboxSignals([theirs, ccThem], { now: NOW, email: 'kim@x' })).toMatchObject({ unanswered: 1, medianReplyHours: null });
  });

  it('their mail without the user in To or Cc is counted and nothing else', () => {
    const s = mailboxSignals([inbound(NOW - 5 * DAY, { toMe: false, text: 'we will cancel' }), inbound(NOW - 40 * DAY)], { now: NOW });
    expect(s).toMatchObject({ inbound: 2, daysSinceTheirLast: 40, inboundLast30: 0, inboundPrev90: 1, unanswered: 1, intentHits: 0 });
  });

  it('keeps the words that matched, the newest three distinct ones, also for ids found earlier', () => {
    const events = [
      inbound(NOW - 9 * DAY, { text: 'Honestly it is too expensive.' }),
      inbound(NOW - 8 * DAY, { text: 'We are looking at other options.' }),
      inbound(NOW - 7 * DAY, { text: 'Still too expensive, and budget cuts.' }),
      // Found by the mailbox import in the whole text; the stored snippet has the words for one of the two ids.
      inbound(NOW - 6 * DAY, { text: '料金が高すぎるため', intent: ['tooExpensive', 'cancel'], messageId: 'x' }),
    ];
    const s = mailboxSignals(events, { now: NOW });
    expect(s.intentHits).toBe(6);
    // "looking at other options" is the oldest wording, and "too expensive" was written again later.
    expect(s.intentQuotes).toEqual([
      { id: 'tooExpensive', text: 'too expensive' },
      { id: 'budget', text: 'budget cuts' },
      { id: 'tooExpensive', text: '料金が高すぎ' },
    ]);
    expect(s.intentMessages?.at(-1)).toEqual({ at: NOW - 6 * DAY, messageId: 'x', ids: ['tooExpensive', 'cancel'], quotes: [{ id: 'tooExpensive', text: '料金が高すぎ' }] });
  });

  it('median of even and odd lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});
