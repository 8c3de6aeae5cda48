import { describe, expect, it } from 'vitest';
import { bandsFromBaseRate } from '../../../lib/churn/bands';
import { fitPlatt } from '../../../lib/churn/calibration';
import { DEFAULT_RULES } from '../../../lib/churn/rules-config';
import { bandOf } from '../../../lib/churn/rules';
import { scoreFeatures } from '../../../lib/churn/scorer';
import { buildTrainingSet, trainModels } from '../../../lib/churn/training';
import type { Contact } from '../../../lib/db/types';
import { seededRandom } from '../../../lib/random';
import { contact, DAY, NOW } from './fixtures';

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** 60 customers, a third churned; `plan` says something real, the other fields are what a CRM fills after churn. */
function book(): Contact[] {
  const random = seededRandom(4);
  return Array.from({ length: 60 }, (_, k) => {
    const id = k + 1;
    const churned = id % 3 === 0;
    const churnedAt = NOW - Math.floor(10 + random() * 100) * DAY;
    const custom: Record<string, string> = { plan: random() < (churned ? 0.7 : 0.3) ? 'basic' : 'pro', seats: String(Math.floor(random() * 40)), renewal: iso(NOW + Math.floor(random() * 300) * DAY) };
    if (churned) {
      custom.cancelReason = random() < 0.5 ? 'price' : 'moved to a competitor';
      custom.lastChange = iso(churnedAt);
    } else custom.lastChange = iso(NOW - Math.floor(200 + random() * 300) * DAY);
    return contact({ id, email: `c${id}@x.example`, stage: churned ? 'churned' : 'customer', churnedAt: churned ? churnedAt : undefined, customerSince: NOW - 900 * DAY, custom });
  });
}

const settings = { rules: DEFAULT_RULES, mapping: {} };
const fields = ['plan', 'seats', 'renewal', 'cancelReason', 'lastChange'].map((key) => ({ key }));

describe('leakage guard', () => {
  it('refuses a field filled only for churned contacts and a date written when they churned; training never sees them', () => {
    const set = buildTrainingSet(book(), () => [], NOW, settings, fields);
    expect(set.refused.map((r) => [r.key, r.reason])).toEqual([
      ['cancelReason', 'only-churned'],
      ['lastChange', 'after-snapshot'],
    ]);
    expect(set.refused[0]).toMatchObject({ filledChurned: 20, filledRetained: 0 });
    expect(set.dataset.columns).toContain('custom:plan');
    expect(set.dataset.columns).toContain('custom:renewal'); // a date in the future for everyone is no leak
    expect(set.dataset.columns).not.toContain('custom:cancelReason');
    expect(set.dataset.columns).not.toContain('custom:lastChange');
    const result = trainModels(set, { seed: 1 });
    expect(result.refused.map((r) => r.key)).toEqual(['cancelReason', 'lastChange']);
    expect(result.fitted[0].importance.map((i) => i.column)).not.toContain('custom:cancelReason');
  });

  it('keeps only the fields the user picked, and turns dates into ages in days on the day described', () => {
    const set = buildTrainingSet(book(), () => [], NOW, { ...settings, modelFields: ['seats', 'renewal'] }, fields);
    expect(set.dataset.columns.filter((c) => c.startsWith('custom:'))).toEqual(['custom:seats', 'custom:renewal']);
    const at = set.dataset.columns.indexOf('custom:renewal');
    const row = set.contactIds.indexOf(1);
    const renewal = Date.parse(`${book()[0].custom.renewal}T00:00:00Z`);
    expect(set.dataset.rows[row][at]).toBe(Math.floor((set.asOf[row] - renewal) / DAY));
  });
});

describe('bands from the base rate', () => {
  it.each([
    [0.1, 15, 28],
    [0.03, 5, 10],
    [0.3, 40, 60],
    [0.001, 1, 2],
  ])('base rate %d gives medium %d and high %d', (rate, medium, high) => {
    expect(bandsFromBaseRate(rate)).toEqual({ medium, high });
  });

  it('puts a small set in high on calibrated chances', () => {
    // Chances spread around a 10 % base rate: high holds those at 3.5× the odds.
    const random = seededRandom(2);
    const chances = Array.from({ length: 1000 }, () => Math.min(0.95, -0.1 * Math.log(1 - random())));
    const bands = bandsFromBaseRate(0.1);
    const high = chances.filter((p) => bandOf(Math.round(100 * p), { ...DEFAULT_RULES, bands }) === 'high').length;
    expect(high / chances.length).toBeLessThan(0.15);
    expect(high).toBeGreaterThan(0);
  });
});

describe('calibrated model scores', () => {
  it('gives the chance within the horizon, score = round(100 × chance), reasons adding up to the distance from the average', () => {
    const set = buildTrainingSet(book(), () => [], NOW, settings, [{ key: 'plan' }, { key: 'seats' }]);
    const result = trainModels(set, { seed: 3 });
    const { model, calibration } = result.fitted[0];
    const withCal = scoreFeatures(model, { 'custom:plan': 'basic', 'custom:seats': '3' }, { rules: DEFAULT_RULES }, {}, { calibrator: calibration, horizonDays: 90 });
    expect(withCal.horizonDays).toBe(90);
    expect(withCal.probability).toBeGreaterThan(0);
    expect(withCal.score).toBe(Math.round(100 * withCal.probability!));
    // Without a calibrator (a version saved before calibration) there is no chance to show.
    const raw = scoreFeatures(model, { 'custom:plan': 'basic', 'custom:seats': '3' }, { rules: DEFAULT_RULES });
    expect(raw.probability).toBeUndefined();
    // A calibrator that halves the log-odds pulls the chance towards the middle.
    const flat = fitPlatt([-2, -1, 0, 1, 2, -2, 2], [0, 0, 1, 0, 1, 1, 0]);
    const s = scoreFeatures(model, { 'custom:plan': 'basic' }, { rules: DEFAULT_RULES }, {}, { calibrator: flat, horizonDays: 30 });
    expect(s.horizonDays).toBe(30);
    expect(s.probability).toBeGreaterThan(0.3);
    expect(s.probability).toBeLessThan(0.7);
  });
});
