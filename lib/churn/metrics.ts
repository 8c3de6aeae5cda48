import { rocAuc } from './model/auc';

export { rocAuc };

/** Brier score: mean squared difference between the predicted chance and the outcome (0 perfect, lower is better). */
export function brierScore(p: ArrayLike<number>, y: ArrayLike<number>): number {
  check(p, y);
  let sum = 0;
  for (let i = 0; i < p.length; i++) sum += (p[i] - y[i]) ** 2;
  return sum / p.length;
}

/** Mean log loss (cross-entropy, natural log); chances are clipped to [1e-15, 1 − 1e-15] as scikit-learn does. */
export function logLoss(p: ArrayLike<number>, y: ArrayLike<number>): number {
  check(p, y);
  let sum = 0;
  for (let i = 0; i < p.length; i++) {
    const q = Math.min(1 - 1e-15, Math.max(1e-15, p[i]));
    sum -= y[i] === 1 ? Math.log(q) : Math.log(1 - q);
  }
  return sum / p.length;
}

/** One group of a reliability table: how many rows, their mean predicted chance and the share that churned. */
export interface ReliabilityBin {
  /** Lowest and highest predicted chance in the group (for equal-width bins: the bin's edges). */
  from: number;
  to: number;
  count: number;
  predicted: number;
  observed: number;
}

/** Rows grouped into equal-width bins of predicted chance ([0, 0.1), [0.1, 0.2) … [0.9, 1]); empty bins kept with count 0. */
export function reliabilityBins(p: ArrayLike<number>, y: ArrayLike<number>, bins = 10): ReliabilityBin[] {
  check(p, y);
  const count = new Array<number>(bins).fill(0);
  const sumP = new Array<number>(bins).fill(0);
  const sumY = new Array<number>(bins).fill(0);
  for (let i = 0; i < p.length; i++) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor(p[i] * bins)));
    count[b]++;
    sumP[b] += p[i];
    sumY[b] += y[i];
  }
  return count.map((n, b) => ({ from: b / bins, to: (b + 1) / bins, count: n, predicted: n ? sumP[b] / n : 0, observed: n ? sumY[b] / n : 0 }));
}

/** Expected calibration error: Σ over equal-width bins of (rows in bin ÷ all rows) × |mean predicted − share churned|. */
export function expectedCalibrationError(p: ArrayLike<number>, y: ArrayLike<number>, bins = 10): number {
  const n = p.length;
  return reliabilityBins(p, y, bins).reduce((s, b) => s + (b.count / n) * Math.abs(b.predicted - b.observed), 0);
}

/** Rows sorted by predicted chance and cut into `groups` groups of (nearly) equal size: the reliability per decile. */
export function reliabilityDeciles(p: ArrayLike<number>, y: ArrayLike<number>, groups = 10): ReliabilityBin[] {
  check(p, y);
  const order = Array.from({ length: p.length }, (_, i) => i).sort((a, b) => p[a] - p[b]);
  const out: ReliabilityBin[] = [];
  for (let g = 0; g < groups; g++) {
    const start = Math.floor((g * order.length) / groups);
    const end = Math.floor(((g + 1) * order.length) / groups);
    if (end <= start) continue;
    let sumP = 0;
    let sumY = 0;
    for (let k = start; k < end; k++) {
      sumP += p[order[k]];
      sumY += y[order[k]];
    }
    out.push({ from: p[order[start]], to: p[order[end - 1]], count: end - start, predicted: sumP / (end - start), observed: sumY / (end - start) });
  }
  return out;
}

/** The four figures Kizuna reports for a set of predicted chances. */
export interface ProbabilityMetrics {
  auc: number;
  brier: number;
  logLoss: number;
  ece: number;
}

/** AUC, Brier score, log loss and ECE (10 equal-width bins) of predicted chances against outcomes. */
export function probabilityMetrics(p: ArrayLike<number>, y: ArrayLike<number>): ProbabilityMetrics {
  return { auc: rocAuc(p, y), brier: brierScore(p, y), logLoss: logLoss(p, y), ece: expectedCalibrationError(p, y) };
}

function check(p: ArrayLike<number>, y: ArrayLike<number>): void {
  if (p.length !== y.length) throw new Error(`${p.length} predictions but ${y.length} outcomes`);
  if (p.length === 0) throw new Error('no predictions');
}

/** How far apart two AUCs must be to count as different when they disagree with the Brier scores. */
export const AUC_MARGIN = 0.01;

/**
 * Whether a challenger's validated figures beat an incumbent's, AUC and Brier score read together: a lower Brier
 * score with an AUC at most AUC_MARGIN lower, or an AUC more than AUC_MARGIN higher with a Brier score no higher.
 * When the two figures clearly disagree, or tie, the incumbent stays.
 */
export function betterFigures(challenger: Pick<ProbabilityMetrics, 'auc' | 'brier'>, incumbent: Pick<ProbabilityMetrics, 'auc' | 'brier'>): boolean {
  if (!Number.isFinite(incumbent.auc) || !Number.isFinite(incumbent.brier)) return Number.isFinite(challenger.auc);
  if (challenger.brier < incumbent.brier - 1e-9 && challenger.auc >= incumbent.auc - AUC_MARGIN) return true;
  return challenger.auc > incumbent.auc + AUC_MARGIN && challenger.brier <= incumbent.brier + 1e-9;
}
