import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../../lib/churn/rules-config';
import { DEFAULT_RISK_SETTINGS, parseRiskSettings } from '../../../lib/churn/settings';

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
