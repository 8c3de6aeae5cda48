import { z } from 'zod';
import type { Cell, Dataset } from './encoder';
import { encodeRows, rowEncoder } from './encoder';
import type { Contribution, Explanation } from './explain';
import { explainGbdt, fitGbdt, gbdtLogits, gbdtModelSchema, type GbdtModel, type GbdtOptions } from './gbdt';
import { treeValue } from './gbdt-tree';
import { explainLogistic, fitLogistic, logisticLogits, logisticModelSchema, sigmoid, type LogisticModel, type LogisticOptions } from './logistic';

/** Kinds fitted on their own; an ensemble is made from one of each (see ensemble below). */
export const MODEL_KINDS = ['logistic', 'gbdt'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];
/** Every kind a saved model can be. */
export type AnyModelKind = ModelKind | 'ensemble';

/** A blend of both kinds: log-odds = weight × logistic + (1 − weight) × trees. */
export const ensembleModelSchema = z.object({
  kind: z.literal('ensemble'),
  version: z.literal(1),
  weight: z.number().min(0).max(1),
  logistic: logisticModelSchema,
  gbdt: gbdtModelSchema,
});
export type EnsembleModel = z.infer<typeof ensembleModelSchema>;

export const churnModelSchema = z.discriminatedUnion('kind', [logisticModelSchema, gbdtModelSchema, ensembleModelSchema]);
export type ChurnModel = z.infer<typeof churnModelSchema>;
export type FitOptions = LogisticOptions & GbdtOptions;

/** Fits a model of the given kind on the training rows. */
export function fitModel(kind: ModelKind, data: Dataset, labels: ArrayLike<number>, rows: readonly number[], options: FitOptions = {}): ChurnModel {
  return kind === 'logistic' ? fitLogistic(data, labels, rows, options) : fitGbdt(data, labels, rows, options);
}

/** Log-odds of churn of each row under any model (before calibration). */
export function modelLogits(model: ChurnModel, data: Dataset, rows: readonly number[]): Float64Array {
  if (model.kind === 'ensemble') {
    const a = modelLogits(model.logistic, data, rows);
    const b = modelLogits(model.gbdt, data, rows);
    return a.map((v, i) => model.weight * v + (1 - model.weight) * b[i]);
  }
  const x = encodeRows(model.encoder, data, rows);
  return model.kind === 'logistic' ? logisticLogits(model, x, rows.length) : gbdtLogits(model, x, rows.length);
}

/** A model compiled to score one row at a time: its input columns, and the log-odds of a row of them (as modelLogits). */
export interface RowScorer {
  columns: string[];
  logit(row: readonly Cell[]): number;
}

const rowScorers = new WeakMap<ChurnModel, RowScorer>();

/** One part's log-odds of a row, with one buffer reused row after row: the sums run in modelLogits' order (same figures). */
function partLogit(model: LogisticModel | GbdtModel, columns: readonly string[]): (row: readonly Cell[]) => number {
  const encode = rowEncoder(model.encoder, columns);
  const x = new Float64Array(model.encoder.features.length);
  const w = model.kind === 'logistic' ? Float64Array.from(model.weights) : null;
  return (row) => {
    x.fill(0);
    encode(row, x, 0);
    if (model.kind === 'logistic') {
      let z = model.intercept;
      for (let j = 0; j < x.length; j++) z += x[j] * w![j];
      return z;
    }
    let z = model.init;
    for (const tree of model.trees) z += treeValue(tree, x, 0);
    return z;
  };
}

/**
 * The model's row scorer, made once per model object: a rescore scores a book row by row, and building the encoder's
 * lookups, the column list and a matrix for each row cost more than the scoring (issue #12, the model's nothing-changed run).
 */
export function rowScorer(model: ChurnModel): RowScorer {
  let scorer = rowScorers.get(model);
  if (scorer) return scorer;
  const columns = modelColumns(model);
  if (model.kind === 'ensemble') {
    const a = partLogit(model.logistic, columns);
    const b = partLogit(model.gbdt, columns);
    scorer = { columns, logit: (row) => model.weight * a(row) + (1 - model.weight) * b(row) };
  } else scorer = { columns, logit: partLogit(model, columns) };
  rowScorers.set(model, scorer);
  return scorer;
}

/** Churn probability of each row under any model (before calibration). */
export function predictModel(model: ChurnModel, data: Dataset, rows: readonly number[]): Float64Array {
  return modelLogits(model, data, rows).map(sigmoid);
}

/** Per-column contributions to one row's log-odds under any model. */
export function explainModel(model: ChurnModel, data: Dataset, row: number): Explanation {
  if (model.kind === 'logistic') return explainLogistic(model, data, row);
  if (model.kind === 'gbdt') return explainGbdt(model, data, row);
  const w = model.weight;
  const a = explainLogistic(model.logistic, data, row);
  const b = explainGbdt(model.gbdt, data, row);
  const byColumn = new Map<string, Contribution>();
  for (const [e, share] of [
    [a, w],
    [b, 1 - w],
  ] as const) {
    for (const c of e.contributions) {
      const sum = byColumn.get(c.column) ?? { ...c, contribution: 0 };
      sum.contribution += share * c.contribution;
      byColumn.set(c.column, sum);
    }
  }
  const contributions = [...byColumn.values()].sort((p, q) => Math.abs(q.contribution) - Math.abs(p.contribution));
  const base = w * a.base + (1 - w) * b.base;
  const logit = w * a.logit + (1 - w) * b.logit;
  return { base, logit, probability: sigmoid(logit), contributions };
}

/** The input columns a model reads. */
export function modelColumns(model: ChurnModel): string[] {
  if (model.kind !== 'ensemble') return [...new Set(model.encoder.inputs.flatMap((i) => (i.kind === 'total' ? i.columns : [i.column])))];
  return [...new Set([...modelColumns(model.logistic), ...modelColumns(model.gbdt)])];
}

/** A model as JSON text, for storage with its version. */
export function serializeModel(model: ChurnModel): string {
  return JSON.stringify(model);
}

/** Reads a stored model back, validating it; the error says what is wrong. */
export function parseModel(json: string): { ok: true; model: ChurnModel } | { ok: false; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return { ok: false, error: `not JSON: ${(error as Error).message}` };
  }
  const result = churnModelSchema.safeParse(value);
  return result.success ? { ok: true, model: result.data } : { ok: false, error: z.prettifyError(result.error) };
}
