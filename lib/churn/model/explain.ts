import { cellNumber, type Cell, type Dataset, type Encoder } from './encoder';

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

/** Groups per-feature contributions (one-hot columns, missing flags, totals shared among their parts) back into their input columns. */
export function explanationFrom(encoder: Encoder, data: Dataset, row: number, base: number, perFeature: ArrayLike<number>): Explanation {
  const byColumn = new Map<string, number>();
  const add = (column: string, value: number) => byColumn.set(column, (byColumn.get(column) ?? 0) + value);
  const totals = new Map(encoder.inputs.flatMap((i) => (i.kind === 'total' ? [[i.column, i.columns] as const] : [])));
  encoder.features.forEach((f, j) => {
    const parts = totals.get(f.column);
    if (!parts) return add(f.column, perFeature[j]);
    // A total's contribution goes to its parts, each by its share of the row's total (equal shares when none is known).
    const values = parts.map((c) => Math.abs(cellNumber(data.rows[row][data.columns.indexOf(c)])));
    const known = values.map((v) => (Number.isFinite(v) ? v : 0));
    const sum = known.reduce((a, b) => a + b, 0);
    parts.forEach((c, k) => add(c, perFeature[j] * (sum > 0 ? known[k] / sum : 1 / parts.length)));
  });
  const contributions = [...byColumn].map(([column, contribution]) => ({
    column,
    value: data.rows[row][data.columns.indexOf(column)],
    contribution,
  }));
  contributions.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
  const logit = contributions.reduce((s, c) => s + c.contribution, base);
  return { base, logit, probability: 1 / (1 + Math.exp(-logit)), contributions };
}
