import { describe, expect, it } from 'vitest';
import { alertParams, badgeText, detectAlerts, localDay, type AlertSubject } from '../../../lib/churn/alerts';
import { DEFAULT_RULES } from '../../../lib/churn/rules-config';
import { scoreWith } from '../../../lib/churn/scorer';
import type { Contact } from '../../../lib/db/types';
import { config, contact, DAY, email, NOW } from './fixtures';

const detect = (c: Contact | (AlertSubject & Contact), rows: Parameters<typeof scoreWith>[2], opts: { now?: number; timeZone?: string } = {}) => {
  const now = opts.now ?? NOW;
  const { risk, input } = scoreWith(config({}, { timeZone: opts.timeZone ?? 'UTC' }), c, rows, now);
  return detectAlerts(c, risk, input, DEFAULT_RULES, { now, timeZone: opts.timeZone });
};

describe('detectAlerts', () => {
  it('raises one alert per unanswered message, keyed by its message id', () => {
    const rows = [email('in', NOW - 5 * DAY, { messageId: 'a1', threadId: 'x' }), email('in', NOW - 4 * DAY, { messageId: 'a2', threadId: 'y' })];
    const alerts = detect(contact({ id: 7 }), rows).filter((a) => a.kind === 'unanswered');
    expect(alerts.map((a) => a.key)).toEqual(['7:unanswered:a1', '7:unanswered:a2']);
    expect(alertParams(alerts[0].detail)).toEqual({ days: 5 });
    // Detecting again gives the same keys: the store adds nothing twice.
    expect(
      detect(contact({ id: 7 }), rows)
        .filter((a) => a.kind === 'unanswered')
        .map((a) => a.key),
    ).toEqual(alerts.map((a) => a.key));
  });

  it('raises no alert for an unanswered message older than 30 days (it still counts in the score)', () => {
    const rows = [email('in', NOW - 31 * DAY, { messageId: 'old' })];
    expect(detect(contact(), rows).some((a) => a.kind === 'unanswered')).toBe(false);
    expect(detect(contact(), [email('in', NOW - 29 * DAY, { messageId: 'recent' })]).some((a) => a.kind === 'unanswered')).toBe(true);
  });

  it('waits 2 working days: a Friday message is not overdue on Monday', () => {
    const friday = Date.parse('2026-03-06T15:00:00Z');
    const rows = [email('in', friday, { messageId: 'f' })];
    expect(detect(contact(), rows, { now: Date.parse('2026-03-09T20:00:00Z') }).some((a) => a.kind === 'unanswered')).toBe(false);
    expect(detect(contact(), rows, { now: Date.parse('2026-03-10T15:00:00Z') }).some((a) => a.kind === 'unanswered')).toBe(true);
  });

  it('does not raise unanswered once we replied', () => {
    const rows = [email('in', NOW - 5 * DAY, { messageId: 'q' }), email('out', NOW - 4 * DAY, { inReplyTo: 'q' } as never)];
    expect(detect(contact(), rows).some((a) => a.kind === 'unanswered')).toBe(false);
  });

  it('raises intent for a recent message with churn wording, not for an old one or a negated one', () => {
    const rows = [
      email('in', NOW - 3 * DAY, { messageId: 'new', threadId: 'a', snippet: 'We want to cancel and get a refund.' }),
      email('in', NOW - 40 * DAY, { messageId: 'old', threadId: 'b', snippet: 'We will cancel.' }),
      email('in', NOW - 2 * DAY, { messageId: 'neg', threadId: 'c', snippet: 'We are not cancelling.' }),
    ];
    const intent = detect(contact({ id: 3 }), rows).filter((a) => a.kind === 'intent');
    expect(intent.map((a) => a.key)).toEqual(['3:intent:new']);
    expect(alertParams(intent[0].detail)).toEqual({ phrases: 'cancel, refund', quotes: '[["cancel","cancel"],["refund","get a refund"]]' });
  });

  it('raises high risk only when crossing into the high band, keyed by the local day', () => {
    const rows = [email('in', NOW - 3 * DAY, { snippet: 'We will cancel, too expensive, switching to a competitor.' }), email('in', NOW - 4 * DAY, { threadId: 'z' })];
    const c = contact({ id: 5, stage: 'at-risk', custom: { paymentStatus: 'failed' } });
    const first = detect({ ...c, riskBand: 'medium' }, rows).filter((a) => a.kind === 'high-risk');
    expect(first.map((a) => a.key)).toEqual(['5:high-risk:2026-03-10']);
    expect(detect({ ...c, riskBand: 'high' }, rows).some((a) => a.kind === 'high-risk')).toBe(false);
    // 23:30 UTC on the 10th is already the 11th in Tokyo.
    const late = Date.parse('2026-03-10T23:30:00Z');
    expect(detect({ ...c, riskBand: 'low' }, rows, { now: late, timeZone: 'Asia/Tokyo' }).find((a) => a.kind === 'high-risk')?.key).toBe('5:high-risk:2026-03-11');
  });

  it('raises payment overdue from the mapped field, once per status and month', () => {
    const alerts = detect(contact({ id: 2, custom: { paymentStatus: ' Past Due ' } }), []).filter((a) => a.kind === 'payment-overdue');
    expect(alerts.map((a) => a.key)).toEqual(['2:payment-overdue:past due:2026-03']);
    expect(detect(contact({ custom: { paymentStatus: 'paid' } }), []).some((a) => a.kind === 'payment-overdue')).toBe(false);
  });

  it('raises renewal-silent when the renewal is within 30 days and nobody wrote for 30, keyed by the renewal day', () => {
    const renewing = contact({ id: 4, custom: { renewalAt: '2026-03-30' } });
    const quiet = [email('in', NOW - 45 * DAY), email('out', NOW - 44 * DAY)];
    const alerts = detect(renewing, quiet).filter((a) => a.kind === 'renewal-silent');
    expect(alerts.map((a) => a.key)).toEqual(['4:renewal-silent:2026-03-30']);
    expect(alertParams(alerts[0].detail)).toEqual({ days: 20, silentDays: 44 });
    expect(detect(renewing, [email('in', NOW - 10 * DAY)]).some((a) => a.kind === 'renewal-silent')).toBe(false);
    expect(detect(contact({ custom: { renewalAt: '2026-06-30' } }), quiet).some((a) => a.kind === 'renewal-silent')).toBe(false);
    expect(alertParams(detect(renewing, []).find((a) => a.kind === 'renewal-silent')?.detail).silentDays).toBe(-1);
  });

  it('raises nothing for a contact not scored for churn: churned, lead, do-not-contact', () => {
    const troubled = { custom: { paymentStatus: 'overdue' } };
    const rows = [email('in', NOW - 5 * DAY, { snippet: 'We will cancel.' })];
    expect(
      detect(contact(troubled), rows)
        .map((a) => a.kind)
        .sort(),
    ).toEqual(['intent', 'payment-overdue', 'unanswered']);
    expect(detect(contact({ ...troubled, stage: 'churned' }), rows)).toEqual([]);
    expect(detect(contact({ ...troubled, stage: 'lead' }), rows)).toEqual([]);
    expect(detect(contact({ ...troubled, doNotContact: 1 }), rows)).toEqual([]);
    // An at-risk customer and an advocate are customers: they raise alerts.
    expect(detect(contact({ ...troubled, stage: 'at-risk' }), rows).length).toBeGreaterThan(0);
    expect(detect(contact({ ...troubled, stage: 'advocate' }), rows).length).toBeGreaterThan(0);
  });
});

describe('localDay', () => {
  it('is the calendar day on the wall clock of the zone', () => {
    expect(localDay(Date.parse('2026-03-10T23:30:00Z'), 'UTC')).toBe('2026-03-10');
    expect(localDay(Date.parse('2026-03-10T23:30:00Z'), 'Asia/Tokyo')).toBe('2026-03-11');
    expect(localDay(Date.parse('2026-03-10T03:00:00Z'), 'America/New_York')).toBe('2026-03-09');
  });
});

describe('badgeText', () => {
  it('is empty for no open alerts and caps at 999+', () => {
    expect(badgeText(0)).toBe('');
    expect(badgeText(-1)).toBe('');
    expect(badgeText(1)).toBe('1');
    expect(badgeText(999)).toBe('999');
    expect(badgeText(1000)).toBe('999+');
  });
});

describe('alertParams', () => {
  it('reads the stored detail and tolerates a broken one', () => {
    expect(alertParams('{"days":3}')).toEqual({ days: 3 });
    expect(alertParams('not json')).toEqual({});
    expect(alertParams(undefined)).toEqual({});
    expect(alertParams('[1]')).toEqual({});
  });
});
