import { z } from 'zod';
import { binEdges, binMatrix } from './bins';
import { encodeRows, encoderSchema, fitEncoder, type Dataset, type EncoderOptions } from './encoder';
import { explanationFrom, type Explanation } from './explain';
import { stratifiedFolds } from './folds';
import { attributePath, growTree, treeValue, type Tree, type TreeOptions } from './gbdt-tree';
import { sigmoid } from './logistic';

const treeSchema = z.object({
  feature: z.array(z.number().int()),
  threshold: z.array(z.number()),
  left: z.array(z.number().int()),
  right: z.array(z.number().int()),
  value: z.array(z.number()),
});
export const gbdtModelSchema = z.object({
  kind: z.literal('gbdt'),
  version: z.literal(1),
  encoder: encoderSchema,
  /** Log-odds before any tree. */
  init: z.number(),
  trees: z.array(treeSchema),
});
export type GbdtModel = z.infer<typeof gbdtModelSchema>;

export interface GbdtOptions extends EncoderOptions, Partial<TreeOptions> {
  /** Boosting rounds (the most, with early stopping). Default 100. */
  rounds?: number;
  maxBins?: number;
  /** Hold out 10 % (stratified, seeded) and stop after `patience` rounds without gain. Default: only above 10,000 rows. */
  earlyStopping?: boolean;
  patience?: number;
  seed?: number;
}

/** Rows per leaf by default for n training rows: 2 % of them, at least 3. */
export function defaultMinSamplesLeaf(n: number): number {
  return Math.max(3, Math.round(n / 50));
}

const logLoss = (y: number, z: number) => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - y * z;

/** Fits gradient-boosted trees on log-loss over an encoded row-major matrix. */
export function fitGbdtMatrix(x: Float64Array, y: ArrayLike<number>, d: number, options: GbdtOptions = {}): { init: number; trees: Tree[] } {
  const n = y.length;
  // As scikit-learn's HistGradientBoostingClassifier: 31 leaves grown best-first, no L2 on a large history; on a
  // small one L2 1 (so few rows cannot give a leaf an extreme value). Rows per leaf: 2 % of the rows, at least 3
  // (chosen by nested cross-validation, see docs/churn.md: scikit-learn's fixed 20 lets 100 rounds of 31 leaves
  // fit the noise of a few thousand rows).
  const o: TreeOptions = {
    maxDepth: options.maxDepth ?? 12,
    minSamplesLeaf: options.minSamplesLeaf ?? defaultMinSamplesLeaf(n),
    lambda: options.lambda ?? (n >= 1000 ? 0 : 1),
    learningRate: options.learningRate ?? 0.1,
    maxLeaves: options.maxLeaves ?? 31,
  };
  const rounds = options.rounds ?? 100;
  const early = options.earlyStopping ?? n > 10_000;
  const patience = options.patience ?? 10;
  const held = early ? stratifiedFolds(y, 10, options.seed ?? 42) : null;
  const trainRows: number[] = [];
  const validRows: number[] = [];
  for (let i = 0; i < n; i++) (held && held[i] === 0 ? validRows : trainRows).push(i);
  const rows = Uint32Array.from(trainRows);

  const binned = binMatrix(x, n, d, binEdges(selectRows(x, d, trainRows), trainRows.length, d, options.maxBins ?? 255));
  let positives = 0;
  for (const r of trainRows) positives += y[r];
  const p0 = Math.min(1 - 1e-6, Math.max(1e-6, positives / trainRows.length));
  const init = Math.log(p0 / (1 - p0));
  const raw = new Float64Array(n).fill(init);
  const grad = new Float64Array(n);
  const hess = new Float64Array(n);
  const trees: Tree[] = [];
  let bestLoss = Infinity;
  let bestCount = 0;
  for (let round = 0; round < rounds; round++) {
    for (const r of rows) {
      const p = sigmoid(raw[r]);
      grad[r] = p - y[r];
      hess[r] = Math.max(p * (1 - p), 1e-16);
    }
    const tree = growTree(binned, rows, grad, hess, o);
    trees.push(tree);
    for (let i = 0; i < n; i++) raw[i] += treeValue(tree, x, i * d);
    if (!early) continue;
    let loss = 0;
    for (const r of validRows) loss += logLoss(y[r], raw[r]);
    if (loss < bestLoss - 1e-9) {
      bestLoss = loss;
      bestCount = trees.length;
    } else if (trees.length - bestCount >= patience) break;
  }
  return { init, trees: early ? trees.slice(0, bestCount) : trees };
}

function selectRows(x: Float64Array, d: number, rows: number[]): Float64Array {
  const out = new Float64Array(rows.length * d);
  rows.forEach((r, i) => out.set(x.subarray(r * d, r * d + d), i * d));
  return out;
}

/** Fits the encoder and the boosted trees on the given training rows. */
export function fitGbdt(data: Dataset, labels: ArrayLike<number>, rows: readonly number[], options: GbdtOptions = {}): GbdtModel {
  // Trees bin numbers themselves: no extra bin features.
  const encoder = fitEncoder(data, rows, { ...options, numericBins: 0 });
  const x = encodeRows(encoder, data, rows);
  const { init, trees } = fitGbdtMatrix(
    x,
    Float64Array.from(rows, (r) => labels[r]),
    encoder.features.length,
    options,
  );
  return { kind: 'gbdt', version: 1, encoder, init, trees };
}

/** Log-odds of churn for each row of an encoded matrix. */
export function gbdtLogits(model: GbdtModel, x: Float64Array, n: number): Float64Array {
  const d = model.encoder.features.length;
  const out = new Float64Array(n).fill(model.init);
  for (const tree of model.trees) for (let i = 0; i < n; i++) out[i] += treeValue(tree, x, i * d);
  return out;
}

/** Churn probability for each row. */
export function predictGbdt(model: GbdtModel, data: Dataset, rows: readonly number[]): Float64Array {
  return gbdtLogits(model, encodeRows(model.encoder, data, rows), rows.length).map(sigmoid);
}

/** Each input column's contribution to one row's log-odds (Saabas path attribution). */
export function explainGbdt(model: GbdtModel, data: Dataset, row: number): Explanation {
  const x = encodeRows(model.encoder, data, [row]);
  const perFeature = new Float64Array(model.encoder.features.length);
  let base = model.init;
  for (const tree of model.trees) {
    base += tree.value[0];
    attributePath(tree, x, 0, perFeature);
  }
  return explanationFrom(model.encoder, data, row, base, perFeature);
}
