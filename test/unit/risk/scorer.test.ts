import { describe, expect, it } from 'vitest';
import { fitLogistic } from '../../../lib/churn/model/logistic';
import { DEFAULT_RULES } from '../../../lib/churn/rules-config';
import { modelReasons, scoreFeatures, scoreWith } from '../../../lib/churn/scorer';
import { scoreContact } from '../../../lib/churn/from-activities';
import { config, contact, DAY, email, NOW } from './fixtures';

const drifting = [email('in', NOW - 40 * DAY), email('out', NOW - 39 * DAY), email('in', NOW - 6 * DAY, { threadId: 't2', snippet: 'We are switching to a competitor.' })];

describe('scoreWith, rules', () => {
  it('scores as scoreContact with the same rules and mapping', () => {
    const kim = contact({ custom: { pay: 'overdue' } });
    const s = scoreWith(config({ mapping: { paymentStatus: 'pay' } }), kim, drifting, NOW);
    expect(s.by).toBe('rules');
    expect(s.risk).toEqual(scoreContact(kim, drifting, NOW, DEFAULT_RULES, { mapping: { paymentStatus: 'pay' } }));
    expect(s.risk.reasons.map((r) => r.key)).toContain('payment');
  });

  it('bands by the thresholds in the settings', () => {
    const score = scoreWith(config(), contact(), drifting, NOW).risk.score;
    expect(score).toBeGreaterThan(20);
    const rules = { ...DEFAULT_RULES, bands: { medium: score - 10, high: score } };
    expect(scoreWith(config({ rules }), contact(), drifting, NOW).risk.band).toBe('high');
    const lax = { ...DEFAULT_RULES, bands: { medium: score + 1, high: score + 2 } };
    expect(scoreWith(config({ rules: lax }), contact(), drifting, NOW).risk.band).toBe('low');
  });

  it('uses the rules while useModel is off, even with a model loaded', () => {
    const model = fitLogistic({ columns: ['theirSilenceDays'], rows: [[1], [2], [50], [60]] }, [0, 0, 1, 1], [0, 1, 2, 3]);
    expect(scoreWith(config({ useModel: false }, { model }), contact(), drifting, NOW).by).toBe('rules');
    expect(scoreWith(config({ useModel: true }, { model }), contact(), drifting, NOW).by).toBe('model');
  });
});

describe('model scoring', () => {
  const data = {
    columns: ['theirSilenceDays', 'paymentStatus'],
    rows: [
      [1, 'ok'],
      [3, 'ok'],
      [5, 'overdue'],
      [40, 'ok'],
      [50, 'overdue'],
      [70, 'overdue'],
      [2, 'ok'],
      [65, 'ok'],
    ],
  };
  const labels = [0, 0, 0, 1, 1, 1, 0, 1];
  const model = fitLogistic(
    data,
    labels,
    labels.map((_, i) => i),
  );

  it('is 100 × the probability, and its reasons add up to the score minus the average contact’s', () => {
    const s = scoreFeatures(model, { theirSilenceDays: 60, paymentStatus: 'overdue', extra: 'ignored' }, { rules: DEFAULT_RULES });
    expect(s.score).toBeGreaterThan(50);
    expect(s.reasons[0].key).toBe('m:theirSilenceDays');
    expect(s.reasons[0].params.value).toBe(60);
    expect(s.reasons.every((r, i) => i === 0 || Math.abs(s.reasons[i - 1].points) >= Math.abs(r.points))).toBe(true);
  });

  it('turns log-odds contributions into points that sum to the probability change', () => {
    const reasons = modelReasons(0, 2, [
      { column: 'a', value: 1, contribution: 1.5 },
      { column: 'b', value: 'x', contribution: 0.5 },
      { column: 'c', value: null, contribution: 0.001 },
    ]);
    const total = 100 * (1 / (1 + Math.exp(-2)) - 0.5);
    expect(reasons.map((r) => r.key)).toEqual(['m:a', 'm:b']);
    expect(Math.abs(reasons[0].points + reasons[1].points - total)).toBeLessThanOrEqual(1);
    expect(reasons[0].points).toBe(Math.round(total * 0.75));
  });

  it('gives the same score and band without reasons (the background recompute)', () => {
    for (const f of [{ theirSilenceDays: 60, paymentStatus: 'overdue' }, { theirSilenceDays: 2, paymentStatus: 'ok' }, {}]) {
      const full = scoreFeatures(model, f, { rules: DEFAULT_RULES });
      const bare = scoreFeatures(model, f, { rules: DEFAULT_RULES }, { reasons: false });
      expect(bare).toEqual({ score: full.score, band: full.band, reasons: [] });
    }
  });

  it('scores a contact missing a column the model knows as blank instead of failing', () => {
    const s = scoreFeatures(model, {}, { rules: DEFAULT_RULES });
    expect(s.score).toBeGreaterThanOrEqual(0);
    expect(s.score).toBeLessThanOrEqual(100);
  });
});
