import { describe, expect, it } from 'vitest';
import { calibrate, calibrateAll, calibratorSchema, chooseCalibration, fitIsotonic, fitPlatt } from '../../../lib/churn/calibration';
import { stratifiedFolds } from '../../../lib/churn/model/folds';
import { brierScore, expectedCalibrationError, logLoss, reliabilityBins, reliabilityDeciles } from '../../../lib/churn/metrics';
import { seededRandom } from '../../../lib/random';

/** Scores uniform on [lo, hi], outcomes drawn with chance curve(score). */
function sample(n: number, curve: (s: number) => number, lo: number, hi: number, seed = 1) {
  const random = seededRandom(seed);
  const scores = new Float64Array(n);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    scores[i] = lo + (hi - lo) * random();
    y[i] = random() < curve(scores[i]) ? 1 : 0;
  }
  return { scores, y };
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe('metrics', () => {
  it('computes Brier, log loss and ECE by hand', () => {
    const p = [0.1, 0.4, 0.35, 0.8];
    const y = [0, 0, 1, 1];
    expect(brierScore(p, y)).toBeCloseTo((0.01 + 0.16 + 0.4225 + 0.04) / 4, 12);
    expect(logLoss(p, y)).toBeCloseTo(-(Math.log(0.9) + Math.log(0.6) + Math.log(0.35) + Math.log(0.8)) / 4, 12);
    // Bins: [0.1] → 0.1 vs 0; [0.4, 0.35] → bins 3 and 4 separately; [0.8] → 0.8 vs 1.
    const ece = (Math.abs(0.1 - 0) + Math.abs(0.35 - 1) + Math.abs(0.4 - 0) + Math.abs(0.8 - 1)) / 4;
    expect(expectedCalibrationError(p, y)).toBeCloseTo(ece, 12);
    const bins = reliabilityBins(p, y);
    expect(bins).toHaveLength(10);
    expect(bins[3]).toMatchObject({ count: 1, predicted: 0.35, observed: 1 });
    expect(bins[9].count).toBe(0);
  });

  it('cuts rows into deciles of equal size in score order', () => {
    const p = Array.from({ length: 20 }, (_, i) => i / 20);
    const y = p.map((_, i) => (i >= 18 ? 1 : 0));
    const d = reliabilityDeciles(p, y);
    expect(d).toHaveLength(10);
    expect(d.every((b) => b.count === 2)).toBe(true);
    expect(d[9]).toMatchObject({ observed: 1, predicted: (0.9 + 0.95) / 2 });
    expect(d[0].observed).toBe(0);
  });
});

describe('calibration', () => {
  it('Platt scaling recovers a known logistic curve', () => {
    const { scores, y } = sample(20_000, (s) => sigmoid(2 * s - 1), -4, 4, 3);
    const c = fitPlatt(scores, y);
    if (c.kind !== 'platt') throw new Error('expected platt');
    expect(c.a).toBeCloseTo(2, 0);
    expect(Math.abs(c.a - 2)).toBeLessThan(0.15);
    expect(Math.abs(c.b + 1)).toBeLessThan(0.1);
    for (const s of [-2, 0, 0.5, 2]) expect(Math.abs(calibrate(c, s) - sigmoid(2 * s - 1))).toBeLessThan(0.02);
  });

  it('isotonic regression recovers a known non-logistic monotone curve', () => {
    const curve = (s: number) => (s < 0.5 ? 0.05 : 0.05 + 0.9 * (s - 0.5) * 2) ** 1;
    const { scores, y } = sample(20_000, curve, 0, 1, 5);
    const c = fitIsotonic(scores, y);
    for (const s of [0.1, 0.3, 0.6, 0.75, 0.9]) expect(Math.abs(calibrate(c, s) - curve(s))).toBeLessThan(0.05);
    // Non-decreasing everywhere, and strictly increasing inside its range: the model's ranking survives.
    expect(calibrate(c, 0.62)).toBeGreaterThan(calibrate(c, 0.61));
    const grid = Array.from({ length: 101 }, (_, i) => calibrate(c, i / 100));
    for (let i = 1; i < grid.length; i++) expect(grid[i]).toBeGreaterThanOrEqual(grid[i - 1]);
  });

  it('pools adjacent violators exactly on a small case', () => {
    // Outcomes by score: 0, 1, 0, 1 → the middle two pool to 0.5 at their mean score 2.5; straight lines between.
    const c = fitIsotonic([1, 2, 3, 4], [0, 1, 0, 1]);
    expect(c).toEqual({ kind: 'isotonic', x: [1, 2.5, 4], y: [0.001, 0.5, 0.999] });
    expect(Array.from(calibrateAll(c, [0, 1, 2, 2.5, 3, 4, 5])).map((v) => Math.round(v * 1000) / 1000)).toEqual([0.001, 0.001, 0.334, 0.5, 0.666, 0.999, 0.999]);
    expect(calibratorSchema.parse(JSON.parse(JSON.stringify(c)))).toEqual(c);
  });

  it('chooses by cross-fitting: isotonic for a step curve, and the result is calibrated', () => {
    const step = (s: number) => (s < 0.3 ? 0.02 : s < 0.7 ? 0.3 : s < 0.9 ? 0.5 : 0.95);
    const { scores, y } = sample(6000, step, 0, 1, 7);
    const fold = stratifiedFolds(y, 5, 42);
    const choice = chooseCalibration(scores, y, fold, 5);
    expect(choice.method).toBe('isotonic');
    expect(choice.byMethod.isotonic.logLoss).toBeLessThan(choice.byMethod.platt.logLoss);
    expect(choice.metrics.ece).toBeLessThan(0.03);
    // Raw scores are badly calibrated as chances; calibrated ones are not.
    expect(expectedCalibrationError(scores, y)).toBeGreaterThan(0.1);
  });

  it('chooses Platt when the curve is logistic and the history small', () => {
    const { scores, y } = sample(150, (s) => sigmoid(1.5 * s), -3, 3, 11);
    const fold = stratifiedFolds(y, 5, 42);
    expect(chooseCalibration(scores, y, fold, 5).method).toBe('platt');
  });
});
