import { describe, expect, it } from 'vitest';
import { rocAuc } from '../../../lib/churn/model/auc';
import { binEdges, binOf } from '../../../lib/churn/model/bins';
import { crossValidate } from '../../../lib/churn/model/cross-validate';
import type { Dataset } from '../../../lib/churn/model/encoder';
import { explainGbdt, fitGbdt, predictGbdt } from '../../../lib/churn/model/gbdt';
import { parseModel, serializeModel } from '../../../lib/churn/model/model';
import { seededRandom } from '../../../lib/random';
import { syntheticChurn } from '../../../lib/churn/model/synthetic';

const all = (n: number) => Array.from({ length: n }, (_, i) => i);

function xor(n: number, seed: number): { data: Dataset; labels: number[] } {
  const random = seededRandom(seed);
  const rows = Array.from({ length: n }, () => [random() * 2 - 1, random() * 2 - 1, random() < 0.5 ? 'red' : 'blue']);
  const labels = rows.map(([a, b]) => ((a as number) * (b as number) > 0 ? 1 : 0));
  return { data: { columns: ['a', 'b', 'colour'], rows }, labels };
}

describe('histogram bins', () => {
  it('puts few distinct values in their own bins, split at midpoints', () => {
    const edges = binEdges(Float64Array.from([1, 2, 2, 5]), 4, 1)[0];
    expect(Array.from(edges)).toEqual([1.5, 3.5]);
    expect([binOf(edges, 1), binOf(edges, 2), binOf(edges, 5), binOf(edges, 99)]).toEqual([0, 1, 2, 2]);
  });

  it('caps the number of bins with quantiles', () => {
    const x = Float64Array.from(all(1000));
    expect(binEdges(x, 1000, 1, 16)[0].length).toBe(15);
  });
});

describe('gradient-boosted trees', () => {
  it('learns an interaction that a linear model cannot', () => {
    const train = xor(800, 1);
    const test = xor(400, 2);
    const model = fitGbdt(train.data, train.labels, all(800), { seed: 1 });
    expect(rocAuc(predictGbdt(model, test.data, all(400)), test.labels)).toBeGreaterThan(0.9);
    const linear = crossValidate(train.data, train.labels, 'logistic', { folds: 4, seed: 1 });
    expect(linear.mean).toBeLessThan(0.7);
  });

  it('grows trees best-first up to the leaf limit (31 by default), level-wise to the depth limit with maxLeaves 0', () => {
    const { data, labels } = syntheticChurn(2000, 4);
    const leaves = (t: { feature: number[] }) => t.feature.filter((f) => f < 0).length;
    const exclude = ['customer_id', 'churned'];
    const byDefault = fitGbdt(data, labels, all(2000), { exclude, rounds: 5 });
    expect(Math.max(...byDefault.trees.map(leaves))).toBe(31);
    const four = fitGbdt(data, labels, all(2000), { exclude, rounds: 5, maxLeaves: 4 });
    expect(four.trees.every((t) => leaves(t) <= 4)).toBe(true);
    expect(leaves(four.trees[0])).toBe(4);
    const levelWise = fitGbdt(data, labels, all(2000), { exclude, rounds: 5, maxLeaves: 0, maxDepth: 2 });
    expect(levelWise.trees.every((t) => leaves(t) <= 4)).toBe(true);
  });

  it('is deterministic for a seed, with and without early stopping', () => {
    const { data, labels } = syntheticChurn(600, 8);
    const options = { exclude: ['customer_id', 'churned'], seed: 3, earlyStopping: true, rounds: 60 };
    const a = fitGbdt(data, labels, all(600), options);
    expect(fitGbdt(data, labels, all(600), options)).toEqual(a);
    expect(a.trees.length).toBeGreaterThan(0);
    expect(a.trees.length).toBeLessThanOrEqual(60);
    expect(fitGbdt(data, labels, all(600), { ...options, earlyStopping: false, rounds: 7 }).trees.length).toBe(7);
  });

  it('explains a score by path attribution that adds up to its log-odds', () => {
    const { data, labels } = syntheticChurn(500, 9);
    const model = fitGbdt(data, labels, all(500), { exclude: ['customer_id', 'churned'], rounds: 30 });
    for (const row of [0, 17, 42]) {
      const e = explainGbdt(model, data, row);
      expect(e.probability).toBeCloseTo(predictGbdt(model, data, [row])[0], 10);
      expect(e.contributions.reduce((s, c) => s + c.contribution, e.base)).toBeCloseTo(e.logit, 10);
    }
  });

  it('survives a JSON round trip', () => {
    const { data, labels } = syntheticChurn(300, 10);
    const model = fitGbdt(data, labels, all(300), { exclude: ['customer_id', 'churned'], rounds: 10 });
    const back = parseModel(serializeModel(model));
    expect(back.ok && back.model.kind).toBe('gbdt');
    if (back.ok) expect(predictGbdt(back.model as typeof model, data, all(20))).toEqual(predictGbdt(model, data, all(20)));
  });
});
