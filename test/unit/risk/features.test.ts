import { describe, expect, it } from 'vitest';
import { contactFeatures, customFeatureKeys, customFeatureValue, effectiveMapping, featureColumns, SIGNAL_FEATURES } from '../../../lib/churn/features';
import { contact, DAY, email, HOUR, NOW } from './fixtures';

describe('contactFeatures', () => {
  const history = [email('in', NOW - 40 * DAY), email('out', NOW - 40 * DAY + 6 * HOUR), email('in', NOW - 6 * DAY, { threadId: 't2', snippet: 'We may cancel and ask for a refund.' })];
  const kim = contact({ customerSince: NOW - 100 * DAY, custom: { renewal: '2026-03-25', pay: 'Overdue', rev: '¥1,200', plan: 'Pro', nps: '4' } });
  const mapping = { renewalAt: 'renewal', paymentStatus: 'pay', revenue: 'rev' };
  const fields = [{ key: 'renewal' }, { key: 'pay' }, { key: 'rev' }, { key: 'plan' }, { key: 'nps' }];

  it('gives the mailbox and CRM signals plus unmapped custom fields, by fixed column names', () => {
    const f = contactFeatures(kim, history, NOW, mapping, fields);
    expect(Object.keys(f)).toEqual(featureColumns(mapping, fields));
    expect(f).toMatchObject({
      theirSilenceDays: 6,
      ourSilenceDays: 39,
      inboundLast30: 1,
      inboundPrev90: 1,
      volumeRatio: 3,
      medianReplyHours: 6,
      unanswered: 1,
      intentHits: 2,
      renewalInDays: 15,
      paymentStatus: 'overdue',
      revenue: 1200,
      tenureDays: 100,
      nps: 4,
      supportTickets: null,
      'custom:plan': 'Pro',
    });
    // Mapped fields and fields named like a signal are not features twice.
    expect(customFeatureKeys(mapping, fields)).toEqual(['plan']);
  });

  it('is blank, not zero, where a signal is unknown', () => {
    const f = contactFeatures(contact(), [], NOW, {}, [{ key: 'plan' }]);
    expect(f.theirSilenceDays).toBeNull();
    expect(f.medianReplyHours).toBeNull();
    expect(f.revenue).toBeNull();
    expect(f['custom:plan']).toBeNull();
    expect(f.inboundLast30).toBe(0);
  });

  it('counts working days in the given time zone', () => {
    // Friday 16:00 UTC: in UTC 8 h of Friday count, so it is overdue at Tuesday 16:00 UTC. In Tokyo it arrived
    // Saturday 01:00, so counting starts Monday 00:00 JST and it is overdue at Wednesday 00:00 JST = Tuesday 15:00 UTC.
    const friday = Date.parse('2026-03-06T16:00:00Z');
    const now = Date.parse('2026-03-10T15:30:00Z');
    const rows = [email('in', friday)];
    expect(contactFeatures(contact(), rows, now, {}, [], { timeZone: 'UTC' }).unanswered).toBe(0);
    expect(contactFeatures(contact(), rows, now, {}, [], { timeZone: 'Asia/Tokyo' }).unanswered).toBe(1);
  });

  it('reads custom dates and numbers typed in full-width digits', () => {
    const now = Date.UTC(2026, 2, 11);
    expect(customFeatureValue('２０２６／０３／０１', now)).toBe(10);
    expect(customFeatureValue('２０２６年３月１日', now)).toBe(10);
    expect(customFeatureValue('2026-03-01', now)).toBe(10);
    expect(customFeatureValue('１２３', now)).toBe('123');
    expect(customFeatureValue('Ｐｒｏ', now)).toBe('Ｐｒｏ');
  });

  it('maps a field named like the signal when settings map nothing, and settings win', () => {
    expect(effectiveMapping({}, { Revenue: '1', nps: '2' })).toEqual({ revenue: 'Revenue', nps: 'nps' });
    expect(effectiveMapping({ revenue: 'arr' }, { Revenue: '1' })).toEqual({ revenue: 'arr' });
    expect(SIGNAL_FEATURES).toContain('paymentStatus');
  });
});
