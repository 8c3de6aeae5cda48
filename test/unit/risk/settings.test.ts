import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../../lib/churn/rules-config';
import { affectsScores, DEFAULT_RISK_SETTINGS, parseRiskSettings } from '../../../lib/churn/settings';

describe('parseRiskSettings', () => {
  it('keeps every valid field when another one is malformed, so saving again never wipes the mapping', () => {
    const rules = { ...DEFAULT_RULES, bands: { medium: 30, high: 60 } };
    const parsed = parseRiskSettings({ rules, mapping: { revenue: 'arr' }, useModel: 'yes please', notifications: true });
    expect(parsed).toEqual({ ...DEFAULT_RISK_SETTINGS, rules, mapping: { revenue: 'arr' }, useModel: false, notifications: true });
  });

  it('falls back to the defaults for nothing stored or a value that is not an object', () => {
    expect(parseRiskSettings(undefined)).toEqual(DEFAULT_RISK_SETTINGS);
    expect(parseRiskSettings('garbage')).toEqual(DEFAULT_RISK_SETTINGS);
    expect(parseRiskSettings({ rules: { ...DEFAULT_RULES, bands: { medium: 80, high: 70 } } }).rules).toEqual(DEFAULT_RULES);
  });
});

describe('affectsScores', () => {
  it('is false for a setting of a page only (notifications, the attention page length), true for rules, bands, mapping or the model', () => {
    const base = { ...DEFAULT_RISK_SETTINGS };
    expect(affectsScores(base, { ...base, notifications: true })).toBe(false);
    expect(affectsScores(base, { ...base, attentionPageSize: 30 })).toBe(false);
    expect(affectsScores(undefined, base)).toBe(false);
    expect(affectsScores(base, { ...base, useModel: true })).toBe(true);
    expect(affectsScores(base, { ...base, mapping: { revenue: 'arr' } })).toBe(true);
    expect(affectsScores(base, { ...base, rules: { ...DEFAULT_RULES, bands: { medium: 30, high: 60 } } })).toBe(true);
  });

  it('keeps the attention page length between 10 and 50, default 15', () => {
    expect(DEFAULT_RISK_SETTINGS.attentionPageSize).toBe(15);
    expect(parseRiskSettings({ attentionPageSize: 5 }).attentionPageSize).toBe(15);
    expect(parseRiskSettings({ attentionPageSize: 60 }).attentionPageSize).toBe(15);
    expect(parseRiskSettings({ attentionPageSize: 50 }).attentionPageSize).toBe(50);
  });
});
