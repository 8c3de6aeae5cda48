import type { Activity, Contact } from '../db/types';
import type { CustomField } from '../settings';
import type { FieldMapping } from './crm-signals';
import { customFeatureKeys, effectiveMapping, featureColumns, featuresFromInput } from './features';
import { churnInputOf } from './from-activities';
import { meanSd, rocAuc } from './model/auc';
import { crossValidate, type CrossValidation } from './model/cross-validate';
import type { Dataset } from './model/encoder';
import { splitFold, stratifiedFolds } from './model/folds';
import { explainModel, fitModel, serializeModel, type ChurnModel, type ModelKind } from './model/model';
import type { RulesConfig } from './rules-config';
import { scoreByRules } from './rules';
import { modelReasons } from './scorer';

/** Fewest contacts of each class (churned, retained) to train and cross-validate. */
export const MIN_PER_CLASS = 5;

/**
 * A contact's training label: 1 churned (stage Churned), 0 retained (stage Customer or Advocate);
 * null for leads and contacts at risk (their outcome is not known yet).
 */
export function labelOf(contact: Pick<Contact, 'stage'>): 0 | 1 | null {
  if (contact.stage === 'churned') return 1;
  return contact.stage === 'customer' || contact.stage === 'advocate' ? 0 : null;
}

export interface TrainingSet {
  dataset: Dataset;
  labels: Uint8Array;
  /** The rules' score of each row (stage rule off: stage is the label). */
  rulesScores: Float64Array;
  contactIds: number[];
  positives: number;
  negatives: number;
}

export interface TrainingSettings {
  rules: RulesConfig;
  mapping: FieldMapping;
}

/**
 * The labelled contacts as a dataset of `contactFeatures` rows. A churned contact is described as it was on
 * the day it churned (`churnedAt`; activities after it are left out), so the model learns what came
 * before churn, not the silence after it. Retained contacts are described as of `now`.
 */
export function buildTrainingSet(
  contacts: readonly Contact[],
  activitiesOf: (contactId: number) => readonly Activity[],
  now: number,
  settings: TrainingSettings,
  customFields: readonly Pick<CustomField, 'key'>[],
  timeZone = 'UTC',
): TrainingSet {
  const columns = featureColumns(settings.mapping, customFields);
  const customKeys = customFeatureKeys(settings.mapping, customFields);
  const rules: RulesConfig = { ...settings.rules, stage: { ...settings.rules.stage, enabled: false } };
  const rows: Dataset['rows'] = [];
  const labels: number[] = [];
  const rulesScores: number[] = [];
  const contactIds: number[] = [];
  for (const contact of contacts) {
    const label = labelOf(contact);
    if (label === null) continue;
    const asOf = label === 1 ? (contact.churnedAt ?? now) : now;
    const activities = activitiesOf(contact.id).filter((a) => a.at <= asOf);
    const input = churnInputOf(contact, activities, asOf, { mapping: effectiveMapping(settings.mapping, contact.custom), timeZone });
    const features = featuresFromInput(input, contact, customKeys);
    rows.push(columns.map((c) => features[c]));
    labels.push(label);
    rulesScores.push(scoreByRules(input, rules).score);
    contactIds.push(contact.id);
  }
  const positives = labels.reduce((s, v) => s + v, 0);
  return { dataset: { columns, rows }, labels: Uint8Array.from(labels), rulesScores: Float64Array.from(rulesScores), contactIds, positives, negatives: labels.length - positives };
}

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
  kind: ModelKind;
  cv: CrossValidation;
  model: ChurnModel;
  importance: FeatureImportance[];
}

export interface TrainResult {
  folds: number;
  positives: number;
  negatives: number;
  rules: { foldAucs: number[]; mean: number; sd: number };
  logistic: CrossValidation;
  gbdt: CrossValidation;
  /** The logistic model, and the trees too when cross-validation shows them better. */
  fitted: FittedVersion[];
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

/**
 * Cross-validates logistic regression and gradient-boosted trees (stratified k-fold, k = 5 or fewer on a
 * small history) and the rules' scores on the same folds, then fits the logistic model on every labelled
 * contact (and the trees when their mean AUC is higher).
 */
export function trainModels(set: TrainingSet, options: { seed?: number; onProgress?: TrainProgress } = {}): TrainResult {
  const { positives, negatives } = set;
  if (Math.min(positives, negatives) < MIN_PER_CLASS) throw new TooFewLabelsError(positives, negatives);
  const seed = options.seed ?? 42;
  const folds = Math.min(5, positives, negatives);
  const progress = options.onProgress ?? (() => {});
  const fold = stratifiedFolds(set.labels, folds, seed);
  const ruleAucs = Array.from({ length: folds }, (_, f) => {
    const { test } = splitFold(fold, f);
    return rocAuc(Float64Array.from(test, (r) => set.rulesScores[r]), Array.from(test, (r) => set.labels[r]));
  });
  const logistic = crossValidate(set.dataset, set.labels, 'logistic', { folds, seed, onFold: (f) => progress('cv-logistic', f + 1, folds) });
  const gbdt = crossValidate(set.dataset, set.labels, 'gbdt', { folds, seed, onFold: (f) => progress('cv-gbdt', f + 1, folds) });
  const all = Array.from({ length: set.labels.length }, (_, i) => i);
  const kinds: ModelKind[] = gbdt.mean > logistic.mean ? ['logistic', 'gbdt'] : ['logistic'];
  const fitted = kinds.map((kind, i) => {
    const model = fitModel(kind, set.dataset, set.labels, all, { seed });
    progress('fit', i + 1, kinds.length);
    return { kind, cv: kind === 'logistic' ? logistic : gbdt, model, importance: featureImportance(model, set.dataset) };
  });
  return { folds, positives, negatives, rules: { foldAucs: ruleAucs, ...meanSd(ruleAucs) }, logistic, gbdt, fitted };
}

/** A model record's stored text: the model (`serializeModel`) with its feature importance alongside. */
export function storedModelText(version: FittedVersion): string {
  return JSON.stringify({ ...JSON.parse(serializeModel(version.model)), importance: version.importance });
}

/** The importance stored with a model record; [] when absent or unreadable. */
export function storedImportance(text: string): FeatureImportance[] {
  try {
    const v = JSON.parse(text) as { importance?: unknown };
    return Array.isArray(v.importance)
      ? v.importance.filter((i): i is FeatureImportance => typeof i?.column === 'string' && typeof i?.points === 'number')
      : [];
  } catch {
    return [];
  }
}
