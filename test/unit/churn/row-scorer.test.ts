// The rescore scores a model row by row through rowScorer (issue #12: the model's nothing-changed run): it must give
// exactly the log-odds modelLogits gives, for every kind of model and for blanks, categories and totals alike.
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../../lib/churn/model/encoder';
import { fitModel, modelColumns, modelLogits, rowScorer, type ChurnModel } from '../../../lib/churn/model/model';
import { seededRandom } from '../../../lib/random';

function book(n: number): { data: Dataset; labels: number[] } {
  const random = seededRandom(7);
  const plans = ['basic', 'pro', 'team', ''];
  const rows = Array.from({ length: n }, () => [
    random() < 0.15 ? null : Math.floor(random() * 120),
    random() < 0.1 ? 'n/a' : String(Math.floor(random() * 40)),
    plans[Math.floor(random() * plans.length)],
    random() * 5,
  ]);
  const labels = rows.map((r) => ((typeof r[0] === 'number' && r[0] > 70) || r[2] === 'basic' ? 1 : 0));
  return { data: { columns: ['silenceDays', 'tickets', 'plan', 'seats'], rows }, labels };
}

describe('rowScorer', () => {
  const { data, labels } = book(400);
  const all = data.rows.map((_, i) => i);
  const logistic = fitModel('logistic', data, labels, all);
  const gbdt = fitModel('gbdt', data, labels, all);
  const ensemble: ChurnModel = { kind: 'ensemble', version: 1, weight: 0.3, logistic: logistic as never, gbdt: gbdt as never };

  for (const [name, model] of [
    ['logistic', logistic],
    ['gbdt', gbdt],
    ['ensemble', ensemble],
  ] as const) {
    it(`gives the same log-odds as modelLogits, row by row (${name})`, () => {
      const scorer = rowScorer(model);
      expect(scorer.columns).toEqual(modelColumns(model));
      // The rows in the scorer's own column order, as the rescore builds them; a row before and after must not leak in.
      const at = scorer.columns.map((c) => data.columns.indexOf(c));
      const expected = modelLogits(model, data, all);
      const got = all.map((i) => scorer.logit(at.map((c) => data.rows[i][c])));
      expect(got).toEqual(Array.from(expected));
      // Another order gives each row the same figure (the reused buffer is cleared between rows).
      expect([...all].reverse().map((i) => scorer.logit(at.map((c) => data.rows[i][c])))).toEqual(Array.from(expected).reverse());
    });
  }

  it('is made once per model', () => {
    expect(rowScorer(logistic)).toBe(rowScorer(logistic));
  });
});
