import type { Activity, Contact } from '../db/types';
import type { CustomField } from '../settings';
import type { FieldMapping } from './crm-signals';
import { churnEligible } from './eligible';
import { customFeatureKeys, customFeatureValue, effectiveMapping, featureColumns, featuresFromInput } from './features';
import { seededRandom } from '../random';
import { churnInputOf } from './from-activities';
import { bandsFromBaseRate } from './bands';
import { chooseCalibration, type CalibrationMethod, type Calibrator } from './calibration';
import { betterFigures, probabilityMetrics, type ProbabilityMetrics } from './metrics';
import { meanSd, rocAuc } from './model/auc';
import type { Dataset } from './model/encoder';
import { splitFold } from './model/folds';
import { explainModel, serializeModel, type AnyModelKind, type ChurnModel } from './model/model';
import { fitValidated, validateModels, type KindValidation } from './model/validate';
import type { RulesConfig } from './rules-config';
import { scoreByRules } from './rules';
import { modelReasons } from './scorer';

/** Fewest contacts of each class (churned, retained) to train and cross-validate. */
export const MIN_PER_CLASS = 5;

/** The default horizon: the score is the chance of churning within this many days. */
export const DEFAULT_HORIZON_DAYS = 90;

const DAY = 86_400_000;

/**
 * A contact's training label: 1 churned (stage Churned), 0 retained (a customer who may be scored: see
 * churnEligible); null for everyone else (leads, do-not-contact customers).
 */
export function labelOf(contact: Pick<Contact, 'stage'> & Partial<Pick<Contact, 'doNotContact'>>): 0 | 1 | null {
  if (contact.stage === 'churned') return 1;
  return churnEligible({ stage: contact.stage, doNotContact: contact.doNotContact ?? 0 }) ? 0 : null;
}

/** On which day a training row describes its contact, and why. */
export type SnapshotKind =
  /** Churned: a day within the horizon before `churnedAt`. */
  | 'before-churn'
  /** Retained: `now − horizon`, so the whole horizon after it is known to have passed without churn. */
  | 'horizon-ago'
  /** Churned without `churnedAt`, or retained with no dated history as old as the horizon: as of now. */
  | 'today';

/** A custom field the training refused because it exists only after churn. */
export interface RefusedField {
  key: string;
  /** only-churned: filled (almost) only for churned contacts; after-snapshot: dates after the day described, for churned contacts. */
  reason: 'only-churned' | 'after-snapshot';
  filledChurned: number;
  filledRetained: number;
}

export interface TrainingSet {
  dataset: Dataset;
  labels: Uint8Array;
  /** The rules' score of each row (stage rule off: stage is the label). */
  rulesScores: Float64Array;
  contactIds: number[];
  /** The day each row describes (epoch ms) and why that day. */
  asOf: number[];
  snapshot: SnapshotKind[];
  positives: number;
  negatives: number;
  horizonDays: number;
  /** Custom fields left out by the leakage guard, with the reason the panel shows. */
  refused: RefusedField[];
}

export interface TrainingSettings {
  rules: RulesConfig;
  mapping: FieldMapping;
  /** The chance is of churning within this many days; default 90. */
  horizonDays?: number;
  /** Custom field keys the user chose to feed the model; absent or null: every custom field not mapped to a CRM signal. */
  modelFields?: string[] | null;
}

/** A value between 0 and 1 from a contact id, so a churned contact's day before churn is the same at every training. */
function unitFromId(id: number): number {
  return seededRandom(id * 2654435761)();
}

/** The first day a contact's history shows it: customer since, else its oldest dated activity; null when undated. */
function historyStart(contact: Contact, activities: readonly Activity[]): number | null {
  let start = contact.customerSince ?? Infinity;
  for (const a of activities) if (a.at < start) start = a.at;
  return Number.isFinite(start) ? start : null;
}

/**
 * The day a training row describes, honest about the horizon H: a churned contact as of a day 1…H days before
 * `churnedAt` (fixed per contact, spread over the horizon, never before it became a customer), so the model learns
 * what the weeks before churn look like and the label is "churned within H days"; a retained customer as of H days
 * ago when its history reaches that far back (it then stayed for the whole horizon); otherwise as of now.
 */
export function snapshotOf(contact: Contact, label: 0 | 1, activities: readonly Activity[], now: number, horizonDays: number): { asOf: number; kind: SnapshotKind } {
  if (label === 1) {
    if (contact.churnedAt === undefined) return { asOf: now, kind: 'today' };
    const days = 1 + Math.floor(unitFromId(contact.id) * horizonDays);
    const asOf = Math.max(contact.churnedAt - Math.min(horizonDays, days) * DAY, Math.min(contact.customerSince ?? -Infinity, contact.churnedAt));
    return { asOf, kind: 'before-churn' };
  }
  const start = historyStart(contact, activities);
  const horizonAgo = now - horizonDays * DAY;
  return start !== null && start <= horizonAgo ? { asOf: horizonAgo, kind: 'horizon-ago' } : { asOf: now, kind: 'today' };
}

/**
 * The labelled contacts as a dataset of `contactFeatures` rows, each described as of its snapshot day (see
 * snapshotOf; activities after that day are left out), with the custom fields the user chose, less those the
 * leakage guard refuses (see leakageGuard).
 */
export function buildTrainingSet(
  contacts: readonly Contact[],
  activitiesOf: (contactId: number) => readonly Activity[],
  now: number,
  settings: TrainingSettings,
  customFields: readonly Pick<CustomField, 'key'>[],
  timeZone = 'UTC',
): TrainingSet {
  const horizonDays = settings.horizonDays ?? DEFAULT_HORIZON_DAYS;
  const chosen = settings.modelFields ? new Set(settings.modelFields) : null;
  const fields = customFields.filter((f) => !chosen || chosen.has(f.key));
  const rules: RulesConfig = { ...settings.rules, stage: { ...settings.rules.stage, enabled: false } };
  const picked: { contact: Contact; label: 0 | 1; asOf: number; kind: SnapshotKind; activities: readonly Activity[] }[] = [];
  for (const contact of contacts) {
    const label = labelOf(contact);
    if (label === null) continue;
    const all = activitiesOf(contact.id);
    const { asOf, kind } = snapshotOf(contact, label, all, now, horizonDays);
    picked.push({ contact, label, asOf, kind, activities: all.filter((a) => a.at <= asOf) });
  }
  const refused = leakageGuard(
    picked,
    customFeatureKeys(settings.mapping, fields),
  );
  const usable = fields.filter((f) => !refused.some((r) => r.key === f.key));
  const columns = featureColumns(settings.mapping, usable);
  const customKeys = customFeatureKeys(settings.mapping, usable);
  const rows: Dataset['rows'] = [];
  const rulesScores: number[] = [];
  for (const { contact, asOf, activities } of picked) {
    const input = churnInputOf(contact, activities, asOf, { mapping: effectiveMapping(settings.mapping, contact.custom), timeZone });
    const features = featuresFromInput(input, contact, customKeys);
    rows.push(columns.map((c) => features[c]));
    rulesScores.push(scoreByRules(input, rules).score);
  }
  const labels = Uint8Array.from(picked, (p) => p.label);
  const positives = labels.reduce((s, v) => s + v, 0);
  return {
    dataset: { columns, rows },
    labels,
    rulesScores: Float64Array.from(rulesScores),
    contactIds: picked.map((p) => p.contact.id),
    asOf: picked.map((p) => p.asOf),
    snapshot: picked.map((p) => p.kind),
    positives,
    negatives: labels.length - positives,
    horizonDays,
    refused,
  };
}

/** Share of a custom field's filled values that may belong to churned contacts before it looks post-churn. */
const ONLY_CHURNED_SHARE = 0.95;

/**
 * The leakage guard: custom fields that exist only after churn would let the model "predict" churn from its own
 * record (a cancel reason, a churn date). Refused: a field filled for at least 5 contacts, ≥ 95 % of them churned
 * while churned contacts are fewer than 95 % of all (filled (almost) only for churned contacts); or a date field
 * whose value lies after the day described for most churned contacts that have it while it does so for at most a
 * fifth of the retained ones (it was written when they left).
 */
export function leakageGuard(rows: readonly { contact: Pick<Contact, 'custom'>; label: 0 | 1; asOf: number }[], keys: readonly string[]): RefusedField[] {
  const refused: RefusedField[] = [];
  const churnedShare = rows.filter((r) => r.label === 1).length / Math.max(1, rows.length);
  for (const key of keys) {
    let filledChurned = 0;
    let filledRetained = 0;
    const afterSnapshot = [0, 0];
    const dated = [0, 0];
    for (const { contact, label, asOf } of rows) {
      const value = contact.custom[key]?.trim();
      if (!value) continue;
      if (label === 1) filledChurned++;
      else filledRetained++;
      const age = customFeatureValue(value, asOf);
      if (typeof age === 'number' && /^\d{4}[-/.]/.test(value)) {
        dated[label]++;
        if (age < 0) afterSnapshot[label]++;
      }
    }
    const filled = filledChurned + filledRetained;
    if (filled >= 5 && filledChurned / filled >= ONLY_CHURNED_SHARE && churnedShare < ONLY_CHURNED_SHARE) {
      refused.push({ key, reason: 'only-churned', filledChurned, filledRetained });
    } else if (dated[1] >= 5 && afterSnapshot[1] / dated[1] > 0.5 && afterSnapshot[0] <= 0.2 * dated[0]) {
      refused.push({ key, reason: 'after-snapshot', filledChurned, filledRetained });
    }
  }
  return refused;
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
    return rocAuc(Float64Array.from(test, (r) => set.rulesScores[r]), Array.from(test, (r) => set.labels[r]));
  });
  const rulesCalibration = chooseCalibration(set.rulesScores, set.labels, fold, folds);
  const rules: ScorerFigures = {
    kind: 'rules',
    foldAucs: ruleAucs,
    ...meanSd(ruleAucs),
    // Points are no chance: their "raw" figures read points ÷ 100 as one, to show how far off that is.
    raw: probabilityMetrics(set.rulesScores.map((v) => v / 100), set.labels),
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
    return Array.isArray(v.importance)
      ? v.importance.filter((i): i is FeatureImportance => typeof i?.column === 'string' && typeof i?.points === 'number')
      : [];
  } catch {
    return [];
  }
}
