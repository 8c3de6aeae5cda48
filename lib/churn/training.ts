import { bandsFromBaseRate } from './bands';
import { calibrateAll, chooseCalibration, type CalibrationMethod, type Calibrator } from './calibration';
import { betterFigures, probabilityMetrics, type ProbabilityMetrics } from './metrics';
import { meanSd, rocAuc } from './model/auc';
import type { Dataset } from './model/encoder';
import { splitFold } from './model/folds';
import { explainModel, modelLogits, serializeModel, type AnyModelKind, type ChurnModel } from './model/model';
import { fitValidated, validateModels, type KindValidation } from './model/validate';
import { modelReasons } from './scorer';
import { MIN_PER_CLASS } from './min-labels';
import type { RefusedField, TrainingSet } from './training-set';

// The training rows (labels, days described, leakage guard) live in training-set.ts; imported from here too.
export * from './training-set';

// The constant lives apart so the 'not yet calibrated' mark can name it without the training code.
export { MIN_PER_CLASS } from './min-labels';

/** Not enough churned or retained contacts to train. */
export class TooFewLabelsError extends Error {
  override name = 'TooFewLabelsError';
  constructor(
    readonly positives: number,
    readonly negatives: number,
    readonly min = MIN_PER_CLASS,
  ) {
    super(`too few labelled contacts: ${positives} churned and ${negatives} retained; at least ${min} of each are needed`);
  }
}

export interface FeatureImportance {
  column: string;
  /** Mean |points| this feature adds or removes over the training contacts. */
  points: number;
}

export interface FittedVersion {
  kind: AnyModelKind;
  /** Fold AUCs of the raw scores (as before calibration). */
  cv: { foldAucs: number[]; mean: number; sd: number };
  model: ChurnModel;
  calibration: Calibrator;
  importance: FeatureImportance[];
}

/** One scorer's validated figures, as the panel's table shows them. */
export interface ScorerFigures {
  kind: AnyModelKind | 'rules';
  foldAucs: number[];
  mean: number;
  sd: number;
  raw: ProbabilityMetrics;
  calibrated: ProbabilityMetrics;
  method: CalibrationMethod;
}

export interface TrainResult {
  folds: number;
  positives: number;
  negatives: number;
  /** Share churned among the training rows: the chance of churning within the horizon of an average customer. */
  baseRate: number;
  horizonDays: number;
  /** The rules' points, calibrated by cross-fitting on the same folds (so their Brier score can be compared). */
  rules: ScorerFigures;
  logistic: ScorerFigures;
  gbdt: ScorerFigures;
  ensemble?: ScorerFigures;
  /** The model with the better calibrated figures, fitted on every row: the version to save. */
  fitted: FittedVersion[];
  /** True when that model's validated figures beat the rules' (betterFigures): it should become the active scorer. */
  modelBeatsRules: boolean;
  /** Default bands for that model, from the base rate (bandsFromBaseRate). */
  bands: { medium: number; high: number };
  /** Each row's calibrated out-of-fold chance under that model (what it would have said on the row's day). */
  oof: Float64Array;
  /** That model's calibrated chance for every customer scored now (`set.current`, in its order): the forecast Reports checks later. */
  forecast: Float64Array;
  refused: RefusedField[];
}

export type TrainProgress = (step: 'cv-logistic' | 'cv-gbdt' | 'fit', done: number, total: number) => void;

/** Mean |points| of each feature over (up to 2,000 of) the training rows, largest first. */
export function featureImportance(model: ChurnModel, data: Dataset): FeatureImportance[] {
  const n = data.rows.length;
  const step = Math.max(1, Math.floor(n / 2000));
  const sums = new Map<string, number>();
  let count = 0;
  for (let r = 0; r < n; r += step) {
    const e = explainModel(model, data, r);
    for (const reason of modelReasons(e.base, e.logit, e.contributions)) {
      const column = reason.key.slice(2);
      sums.set(column, (sums.get(column) ?? 0) + Math.abs(reason.points));
    }
    count++;
  }
  return [...sums].map(([column, total]) => ({ column, points: Math.round((total / count) * 10) / 10 })).sort((a, b) => b.points - a.points);
}

const figuresOf = (v: KindValidation): ScorerFigures => ({
  kind: v.kind,
  foldAucs: v.foldAucs,
  mean: v.mean,
  sd: v.sd,
  raw: v.raw,
  calibrated: v.calibration.metrics,
  method: v.calibration.method,
});

/**
 * Validates logistic regression, gradient-boosted trees and their blend (stratified k-fold, k = 5 or fewer on a
 * small history; calibration chosen by cross-fitting) and the rules' points on the same folds; fits the model with
 * the better calibrated figures on every labelled contact, with its calibrator, default bands and the rule's verdict.
 */
export function trainModels(set: TrainingSet, options: { seed?: number; onProgress?: TrainProgress } = {}): TrainResult {
  const { positives, negatives } = set;
  if (Math.min(positives, negatives) < MIN_PER_CLASS) throw new TooFewLabelsError(positives, negatives);
  const seed = options.seed ?? 42;
  const folds = Math.min(5, positives, negatives);
  const progress = options.onProgress ?? (() => {});
  const validation = validateModels(set.dataset, set.labels, {
    folds,
    seed,
    onFold: (kind, f) => progress(kind === 'logistic' ? 'cv-logistic' : 'cv-gbdt', f + 1, folds),
  });
  const { fold } = validation;
  const ruleAucs = Array.from({ length: folds }, (_, f) => {
    const { test } = splitFold(fold, f);
    return rocAuc(
      Float64Array.from(test, (r) => set.rulesScores[r]),
      Array.from(test, (r) => set.labels[r]),
    );
  });
  const rulesCalibration = chooseCalibration(set.rulesScores, set.labels, fold, folds);
  const rules: ScorerFigures = {
    kind: 'rules',
    foldAucs: ruleAucs,
    ...meanSd(ruleAucs),
    // Points are no chance: their "raw" figures read points ÷ 100 as one, to show how far off that is.
    raw: probabilityMetrics(
      set.rulesScores.map((v) => v / 100),
      set.labels,
    ),
    calibrated: rulesCalibration.metrics,
    method: rulesCalibration.method,
  };
  const best = validation.best;
  const model = fitValidated(best, set.dataset, set.labels, { seed });
  progress('fit', 1, 1);
  const byKind = (kind: AnyModelKind) => validation.results.find((r) => r.kind === kind)!;
  const ensemble = validation.results.find((r) => r.kind === 'ensemble');
  const baseRate = positives / (positives + negatives);
  return {
    folds,
    positives,
    negatives,
    baseRate,
    horizonDays: set.horizonDays,
    rules,
    logistic: figuresOf(byKind('logistic')),
    gbdt: figuresOf(byKind('gbdt')),
    ...(ensemble ? { ensemble: figuresOf(ensemble) } : {}),
    fitted: [
      {
        kind: best.kind,
        cv: { foldAucs: best.foldAucs, mean: best.mean, sd: best.sd },
        model,
        calibration: best.calibration.calibrator,
        importance: featureImportance(model, set.dataset),
      },
    ],
    modelBeatsRules: betterFigures(best.calibration.metrics, rules.calibrated),
    bands: bandsFromBaseRate(baseRate),
    oof: best.calibration.calibrated,
    forecast: calibrateAll(
      best.calibration.calibrator,
      modelLogits(
        model,
        { columns: set.dataset.columns, rows: set.current.rows },
        set.current.rows.map((_, i) => i),
      ),
    ),
    refused: set.refused,
  };
}

/** A model record's stored text: the model (`serializeModel`) with its feature importance alongside. */
export function storedModelText(version: FittedVersion): string {
  return JSON.stringify({ ...JSON.parse(serializeModel(version.model)), importance: version.importance });
}

/** The importance stored with a model record; [] when absent or unreadable. */
export function storedImportance(text: string): FeatureImportance[] {
  try {
    const v = JSON.parse(text) as { importance?: unknown };
    return Array.isArray(v.importance) ? v.importance.filter((i): i is FeatureImportance => typeof i?.column === 'string' && typeof i?.points === 'number') : [];
  } catch {
    return [];
  }
}
