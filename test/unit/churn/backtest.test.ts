import { describe, expect, it } from 'vitest';
import { backtestAt, backtestReport, type BacktestRow } from '../../../lib/churn/backtest';

const rows = (spec: [number, 0 | 1][]): BacktestRow[] => spec.map(([chance, churned]) => ({ chance, churned }));

describe('backtest at the high threshold', () => {
  it('counts precision, recall and lift', () => {
    // 10 customers, 3 churned; flagged (≥ 25): 0.3, 0.5, 0.8, 0.25 → 2 of them churned.
    const r = backtestAt(
      rows([
        [0.3, 1],
        [0.5, 0],
        [0.8, 1],
        [0.25, 0],
        [0.1, 1],
        [0.05, 0],
        [0.2, 0],
        [0.12, 0],
        [0.02, 0],
        [0.244, 0],
      ]),
      25,
    );
    expect(r).toEqual({ total: 10, churned: 3, flagged: 4, flaggedChurned: 2, precision: 0.5, recall: 2 / 3, lift: 0.5 / 0.3, baseRate: 0.3 });
  });

  it('rounds a chance to a score as the badge does (0.245 is 25 → high at 25; 0.244 is not)', () => {
    expect(
      backtestAt(
        rows([
          [0.245, 1],
          [0.244, 0],
        ]),
        25,
      ),
    ).toMatchObject({ flagged: 1, flaggedChurned: 1 });
  });

  it('says nothing it cannot know: no one flagged, no one churned, no rows', () => {
    expect(
      backtestAt(
        rows([
          [0.1, 0],
          [0.2, 1],
        ]),
        50,
      ),
    ).toMatchObject({ flagged: 0, precision: null, recall: 0, lift: null });
    expect(backtestAt(rows([[0.9, 0]]), 50)).toMatchObject({ precision: 0, recall: null, lift: null, baseRate: 0 });
    expect(backtestAt([], 50)).toMatchObject({ total: 0, precision: null, recall: null, lift: null, baseRate: null });
  });

  it('reports reliability per decile and the Brier score', () => {
    const spec: [number, 0 | 1][] = Array.from({ length: 20 }, (_, i) => [i / 20, i % 4 === 0 ? 1 : 0]);
    const report = backtestReport(rows(spec), 50);
    expect(report.deciles).toHaveLength(10);
    expect(report.deciles[0]).toMatchObject({ count: 2, predicted: 0.025, observed: 0.5 });
    expect(report.brier).toBeCloseTo(spec.reduce((s, [p, y]) => s + (p - y) ** 2, 0) / 20, 12);
    expect(backtestReport([], 50)).toEqual({ backtest: backtestAt([], 50), deciles: [], brier: null });
  });
});
