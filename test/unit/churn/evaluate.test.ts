import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCliArgs, UsageError, type EvalArgs } from '../../../lib/churn/cli-args';
import { datasetFromCsv, evaluateCsv } from '../../../lib/churn/evaluate';
import { LabelError, readLabels } from '../../../lib/churn/model/labels';
import { betterFigures } from '../../../lib/churn/metrics';

const csv = readFileSync('test/fixtures/churn/small-churn.csv', 'utf8');
const args = (over: Partial<EvalArgs> = {}): EvalArgs => ({ command: 'eval', csv: 'x', label: 'Churned', id: 'customer_id', folds: 4, seed: 42, model: 'logistic', ...over });
function run(text: string, a: EvalArgs) {
  const lines: string[] = [];
  const notes: string[] = [];
  const results = evaluateCsv(text, a, { line: (l) => lines.push(l), note: (n) => notes.push(n) });
  return { lines, notes, results };
}

describe('eval on a CSV', () => {
  it('prints each fold and ends with AUC mean ± sd', () => {
    const { lines, notes, results } = run(csv, args());
    expect(lines).toHaveLength(7);
    expect(lines[0]).toMatch(/^fold 1 AUC \d\.\d{4}$/);
    expect(lines[4]).toMatch(/^logistic raw {8}AUC \d\.\d{4} Brier \d\.\d{4} log loss \d\.\d{4} ECE \d\.\d{4}$/);
    expect(lines[5]).toMatch(/^logistic calibrated AUC \d\.\d{4} Brier \d\.\d{4} log loss \d\.\d{4} ECE \d\.\d{4} \((isotonic|platt)\)$/);
    expect(lines[6]).toMatch(/^AUC \d\.\d{4} ± \d\.\d{4}$/);
    const folds = lines.slice(0, 4).map((l) => Number(l.split(' ').pop()));
    expect(Number(lines[6].split(' ')[1])).toBeCloseTo(folds.reduce((s, v) => s + v, 0) / 4, 3);
    // The printed figures are those of the out-of-fold chances.
    expect(lines[4]).toContain(`Brier ${results[0].raw.brier.toFixed(4)}`);
    expect(lines[5]).toContain(`ECE ${results[0].calibration.metrics.ece.toFixed(4)}`);
    expect(results[0].mean).toBeGreaterThan(0.7);
    expect(notes.join('\n')).toContain('positive label: "yes"');
  });

  it('with both models, the last line is the better one', () => {
    const { lines, results } = run(csv, args({ model: 'both' }));
    // 4 folds of each kind; per kind (logistic, gbdt, their blend) the AUC, raw and calibrated lines; the last line.
    expect(lines).toHaveLength(18);
    expect(lines.filter((l) => / calibrated AUC /.test(l)).map((l) => l.split(' ')[0])).toEqual(['logistic', 'gbdt', 'ensemble']);
    const best = results.reduce((a, b) => (betterFigures(b.calibration.metrics, a.calibration.metrics) ? b : a));
    expect(lines.at(-1)).toBe(`AUC ${best.mean.toFixed(4)} ± ${best.sd.toFixed(4)}`);
    expect(lines.filter((l) => l.startsWith('gbdt fold'))).toHaveLength(4);
  });

  it('handles text labels, blank labels and blank cells', () => {
    const rows = ['plan,fee,status', ...Array.from({ length: 40 }, (_, i) => `${i % 2 ? 'pro' : ''},${i % 7 ? i : ''},${i % 3 ? 'stayed' : 'left'}`), 'pro,5,'];
    const { notes, results } = run(rows.join('\n'), args({ label: 'status', id: undefined, folds: 3 }));
    expect(notes.join('\n')).toMatch(/positive label: "left"/);
    expect(notes.join('\n')).toMatch(/1 row\(s\) without a label/);
    expect(results[0].foldAucs).toHaveLength(3);
  });

  it('says clearly what is wrong', () => {
    expect(() => run(csv, args({ label: 'nope' }))).toThrow(/--label column "nope" is not in the CSV/);
    expect(() => run(csv, args({ id: 'nope' }))).toThrow(UsageError);
    expect(() => run(csv, args({ positive: 'maybe' }))).toThrow(/no row has the positive value "maybe"/);
    expect(() => run('a,b\n', args({ label: 'a' }))).toThrow(/no rows/);
    expect(() => run(csv, args({ folds: 30 }))).toThrow(/too few rows/);
  });

  it('pads short rows and strips a byte-order mark', () => {
    const notes: string[] = [];
    const data = datasetFromCsv('\uFEFFa,b,c\n1,2\n3,4,5\n', (n) => notes.push(n));
    expect(data.columns).toEqual(['a', 'b', 'c']);
    expect(data.rows[0]).toEqual(['1', '2', '']);
    expect(notes[0]).toMatch(/1 row/);
  });
});

describe('label column', () => {
  it.each([
    [['yes', 'no', 'No', 'Yes'], undefined, 'yes'],
    [['true', 'false', 'false'], undefined, 'true'],
    [['0', '1', '0'], undefined, '1'],
    [['Churned', 'Active', 'Active'], undefined, 'churned'],
    [['gold', 'silver', 'silver', 'silver'], undefined, 'gold'],
    [['a', 'b', 'c'], 'C', 'c'],
  ])('%j with --positive %s reads %s as churned', (values, positive, expected) => {
    const read = readLabels(values, positive);
    expect(read.positive).toBe(expected);
    expect(Array.from(read.labels)).toEqual(values.map((v) => (v.toLowerCase() === expected ? 1 : 0)));
  });

  it('refuses what cannot be a churn label', () => {
    expect(() => readLabels(['a', 'b', 'c'])).toThrow(LabelError);
    expect(() => readLabels(['yes', 'yes'], 'yes')).toThrow(/both/);
  });
});

describe('command line', () => {
  it('reads eval with defaults and = forms', () => {
    expect(parseCliArgs(['eval', '--csv', 'f.csv', '--label=churn'])).toEqual({
      command: 'eval',
      csv: 'f.csv',
      label: 'churn',
      positive: undefined,
      id: undefined,
      folds: 5,
      seed: 42,
      model: 'logistic',
    });
    expect(parseCliArgs(['eval', '--csv', 'f', '--label', 'y', '--folds', '10', '--seed', '7', '--model', 'both', '--positive', 'Yes', '--id', 'cid'])).toMatchObject({
      folds: 10,
      seed: 7,
      model: 'both',
      positive: 'Yes',
      id: 'cid',
    });
  });

  it('reads signals with addresses lower-cased', () => {
    expect(parseCliArgs(['signals', '--mbox', 'a.mbox', '--me', 'Ann@X.com, b@y.org', '--now', '2026-03-10T00:00:00Z', '--tz', 'Asia/Tokyo'])).toEqual({
      command: 'signals',
      mbox: 'a.mbox',
      me: ['ann@x.com', 'b@y.org'],
      now: Date.parse('2026-03-10T00:00:00Z'),
      timeZone: 'Asia/Tokyo',
    });
  });

  it.each([
    [[], /no command/],
    [['train'], /unknown command "train"/],
    [['eval', '--label', 'c'], /--csv is required/],
    [['eval', '--csv', 'f', '--label'], /--label needs a value/],
    [['eval', '--csv', 'f', '--label', 'c', '--folds', '1'], /--folds must be an integer ≥ 2/],
    [['eval', '--csv', 'f', '--label', 'c', '--folds', 'five'], /--folds/],
    [['eval', '--csv', 'f', '--label', 'c', '--model', 'forest'], /--model must be/],
    [['eval', '--csv', 'f', '--label', 'c', '--mbox', 'x'], /unknown option --mbox for eval/],
    [['eval', '--csv', 'f', '--csv', 'g', '--label', 'c'], /given twice/],
    [['eval', 'f.csv'], /unexpected argument/],
    [['signals', '--mbox', 'a'], /--me is required/],
    [['signals', '--mbox', 'a', '--me', 'nobody'], /--me must be email addresses/],
    [['signals', '--mbox', 'a', '--me', 'a@b.c', '--now', 'yesterday'], /--now must be/],
    [['signals', '--mbox', 'a', '--me', 'a@b.c', '--tz', 'Mars/Base'], /--tz must be/],
  ])('%j is refused', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(UsageError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});
