import { isBlank, type Cell } from './encoder';

export interface Labels {
  /** 1 positive (churned), 0 negative, per kept row. */
  labels: Uint8Array;
  /** Indices of the rows that have a label. */
  rows: number[];
  positive: string;
  /** How the positive value was chosen, for the user. */
  why: string;
}

// Values that mean "churned" in the churn data sets people share.
const POSITIVE_WORDS = ['yes', 'y', 'true', 't', '1', '1.0', 'churn', 'churned', 'exited', 'left', 'lost', 'cancelled', 'canceled', 'positive', 'pos'];

const norm = (cell: Cell) => String(cell).trim().toLowerCase();

/** Reads a label column as 0/1: `positive` (case-insensitive) is 1; without it, a churn-like value or the rarer class. */
export function readLabels(values: readonly Cell[], positive?: string): Labels {
  const counts = new Map<string, number>();
  for (const v of values) if (!isBlank(v)) counts.set(norm(v), (counts.get(norm(v)) ?? 0) + 1);
  const seen = [...counts.keys()];
  const list = seen.slice(0, 10).join(', ');
  let chosen: string;
  let why: string;
  if (positive !== undefined) {
    chosen = positive.trim().toLowerCase();
    if (!counts.has(chosen)) throw new LabelError(`no row has the positive value "${positive}"; values seen: ${list}`);
    why = 'given by --positive';
  } else {
    if (seen.length !== 2) throw new LabelError(`the label column has ${seen.length} distinct values (${list}); give --positive VALUE`);
    const known = seen.filter((v) => POSITIVE_WORDS.includes(v));
    if (known.length === 1) {
      chosen = known[0];
      why = `"${chosen}" reads as churned`;
    } else {
      const [a, b] = seen.sort();
      chosen = counts.get(a)! < counts.get(b)! ? a : b;
      why = 'the rarer of the two values';
    }
  }
  const rows: number[] = [];
  const labels: number[] = [];
  values.forEach((v, i) => {
    if (isBlank(v)) return;
    rows.push(i);
    labels.push(norm(v) === chosen ? 1 : 0);
  });
  const positives = labels.reduce((s, v) => s + v, 0);
  if (positives === 0 || positives === labels.length) throw new LabelError('the label column needs both churned and retained rows');
  return { labels: Uint8Array.from(labels), rows, positive: chosen, why };
}

/** A label column that cannot be read as churned versus retained. */
export class LabelError extends Error {
  override name = 'LabelError';
}
