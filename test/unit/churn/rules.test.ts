import { describe, expect, it } from 'vitest';
import { crmSignalsOf, fieldDate, fieldNumber } from '../../../lib/churn/crm-signals';
import { DEFAULT_RULES, parseRulesConfig, type RulesConfig } from '../../../lib/churn/rules-config';
import { bandOf, scoreByRules } from '../../../lib/churn/rules';
import type { MailboxSignals } from '../../../lib/churn/signals';

const DAY = 86_400_000;
const NOW = Date.parse('2026-03-10T12:00:00Z');
const quiet: MailboxSignals = {
  inbound: 0,
  outbound: 0,
  undated: 0,
  theirLastAt: null,
  ourLastAt: null,
  daysSinceTheirLast: null,
  daysSinceOurLast: null,
  inboundLast30: 0,
  inboundPrev90: 0,
  volumeRatio: null,
  medianReplyHours: null,
  replySamples: 0,
  unanswered: 0,
  oldestUnansweredDays: null,
  intentHits: 0,
  intentIds: [],
};
const mail = (over: Partial<MailboxSignals>): MailboxSignals => ({ ...quiet, ...over });
const copy = (): RulesConfig => structuredClone(DEFAULT_RULES);

describe('rules score', () => {
  it('explains unanswered messages with count and days', () => {
    const result = scoreByRules({ now: NOW, mail: mail({ unanswered: 2, oldestUnansweredDays: 6, daysSinceTheirLast: 6 }) }, DEFAULT_RULES);
    expect(result.reasons).toEqual([{ key: 'unansweredInbound', params: { count: 2, days: 6 }, points: 18 }]);
    expect(result.score).toBe(18);
    expect(result.band).toBe('low');
  });

  it('adds the points, largest first, and bands by threshold', () => {
    const result = scoreByRules(
      {
        now: NOW,
        mail: mail({ daysSinceTheirLast: 65, daysSinceOurLast: 40, intentHits: 2, intentIds: ['cancel', 'refund'], unanswered: 1, oldestUnansweredDays: 65 }),
        crm: { stage: 'customer', paymentStatus: 'Overdue', nps: 3 },
      },
      DEFAULT_RULES,
    );
    expect(result.reasons.map((r) => [r.key, r.points])).toEqual([
      ['churnIntent', 40],
      ['payment', 20],
      ['theirSilence', 18],
      ['npsDetractor', 15],
      ['unansweredInbound', 9],
      ['ourSilence', 6],
    ]);
    expect(result.score).toBe(100); // 108 points, capped
    expect(result.band).toBe('high');
    expect(result.reasons[0].params).toEqual({ count: 2, phrases: 'cancel, refund' });
  });

  it('carries the matched words of churn wording in the reason, for the UI to quote', () => {
    const quotes = [{ id: 'alternatives', text: 'looking at other options' }];
    const result = scoreByRules({ now: NOW, mail: mail({ intentHits: 1, intentIds: ['alternatives'], intentQuotes: quotes }) }, DEFAULT_RULES);
    const reason = result.reasons.find((r) => r.key === 'churnIntent')!;
    expect(reason.params).toEqual({ count: 1, phrases: 'alternatives', quotes: '[["alternatives","looking at other options"]]' });
  });

  it('takes points off for good signs and never goes below 0', () => {
    const result = scoreByRules({ now: NOW, mail: mail({ daysSinceTheirLast: 2 }), crm: { stage: 'advocate', nps: 10, customerSince: NOW - 1000 * DAY } }, DEFAULT_RULES);
    expect(result.reasons.every((r) => r.points < 0)).toBe(true);
    expect(result.reasons.map((r) => r.key)).toEqual(['stage', 'npsPromoter', 'recentEngagement', 'loyalCustomer']);
    expect(result.score).toBe(0);
  });

  it('caps at 100', () => {
    const result = scoreByRules({ now: NOW, mail: mail({ intentHits: 9, unanswered: 9, daysSinceTheirLast: 200 }), crm: { stage: 'churned', paymentStatus: 'failed' } }, DEFAULT_RULES);
    expect(result.score).toBe(100);
  });

  it('volume drop against the 90 days before', () => {
    const r = scoreByRules({ now: NOW, mail: mail({ inboundLast30: 1, inboundPrev90: 12, volumeRatio: 0.25 }) }, DEFAULT_RULES);
    expect(r.reasons).toEqual([{ key: 'volumeDrop', params: { recent: 1, before: 12, percent: 75 }, points: 8 }]);
    // Too few messages before for a drop to mean anything.
    expect(scoreByRules({ now: NOW, mail: mail({ inboundLast30: 0, inboundPrev90: 2, volumeRatio: 0 }) }, DEFAULT_RULES).reasons).toEqual([]);
  });

  it('renewal approaching, and silent before it', () => {
    const crm = { renewalAt: NOW + 10 * DAY };
    const talking = scoreByRules({ now: NOW, mail: mail({ daysSinceTheirLast: 3, daysSinceOurLast: 3 }), crm }, copy());
    expect(talking.reasons.map((r) => r.key)).toEqual(['renewalSoon', 'recentEngagement']);
    const silent = scoreByRules({ now: NOW, mail: mail({ daysSinceTheirLast: 45, daysSinceOurLast: 31 }), crm }, copy());
    expect(silent.reasons.find((r) => r.key === 'renewalSilent')).toEqual({ key: 'renewalSilent', params: { days: 10, silentDays: 31 }, points: 12 });
    expect(scoreByRules({ now: NOW, crm: { renewalAt: NOW + 60 * DAY } }, copy()).reasons).toEqual([]);
  });

  it('edited weights and disabled rules take effect', () => {
    const config = copy();
    config.unanswered.pointsEach = 20;
    config.unanswered.max = 50;
    config.intent.enabled = false;
    const result = scoreByRules({ now: NOW, mail: mail({ unanswered: 2, oldestUnansweredDays: 3, intentHits: 4 }) }, config);
    expect(result.reasons).toEqual([{ key: 'unansweredInbound', params: { count: 2, days: 3 }, points: 40 }]);
    expect(result.band).toBe('medium');
  });

  it('bands follow the configured thresholds', () => {
    const config = copy();
    config.bands = { medium: 20, high: 50 };
    expect([bandOf(19, config), bandOf(20, config), bandOf(49, config), bandOf(50, config)]).toEqual(['low', 'medium', 'medium', 'high']);
  });

  it('validates an edited config and names the bad field', () => {
    expect(parseRulesConfig(DEFAULT_RULES).ok).toBe(true);
    const bad = parseRulesConfig({ ...DEFAULT_RULES, bands: { medium: 80, high: 40 } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toContain('bands');
    const wrongType = parseRulesConfig({ ...DEFAULT_RULES, unanswered: { enabled: true, pointsEach: 'nine', max: 27 } });
    expect(wrongType.ok).toBe(false);
    if (!wrongType.ok) expect(wrongType.error).toContain('pointsEach');
  });
});

describe('CRM signals from custom fields', () => {
  it('reads numbers and dates as people type them', () => {
    expect(fieldNumber('¥1,200')).toBe(1200);
    expect(fieldNumber('$3.5k')).toBe(3500);
    expect(fieldNumber('12万')).toBe(120000);
    expect(fieldNumber('n/a')).toBeNull();
    expect(fieldDate('2026-04-01')).toBe(Date.UTC(2026, 3, 1));
    expect(fieldDate('2026/4/1')).toBe(Date.UTC(2026, 3, 1));
    expect(fieldDate('soon')).toBeNull();
  });

  it('reads the full-width digits Japanese users type', () => {
    expect(fieldNumber('１２３')).toBe(123);
    expect(fieldNumber('￥１，２００')).toBe(1200);
    expect(fieldNumber('１２万円')).toBe(120000);
    expect(fieldNumber('−５')).toBe(-5);
    expect(fieldNumber('３．５')).toBe(3.5);
    expect(fieldDate('２０２６／０３／０１')).toBe(Date.UTC(2026, 2, 1));
    expect(fieldDate('２０２６年３月１日')).toBe(Date.UTC(2026, 2, 1));
    expect(fieldDate('２０２６－０３－０１')).toBe(Date.UTC(2026, 2, 1));
  });

  it('maps the configured fields', () => {
    const crm = crmSignalsOf(
      { stage: 'at-risk', customerSince: undefined, custom: { renew: '2026-04-01', pay: ' overdue ', mrr: '1,500', since: '2020-01-01', nps: '4' } },
      { renewalAt: 'renew', paymentStatus: 'pay', revenue: 'mrr', customerSince: 'since', nps: 'nps', supportTickets: 'missing' },
    );
    expect(crm).toEqual({
      stage: 'at-risk',
      renewalAt: Date.UTC(2026, 3, 1),
      paymentStatus: 'overdue',
      revenue: 1500,
      customerSince: Date.parse('2020-01-01'),
      supportTickets: null,
      nps: 4,
    });
  });
});
