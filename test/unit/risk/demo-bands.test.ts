// On the demo book, the model trained as the panel does beats the rules and, with bands from the base rate, puts
// a small ranked set of the customers in high (issue #12: at most ~15 % of active customers).
import { describe, expect, it } from 'vitest';
import { demoRows, DEMO_SETTINGS } from '../../../scripts/demo-data';
import { churnEligible } from '../../../lib/churn/eligible';
import { DEFAULT_RULES } from '../../../lib/churn/rules-config';
import { scoreWith } from '../../../lib/churn/scorer';
import { DEFAULT_RISK_SETTINGS } from '../../../lib/churn/settings';
import { buildTrainingSet, trainModels } from '../../../lib/churn/training';
import type { Activity, Contact } from '../../../lib/db/types';

const NOW = Date.UTC(2026, 10, 20);

describe('the demo book', () => {
  it('trains a model that beats the rules; its bands put at most 15 % of active customers in high', () => {
    const { contacts, activities } = demoRows() as unknown as { contacts: Contact[]; activities: Activity[] };
    const byContact = new Map<number, Activity[]>();
    for (const a of activities) for (const id of a.contactIds) byContact.set(id, [...(byContact.get(id) ?? []), a]);
    const set = buildTrainingSet(contacts, (id) => byContact.get(id) ?? [], NOW, { rules: DEFAULT_RULES, mapping: {} }, DEMO_SETTINGS.customFields);
    const result = trainModels(set, { seed: 42 });
    expect(result.modelBeatsRules).toBe(true);
    const { model, calibration } = result.fitted[0];
    const settings = { ...DEFAULT_RISK_SETTINGS, useModel: true, rules: { ...DEFAULT_RULES, bands: result.bands } };
    const config = { settings, model, calibration: { calibrator: calibration, horizonDays: 90 }, customFields: DEMO_SETTINGS.customFields, timeZone: 'UTC' };
    const active = contacts.filter((c) => churnEligible(c));
    const scores = active.map((c) => scoreWith(config, c, byContact.get(c.id) ?? [], NOW).risk);
    const high = scores.filter((s) => s.band === 'high').length;
    expect(high).toBeGreaterThan(0);
    expect(high / active.length).toBeLessThanOrEqual(0.15);
    // Every score is a chance within the horizon.
    expect(scores.every((s) => s.horizonDays === 90 && s.score === Math.round(100 * s.probability!))).toBe(true);
  }, 120_000);
});
