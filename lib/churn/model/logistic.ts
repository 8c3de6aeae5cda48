import { z } from 'zod';
import { encodeRows, encoderSchema, fitEncoder, type Dataset, type EncoderOptions } from './encoder';
import { explanationFrom, type Explanation } from './explain';
import { lbfgs } from './lbfgs';

export const logisticModelSchema = z.object({
  kind: z.literal('logistic'),
  version: z.literal(1),
  encoder: encoderSchema,
  intercept: z.number(),
  weights: z.array(z.number()),
  /** Training mean of each encoded feature: contributions are measured from the average contact. */
  means: z.array(z.number()),
});
export type LogisticModel = z.infer<typeof logisticModelSchema>;

export interface LogisticOptions extends EncoderOptions {
  /** L2 penalty on the weights (not the intercept), as 1/C in scikit-learn terms. Default 1. */
  l2?: number;
  maxIterations?: number;
}

/** Quantile bins per numeric column in the logistic model's encoding. */
export const LOGISTIC_NUMERIC_BINS = 8;
/** Hinge knots (at quantiles) per numeric column in the logistic model's encoding: besides the bins' steps, a line that bends. */
export const LOGISTIC_NUMERIC_HINGES = 8;

const log1pExp = (z: number) => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));
/** The logistic function. */
export const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Fits L2-penalised logistic regression on an encoded row-major matrix; returns [intercept, ...weights]. */
export function fitLogisticMatrix(x: Float64Array, y: ArrayLike<number>, d: number, options: LogisticOptions = {}): Float64Array {
  const n = y.length;
  const l2 = options.l2 ?? 1;
  // Averaged over rows so one tolerance suits 100 rows and 100,000.
  const objective = (w: Float64Array, grad: Float64Array) => {
    grad.fill(0);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const row = i * d;
      let z = w[0];
      for (let j = 0; j < d; j++) z += x[row + j] * w[j + 1];
      loss += log1pExp(z) - y[i] * z;
      const r = sigmoid(z) - y[i];
      grad[0] += r;
      for (let j = 0; j < d; j++) grad[j + 1] += r * x[row + j];
    }
    let penalty = 0;
    for (let j = 1; j <= d; j++) {
      penalty += w[j] * w[j];
      grad[j] += l2 * w[j];
    }
    for (let j = 0; j <= d; j++) grad[j] /= n;
    return (loss + 0.5 * l2 * penalty) / n;
  };
  return lbfgs(objective, new Float64Array(d + 1), { maxIterations: options.maxIterations ?? 1000, tolerance: 1e-7 }).w;
}

/** Fits the encoder and the logistic regression on the given training rows. */
export function fitLogistic(data: Dataset, labels: ArrayLike<number>, rows: readonly number[], options: LogisticOptions = {}): LogisticModel {
  // Numbers also as 8 quantile bins, hinges and a log term, so the model can follow a curve (churn rising only past
  // some usage, or levelling off with tenure): a GAM-like logistic model.
  const encoder = fitEncoder(data, rows, { numericBins: LOGISTIC_NUMERIC_BINS, numericHinges: LOGISTIC_NUMERIC_HINGES, ...options });
  const d = encoder.features.length;
  const x = encodeRows(encoder, data, rows);
  const y = Float64Array.from(rows, (r) => labels[r]);
  const w = fitLogisticMatrix(x, y, d, options);
  const means = new Array<number>(d).fill(0);
  for (let i = 0; i < rows.length; i++) for (let j = 0; j < d; j++) means[j] += x[i * d + j] / rows.length;
  return { kind: 'logistic', version: 1, encoder, intercept: w[0], weights: Array.from(w.subarray(1)), means };
}

/** Log-odds of churn for each row, from an already encoded matrix. */
export function logisticLogits(model: LogisticModel, x: Float64Array, n: number): Float64Array {
  const d = model.weights.length;
  const w = Float64Array.from(model.weights);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = model.intercept;
    for (let j = 0; j < d; j++) z += x[i * d + j] * w[j];
    out[i] = z;
  }
  return out;
}

/** Churn probability for each row. */
export function predictLogistic(model: LogisticModel, data: Dataset, rows: readonly number[]): Float64Array {
  return logisticLogits(model, encodeRows(model.encoder, data, rows), rows.length).map(sigmoid);
}

/** Each input column's contribution to one row's log-odds, against the average training row. */
export function explainLogistic(model: LogisticModel, data: Dataset, row: number): Explanation {
  const x = encodeRows(model.encoder, data, [row]);
  let base = model.intercept;
  const perFeature = model.weights.map((w, j) => {
    base += w * model.means[j];
    return w * (x[j] - model.means[j]);
  });
  return explanationFrom(model.encoder, data, row, base, perFeature);
}
