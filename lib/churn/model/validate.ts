import { chooseCalibration, type CalibrationChoice } from '../calibration';
import { betterFigures, probabilityMetrics, type ProbabilityMetrics } from '../metrics';
import { meanSd, rocAuc } from './auc';
import type { Dataset } from './encoder';
import { splitFold, stratifiedFolds } from './folds';
import { sigmoid } from './logistic';
import { fitModel, modelLogits, type AnyModelKind, type ChurnModel, type FitOptions, type ModelKind } from './model';

/** One scorer's validated figures: fold AUCs of its raw scores, and raw and calibrated figures of its out-of-fold chances. */
export interface KindValidation {
  kind: AnyModelKind;
  foldAucs: number[];
  mean: number;
  sd: number;
  /** Each row's log-odds from the model fitted without its fold. */
  oofLogit: Float64Array;
  raw: ProbabilityMetrics;
  /** Calibration chosen by cross-fitting; `calibration.metrics` are the calibrated out-of-fold figures. */
  calibration: CalibrationChoice;
  /** Ensemble only: the logistic model's share of the blended log-odds, chosen on all out-of-fold rows. */
  weight?: number;
}

export interface Validation {
  folds: number;
  fold: Int32Array;
  results: KindValidation[];
  /** The kind with the better calibrated figures (see betterFigures). */
  best: KindValidation;
}

export interface ValidateOptions extends FitOptions {
  folds?: number;
  seed?: number;
  kinds?: ModelKind[];
  /** Also validate a blend of logistic and trees (needs both kinds). Default true. */
  ensemble?: boolean;
  /** After each fold of each kind, for progress and the CLI's per-fold lines. */
  onFold?: (kind: ModelKind, fold: number, auc: number) => void;
}

const WEIGHTS = Array.from({ length: 11 }, (_, i) => i / 10);

/** The blend weight (0, 0.1 … 1) whose log-odds rank the given rows best (higher AUC; on a tie, the larger weight). */
function bestWeight(a: Float64Array, b: Float64Array, y: ArrayLike<number>, rows: number[]): number {
  let best = { w: 1, auc: -1 };
  const labels = rows.map((r) => y[r]);
  for (const w of WEIGHTS) {
    const auc = rocAuc(
      rows.map((r) => w * a[r] + (1 - w) * b[r]),
      labels,
    );
    if (auc > best.auc + 1e-12 || (Math.abs(auc - best.auc) <= 1e-12 && w > best.w)) best = { w, auc };
  }
  return best.w;
}

function summarize(kind: AnyModelKind, oofLogit: Float64Array, y: ArrayLike<number>, fold: Int32Array, k: number, weight?: number): KindValidation {
  const foldAucs = Array.from({ length: k }, (_, f) => {
    const { test } = splitFold(fold, f);
    return rocAuc(
      test.map((r) => oofLogit[r]),
      test.map((r) => y[r]),
    );
  });
  return {
    kind,
    foldAucs,
    ...meanSd(foldAucs),
    oofLogit,
    raw: probabilityMetrics(oofLogit.map(sigmoid), y),
    calibration: chooseCalibration(oofLogit, y, fold, k),
    ...(weight === undefined ? {} : { weight }),
  };
}

/**
 * Stratified k-fold validation of each model kind on the same folds: out-of-fold log-odds, fold AUCs, raw and
 * calibrated figures (calibration chosen by cross-fitting), and with both kinds a blend whose weight is chosen by
 * cross-fitting too (each fold's rows blended with the weight that ranks the other folds' rows best).
 */
export function validateModels(data: Dataset, labels: ArrayLike<number>, options: ValidateOptions = {}): Validation {
  const k = options.folds ?? 5;
  const seed = options.seed ?? 42;
  const kinds = options.kinds ?? ['logistic', 'gbdt'];
  const fold = stratifiedFolds(labels, k, seed);
  const oof = new Map<ModelKind, Float64Array>();
  for (const kind of kinds) {
    const logits = new Float64Array(labels.length);
    for (let f = 0; f < k; f++) {
      const { train, test } = splitFold(fold, f);
      const model = fitModel(kind, data, labels, train, { ...options, seed });
      const z = modelLogits(model, data, test);
      test.forEach((r, i) => (logits[r] = z[i]));
      options.onFold?.(
        kind,
        f,
        rocAuc(
          z,
          test.map((r) => labels[r]),
        ),
      );
    }
    oof.set(kind, logits);
  }
  const results = kinds.map((kind) => summarize(kind, oof.get(kind)!, labels, fold, k));
  const lr = oof.get('logistic');
  const gb = oof.get('gbdt');
  if (lr && gb && options.ensemble !== false) {
    const blended = new Float64Array(labels.length);
    for (let f = 0; f < k; f++) {
      const { train, test } = splitFold(fold, f);
      const w = bestWeight(lr, gb, labels, train);
      for (const r of test) blended[r] = w * lr[r] + (1 - w) * gb[r];
    }
    const all = Array.from({ length: labels.length }, (_, i) => i);
    results.push(summarize('ensemble', blended, labels, fold, k, bestWeight(lr, gb, labels, all)));
  }
  const best = results.reduce((a, b) => (betterFigures(b.calibration.metrics, a.calibration.metrics) ? b : a));
  return { folds: k, fold, results, best };
}

/** Fits the validated kind on every row (an ensemble: both kinds, blended with its chosen weight). */
export function fitValidated(v: KindValidation, data: Dataset, labels: ArrayLike<number>, options: FitOptions & { seed?: number } = {}): ChurnModel {
  const all = Array.from({ length: labels.length }, (_, i) => i);
  if (v.kind !== 'ensemble') return fitModel(v.kind, data, labels, all, options);
  const logistic = fitModel('logistic', data, labels, all, options);
  const gbdt = fitModel('gbdt', data, labels, all, options);
  if (logistic.kind !== 'logistic' || gbdt.kind !== 'gbdt') throw new Error('unexpected model kinds');
  return { kind: 'ensemble', version: 1, weight: v.weight ?? 0.5, logistic, gbdt };
}
