// Totals of numeric columns of one unit (a whole bill from day, evening and night charges): trees split one column
// at a time and cannot add columns up, so the encoder adds the totals as features.
import { describe, expect, it } from 'vitest';
import { rocAuc } from '../../../lib/churn/model/auc';
import { fitEncoder, totalGroups, type Dataset } from '../../../lib/churn/model/encoder';
import { fitGbdt, explainGbdt, predictGbdt } from '../../../lib/churn/model/gbdt';
import { modelColumns, parseModel, serializeModel } from '../../../lib/churn/model/model';
import { seededRandom } from '../../../lib/random';

const all = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Churn when the whole bill (three parts, each alone weakly telling) is high; a noise column beside. */
function bills(n: number, seed: number): { data: Dataset; labels: number[] } {
  const random = seededRandom(seed);
  const rows = Array.from({ length: n }, () => [random() * 50, random() * 50, random() * 50, random() * 50, random() * 10, random() < 0.05 ? '' : 'x']);
  const labels = rows.map(([a, b, c, d]) => ((a as number) + (b as number) + (c as number) + (d as number) + (random() - 0.5) * 20 > 130 ? 1 : 0));
  const columns = ['total_day_charge', 'total_eve_charge', 'total_night_charge', 'total_intl_charge', 'number_customer_service_calls', 'note'];
  return { data: { columns, rows }, labels };
}

describe('totals of columns of one unit', () => {
  it('groups columns alike but for one word, with the same unit (last word), camelCase too', () => {
    const mlc = [
      'account_length',
      'total_day_minutes',
      'total_day_calls',
      'total_day_charge',
      'total_eve_minutes',
      'total_eve_calls',
      'total_eve_charge',
      'total_night_calls',
      'number_customer_service_calls',
    ];
    expect(totalGroups(mlc)).toEqual([
      ['total_day_calls', 'total_eve_calls', 'total_night_calls'],
      ['total_day_minutes', 'total_eve_minutes'],
      ['total_day_charge', 'total_eve_charge'],
    ]);
    expect(totalGroups(['dayMinutes', 'eveMinutes', 'seats'])).toEqual([['dayMinutes', 'eveMinutes']]);
    // Other units, or names of another shape, are not added up.
    expect(totalGroups(['day_minutes', 'day_calls', 'tenure', 'usage'])).toEqual([]);
  });

  it('lets the trees rank by the total, and its reasons go to the parts', () => {
    const train = bills(600, 1);
    const test = bills(1000, 2);
    const withTotals = fitGbdt(train.data, train.labels, all(600), { seed: 1 });
    const without = fitGbdt(train.data, train.labels, all(600), { seed: 1, totals: false });
    const auc = (m: typeof withTotals) => rocAuc(predictGbdt(m, test.data, all(1000)), test.labels);
    expect(withTotals.encoder.inputs.filter((i) => i.kind === 'total')).toHaveLength(1);
    expect(auc(withTotals)).toBeGreaterThan(auc(without) + 0.01);
    expect(auc(withTotals)).toBeGreaterThan(0.98); // 0.990 against 0.976 without
    // A stored model reads back, and asks only for the data's own columns.
    const parsed = parseModel(serializeModel(withTotals));
    expect(parsed.ok).toBe(true);
    expect(modelColumns(withTotals)).toEqual(train.data.columns.filter((c) => c !== 'note' || withTotals.encoder.inputs.some((i) => i.column === 'note')));
    // Contributions are per data column (the total shared among its parts) and still add up to the log-odds.
    const e = explainGbdt(withTotals, test.data, 0);
    expect(e.contributions.every((c) => test.data.columns.includes(c.column))).toBe(true);
    expect(e.contributions.reduce((s, c) => s + c.contribution, e.base)).toBeCloseTo(e.logit, 9);
  });

  it('standardises a total on the training rows, a blank part counting as nothing', () => {
    const data: Dataset = {
      columns: ['a_x', 'b_x'],
      rows: [
        [1, 2],
        [3, ''],
        ['', ''],
        [5, 6],
      ],
    };
    const total = fitEncoder(data, [0, 1, 3]).inputs.find((i) => i.kind === 'total');
    expect(total).toMatchObject({ columns: ['a_x', 'b_x'], mean: (3 + 3 + 11) / 3 });
  });
});
