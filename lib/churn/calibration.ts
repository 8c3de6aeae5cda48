import { z } from 'zod';
import { probabilityMetrics, type ProbabilityMetrics } from './metrics';

// A calibrated chance never says "certainly" (0 or 1): isotonic blocks of one class would otherwise do so.
const FLOOR = 1e-3;
const clip = (p: number) => Math.min(1 - FLOOR, Math.max(FLOOR, p));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export const calibratorSchema = z.discriminatedUnion('kind', [
  /** Pool adjacent violators: each block's share churned at its mean score, linearly interpolated between blocks. */
  z.object({ kind: z.literal('isotonic'), x: z.array(z.number()), y: z.array(z.number()) }),
  /** Platt scaling: chance = σ(a·score + b). */
  z.object({ kind: z.literal('platt'), a: z.number(), b: z.number() }),
]);
export type Calibrator = z.infer<typeof calibratorSchema>;
export type CalibrationMethod = Calibrator['kind'];
export const CALIBRATION_METHODS: readonly CalibrationMethod[] = ['isotonic', 'platt'];

/** Sorted distinct scores with their row count and churned count (equal scores pooled first). */
function pooled(scores: ArrayLike<number>, y: ArrayLike<number>): { x: number[]; n: number[]; s: number[] } {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  const x: number[] = [];
  const n: number[] = [];
  const s: number[] = [];
  for (const i of order) {
    if (x.length && x[x.length - 1] === scores[i]) {
      n[n.length - 1]++;
      s[s.length - 1] += y[i];
    } else {
      x.push(scores[i]);
      n.push(1);
      s.push(y[i]);
    }
  }
  return { x, n, s };
}

/** Isotonic regression of outcomes on scores by pool adjacent violators (weighted by rows per distinct score), interpolated through block centres. */
export function fitIsotonic(scores: ArrayLike<number>, y: ArrayLike<number>): Calibrator {
  const { x, n, s } = pooled(scores, y);
  // Blocks on a stack: [first x index, last x index, rows, churned]; merge while the mean decreases.
  const blocks: { lo: number; hi: number; n: number; s: number }[] = [];
  for (let i = 0; i < x.length; i++) {
    blocks.push({ lo: i, hi: i, n: n[i], s: s[i] });
    while (blocks.length > 1) {
      const b = blocks[blocks.length - 1];
      const a = blocks[blocks.length - 2];
      if (a.s / a.n < b.s / b.n) break;
      blocks.splice(-2, 2, { lo: a.lo, hi: b.hi, n: a.n + b.n, s: a.s + b.s });
    }
  }
  // Each block is one point, at the mean score of its rows: interpolating between these centres keeps the
  // curve strictly increasing between blocks, so calibration does not tie rows that the model ranked apart.
  const xs: number[] = [];
  const ys: number[] = [];
  for (const b of blocks) {
    let sum = 0;
    for (let i = b.lo; i <= b.hi; i++) sum += x[i] * n[i];
    xs.push(sum / b.n);
    ys.push(clip(b.s / b.n));
  }
  return { kind: 'isotonic', x: xs, y: ys };
}

/**
 * Platt scaling: logistic regression of the outcome on the score, with Platt's smoothed targets
 * ((churned + 1) / (churned + 2) and 1 / (retained + 2)), fitted by Newton's method.
 */
export function fitPlatt(scores: ArrayLike<number>, y: ArrayLike<number>): Calibrator {
  const m = scores.length;
  let positives = 0;
  for (let i = 0; i < m; i++) positives += y[i];
  const hi = (positives + 1) / (positives + 2);
  const lo = 1 / (m - positives + 2);
  // Centre and scale the score so Newton's steps are well conditioned whatever its units (log-odds or points).
  let mean = 0;
  for (let i = 0; i < m; i++) mean += scores[i] / m;
  let sd = 0;
  for (let i = 0; i < m; i++) sd += (scores[i] - mean) ** 2 / m;
  sd = Math.sqrt(sd) || 1;
  let a = 0;
  let b = Math.log((positives + 1) / (m - positives + 1));
  for (let iter = 0; iter < 100; iter++) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-9;
    let hab = 0;
    let hbb = 1e-9;
    for (let i = 0; i < m; i++) {
      const u = (scores[i] - mean) / sd;
      const p = sigmoid(a * u + b);
      const r = p - (y[i] === 1 ? hi : lo);
      const w = p * (1 - p);
      ga += r * u;
      gb += r;
      haa += w * u * u;
      hab += w * u;
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    if (!(det > 0)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-10) break;
  }
  return { kind: 'platt', a: a / sd, b: b - (a * mean) / sd };
}

/** Fits a calibrator of the given method. */
export function fitCalibrator(method: CalibrationMethod, scores: ArrayLike<number>, y: ArrayLike<number>): Calibrator {
  return method === 'isotonic' ? fitIsotonic(scores, y) : fitPlatt(scores, y);
}

/** The calibrated chance of one score. */
export function calibrate(c: Calibrator, score: number): number {
  if (c.kind === 'platt') return clip(sigmoid(c.a * score + c.b));
  const { x, y } = c;
  if (x.length === 0) return 0.5;
  if (score <= x[0]) return y[0];
  if (score >= x[x.length - 1]) return y[y.length - 1];
  let lo = 0;
  let hi = x.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid] <= score) lo = mid;
    else hi = mid;
  }
  const t = x[hi] === x[lo] ? 0 : (score - x[lo]) / (x[hi] - x[lo]);
  return y[lo] + t * (y[hi] - y[lo]);
}

/** Calibrated chances of many scores. */
export function calibrateAll(c: Calibrator, scores: ArrayLike<number>): Float64Array {
  return Float64Array.from(scores as ArrayLike<number>, (s) => calibrate(c, s));
}

export interface CalibrationChoice {
  method: CalibrationMethod;
  /** Fitted on every out-of-fold score: what the saved model uses. */
  calibrator: Calibrator;
  /** Each row's calibrated chance from a calibrator fitted on the other folds' rows only (cross-fitting). */
  calibrated: Float64Array;
  metrics: ProbabilityMetrics;
  /** The cross-fitted figures of each method, for the record. */
  byMethod: Record<CalibrationMethod, ProbabilityMetrics>;
}

/**
 * Chooses isotonic or Platt calibration for out-of-fold scores by cross-fitting: each fold's rows are calibrated by
 * a calibrator fitted on the other folds' rows, and the method with the lower log loss on those held-out chances
 * wins (Platt on a tie: fewer parameters). Log loss punishes the over-confident tails isotonic steps give a
 * small history, so Platt wins there, isotonic on a large one with a curve no logistic fits. The winner is then refitted on every row.
 */
export function chooseCalibration(scores: ArrayLike<number>, y: ArrayLike<number>, fold: ArrayLike<number>, k: number): CalibrationChoice {
  const results = CALIBRATION_METHODS.map((method) => {
    const calibrated = crossFitted(method, scores, y, fold, k);
    return { method, calibrated, metrics: probabilityMetrics(calibrated, y) };
  });
  const [iso, platt] = results;
  const best = iso.metrics.logLoss < platt.metrics.logLoss - 1e-12 ? iso : platt;
  return {
    method: best.method,
    calibrator: fitCalibrator(best.method, scores, y),
    calibrated: best.calibrated,
    metrics: best.metrics,
    byMethod: { isotonic: iso.metrics, platt: platt.metrics },
  };
}

/** Each row calibrated by `method` fitted on the rows of the other folds. */
export function crossFitted(method: CalibrationMethod, scores: ArrayLike<number>, y: ArrayLike<number>, fold: ArrayLike<number>, k: number): Float64Array {
  const out = new Float64Array(scores.length);
  for (let f = 0; f < k; f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < scores.length; i++) (fold[i] === f ? test : train).push(i);
    if (test.length === 0) continue;
    const c = fitCalibrator(
      method,
      train.map((i) => scores[i]),
      train.map((i) => y[i]),
    );
    for (const i of test) out[i] = calibrate(c, scores[i]);
  }
  return out;
}
