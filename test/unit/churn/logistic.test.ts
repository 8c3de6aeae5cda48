import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { crossValidate } from '../../../lib/churn/model/cross-validate';
import { encodeRows, fitEncoder, type Dataset } from '../../../lib/churn/model/encoder';
import { explainLogistic, fitLogistic, predictLogistic, sigmoid } from '../../../lib/churn/model/logistic';
import { parseModel, serializeModel } from '../../../lib/churn/model/model';
import { syntheticChurn } from '../../../lib/churn/model/synthetic';
import { datasetFromCsv } from '../../../lib/churn/evaluate';
import { readLabels } from '../../../lib/churn/model/labels';

const all = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('feature encoder', () => {
  const data: Dataset = {
    columns: ['id', 'fee', 'plan', 'label'],
    rows: [
      ['a', '10', 'basic', 'yes'],
      ['b', '', 'pro', 'no'],
      ['c', '30', '', 'no'],
      ['d', 'NA', 'basic', 'yes'],
      ['e', '20', 'gold', 'no'],
    ],
  };

  it('standardises numbers, flags blanks, one-hots text with blanks as a category', () => {
    const enc = fitEncoder(data, [0, 1, 2, 3], { exclude: ['id', 'label'] });
    expect(enc.features.map((f) => f.name)).toEqual(['fee', 'fee (missing)', 'plan=basic', 'plan=(blank)', 'plan=pro']);
    const fee = enc.inputs[0];
    expect(fee).toMatchObject({ kind: 'numeric', mean: 20, missing: true });
    const x = encodeRows(enc, data, [0, 1]);
    expect(Array.from(x)).toEqual([-1, 0, 1, 0, 0, 0, 1, 0, 0, 1]);
  });

  it('learns only from the training rows: an unseen category encodes as nothing', () => {
    const enc = fitEncoder(data, [0, 1, 2, 3], { exclude: ['id', 'label'] });
    expect(enc.features.some((f) => f.name.includes('gold'))).toBe(false);
    expect(Array.from(encodeRows(enc, data, [4]).subarray(2))).toEqual([0, 0, 0]);
  });

  it('gives a binned number hinge terms at quantile knots and a log term, standardised on the training rows', () => {
    const nums: Dataset = { columns: ['days', 'delta'], rows: Array.from({ length: 100 }, (_, i) => [String(i), String(i - 50)]) };
    const enc = fitEncoder(nums, all(100), { numericBins: 4, numericHinges: 4 });
    const days = enc.inputs[0];
    if (days.kind !== 'numeric') throw new Error('numeric expected');
    expect(days.hinges?.map((h) => h.knot)).toEqual([25, 50, 75]);
    expect(days.log).toBeDefined();
    // A column with negative values gets hinges but no log term.
    const delta = enc.inputs[1];
    expect(delta.kind === 'numeric' && delta.log).toBeFalsy();
    expect(
      enc.features
        .filter((f) => f.column === 'days')
        .map((f) => f.name)
        .slice(5),
    ).toEqual(['days (above 25)', 'days (above 50)', 'days (above 75)', 'days (log)']);
    const x = encodeRows(enc, nums, [60]);
    const d = enc.features.length;
    expect(x).toHaveLength(d);
    const at = (name: string) => x[enc.features.findIndex((f) => f.name === name)];
    const h50 = days.hinges![1];
    expect(at('days (above 50)')).toBeCloseTo((10 - h50.mean) / h50.sd, 12);
    expect(at('days (above 75)')).toBeCloseTo((0 - days.hinges![2].mean) / days.hinges![2].sd, 12);
    expect(at('days (log)')).toBeCloseTo((Math.log1p(60) - days.log!.mean) / days.log!.sd, 12);
    // The logistic model uses them; the trees do their own binning and do not.
    const fitted = fitLogistic(
      nums,
      Array.from({ length: 100 }, (_, i) => (i > 70 ? 1 : 0)),
      all(100),
    );
    expect(fitted.encoder.features.some((f) => f.name.endsWith('(log)'))).toBe(true);
  });

  it('drops identifier-like text and constant columns', () => {
    const rows = Array.from({ length: 30 }, (_, i) => [`cust-${i}`, 'same', String(i % 3)]);
    const enc = fitEncoder({ columns: ['ref', 'constant', 'n'], rows }, all(30));
    expect(enc.inputs.map((i) => i.column)).toEqual(['n']);
  });

  it('folds rare categories into "(other)" beyond the limit', () => {
    const rows = ['a', 'a', 'a', 'b', 'b', 'c', 'd'].map((v) => [v]);
    const enc = fitEncoder({ columns: ['c'], rows }, all(7), { maxCategories: 2 });
    expect(enc.features.map((f) => f.name)).toEqual(['c=a', 'c=b', 'c=(other)']);
    expect(Array.from(encodeRows(enc, { columns: ['c'], rows: [['zzz']] }, [0]))).toEqual([0, 0, 1]);
  });
});

describe('logistic regression', () => {
  it('separates a tiny separable set', () => {
    const rows = [-3, -2, -1.5, -1, 1, 1.5, 2, 3].map((v) => [v]);
    const labels = [0, 0, 0, 0, 1, 1, 1, 1];
    const model = fitLogistic({ columns: ['x'], rows }, labels, all(8), { l2: 0.01 });
    const p = predictLogistic(model, { columns: ['x'], rows }, all(8));
    expect(Array.from(p).every((v, i) => (labels[i] ? v > 0.9 : v < 0.1))).toBe(true);
    expect(model.weights[0]).toBeGreaterThan(0);
  });

  it('shrinks weights as the L2 penalty grows', () => {
    const { data, labels } = syntheticChurn(400, 3);
    const exclude = ['customer_id', 'churned'];
    const norm = (l2: number) => fitLogistic(data, labels, all(400), { exclude, l2 }).weights.reduce((s, w) => s + w * w, 0);
    expect(norm(100)).toBeLessThan(norm(1));
    expect(norm(1)).toBeLessThan(norm(0.01));
  });

  it('fits the same model twice and cross-validates the same with a seed', () => {
    const { data, labels } = syntheticChurn(500, 4);
    const exclude = ['customer_id', 'churned'];
    expect(fitLogistic(data, labels, all(500), { exclude })).toEqual(fitLogistic(data, labels, all(500), { exclude }));
    const a = crossValidate(data, labels, 'logistic', { folds: 4, seed: 9, exclude });
    const b = crossValidate(data, labels, 'logistic', { folds: 4, seed: 9, exclude });
    expect(a.foldAucs).toEqual(b.foldAucs);
    expect(crossValidate(data, labels, 'logistic', { folds: 4, seed: 10, exclude }).foldAucs).not.toEqual(a.foldAucs);
    expect(a.mean).toBeGreaterThan(0.7);
  });

  it('explains a score: contributions add up to its log-odds', () => {
    const { data, labels } = syntheticChurn(300, 5);
    const model = fitLogistic(data, labels, all(300), { exclude: ['customer_id', 'churned'] });
    const e = explainLogistic(model, data, 7);
    expect(e.probability).toBeCloseTo(predictLogistic(model, data, [7])[0], 10);
    expect(sigmoid(e.contributions.reduce((s, c) => s + c.contribution, e.base))).toBeCloseTo(e.probability, 10);
    expect(e.contributions.map((c) => c.column)).toContain('tickets');
    const sizes = e.contributions.map((c) => Math.abs(c.contribution));
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
  });

  it('survives a JSON round trip with its version, and refuses a wrong one', () => {
    const { data, labels } = syntheticChurn(200, 6);
    const model = fitLogistic(data, labels, all(200), { exclude: ['customer_id', 'churned'] });
    const back = parseModel(serializeModel(model));
    expect(back.ok).toBe(true);
    if (back.ok) expect(predictLogistic(back.model as typeof model, data, all(5))).toEqual(predictLogistic(model, data, all(5)));
    expect(parseModel(JSON.stringify({ ...model, version: 2 })).ok).toBe(false);
    expect(parseModel('{oops').ok).toBe(false);
  });

  it('reaches the goal AUC on mlc_churn (5-fold, seed 42)', () => {
    const data = datasetFromCsv(readFileSync('test/fixtures/churn/mlc_churn.csv', 'utf8'));
    const read = readLabels(
      data.rows.map((r) => r[data.columns.indexOf('churn')]),
      'yes',
    );
    const cv = crossValidate(data, read.labels, 'logistic', { folds: 5, seed: 42, exclude: ['churn'] });
    // 0.82 with numbers as straight lines (scikit-learn's 0.825); their quantile bins let it follow the curve.
    expect(cv.mean).toBeGreaterThanOrEqual(0.85);
    expect(cv.foldAucs.every((a) => a > 0.8 && a < 0.95)).toBe(true);
  }, 120_000);
});
