import { z } from 'zod';
import type { Dataset } from './encoder';
import type { Explanation } from './explain';
import { explainGbdt, fitGbdt, gbdtModelSchema, predictGbdt, type GbdtOptions } from './gbdt';
import { explainLogistic, fitLogistic, logisticModelSchema, predictLogistic, type LogisticOptions } from './logistic';

export const MODEL_KINDS = ['logistic', 'gbdt'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

export const churnModelSchema = z.discriminatedUnion('kind', [logisticModelSchema, gbdtModelSchema]);
export type ChurnModel = z.infer<typeof churnModelSchema>;
export type FitOptions = LogisticOptions & GbdtOptions;

/** Fits a model of the given kind on the training rows. */
export function fitModel(kind: ModelKind, data: Dataset, labels: ArrayLike<number>, rows: readonly number[], options: FitOptions = {}): ChurnModel {
  return kind === 'logistic' ? fitLogistic(data, labels, rows, options) : fitGbdt(data, labels, rows, options);
}

/** Churn probability of each row under any model. */
export function predictModel(model: ChurnModel, data: Dataset, rows: readonly number[]): Float64Array {
  return model.kind === 'logistic' ? predictLogistic(model, data, rows) : predictGbdt(model, data, rows);
}

/** Per-column contributions to one row's score under any model. */
export function explainModel(model: ChurnModel, data: Dataset, row: number): Explanation {
  return model.kind === 'logistic' ? explainLogistic(model, data, row) : explainGbdt(model, data, row);
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
