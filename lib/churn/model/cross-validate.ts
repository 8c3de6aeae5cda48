import { meanSd, rocAuc } from './auc';
import type { Dataset, EncoderOptions } from './encoder';
import { splitFold, stratifiedFolds } from './folds';
import { fitModel, predictModel, type ModelKind } from './model';

export interface CrossValidation {
  kind: ModelKind;
  foldAucs: number[];
  mean: number;
  sd: number;
}

export interface CrossValidateOptions extends EncoderOptions {
  folds?: number;
  seed?: number;
  /** Called after each fold, for a progress bar. */
  onFold?: (fold: number, auc: number) => void;
}

/** Stratified k-fold ROC AUC of a model kind; the encoder is fitted on each training part only. */
export function crossValidate(data: Dataset, labels: ArrayLike<number>, kind: ModelKind, options: CrossValidateOptions = {}): CrossValidation {
  const k = options.folds ?? 5;
  const seed = options.seed ?? 42;
  const fold = stratifiedFolds(labels, k, seed);
  const foldAucs: number[] = [];
  for (let f = 0; f < k; f++) {
    const { train, test } = splitFold(fold, f);
    const model = fitModel(kind, data, labels, train, { ...options, seed });
    const scores = predictModel(model, data, test);
    const auc = rocAuc(
      scores,
      Array.from(test, (r) => labels[r]),
    );
    foldAucs.push(auc);
    options.onFold?.(f, auc);
  }
  return { kind, foldAucs, ...meanSd(foldAucs) };
}
