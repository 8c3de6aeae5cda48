import type { Cell, Dataset, Encoder } from './encoder';

export interface Contribution {
  column: string;
  value: Cell;
  /** Change in log-odds this column brings, against the average training row. */
  contribution: number;
}

export interface Explanation {
  /** Log-odds of the average training row. */
  base: number;
  /** base + Σ contributions: this row's log-odds. */
  logit: number;
  probability: number;
  /** Largest |contribution| first. */
  contributions: Contribution[];
}

/** Groups per-feature contributions (one-hot columns, missing flags) back into their input columns. */
export function explanationFrom(encoder: Encoder, data: Dataset, row: number, base: number, perFeature: ArrayLike<number>): Explanation {
  const byColumn = new Map<string, number>();
  encoder.features.forEach((f, j) => byColumn.set(f.column, (byColumn.get(f.column) ?? 0) + perFeature[j]));
  const contributions = [...byColumn].map(([column, contribution]) => ({
    column,
    value: data.rows[row][data.columns.indexOf(column)],
    contribution,
  }));
  contributions.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
  const logit = contributions.reduce((s, c) => s + c.contribution, base);
  return { base, logit, probability: 1 / (1 + Math.exp(-logit)), contributions };
}
