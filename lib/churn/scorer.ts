import type { Activity, Contact } from '../db/types';
import type { CustomField } from '../settings';
import { customFeatureKeys, effectiveMapping, featuresFromInput } from './features';
import { churnInputOfEvents, mailEventsOf } from './from-activities';
import type { Cell, Dataset } from './model/encoder';
import { calibrate, type Calibrator } from './calibration';
import { explainModel, rowScorer, type ChurnModel } from './model/model';
import { bandOf, scoreByRules, type ChurnInput, type ChurnScore, type Reason } from './rules';
import type { RiskSettings } from './settings';
import type { MailEvent, MailSummary } from './signals';

/** Everything scoring needs besides the contact: loaded once per batch or per sidebar session. */
export interface ScorerConfig {
  settings: RiskSettings;
  /** The active fitted model, parsed; used only when `settings.useModel` is on. */
  model: ChurnModel | null;
  /** The active model's version (riskModels id), for display. */
  modelId?: number;
  /** The active model's calibrator and horizon; absent for a model saved before calibration. */
  calibration?: ModelCalibration | null;
  customFields: readonly Pick<CustomField, 'key'>[];
  /** IANA zone for working days. */
  timeZone: string;
}

export interface Scored {
  risk: ChurnScore;
  /** What scored it. */
  by: 'rules' | 'model';
  /** The signals behind the score (alerts read them too). */
  input: ChurnInput;
}

/** A model reason's key: `m:` + the feature column (`m:theirSilenceDays`, `m:custom:plan`). */
export const MODEL_REASON_PREFIX = 'm:';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/**
 * A model's explanation as points on the 0–100 scale: each feature's log-odds contribution times the slope of the
 * (calibrated) chance between the average contact and this one, so that the points add up to (this score − the
 * average contact's score). Largest |points| first; features adding 0 are left out.
 */
export function modelReasons(base: number, logit: number, contributions: { column: string; value: Cell; contribution: number }[], chanceOf: (logit: number) => number = sigmoid): Reason[] {
  const delta = logit - base;
  const slope = Math.abs(delta) > 1e-9 ? (chanceOf(logit) - chanceOf(base)) / delta : sigmoid(base) * (1 - sigmoid(base));
  const reasons: Reason[] = [];
  for (const c of contributions) {
    const points = Math.round(100 * slope * c.contribution);
    if (points === 0) continue;
    const value = c.value === null || c.value === undefined ? '' : typeof c.value === 'number' ? Math.round(c.value * 100) / 100 : String(c.value);
    reasons.push({ key: MODEL_REASON_PREFIX + c.column, params: { value }, points });
  }
  reasons.sort((a, b) => Math.abs(b.points) - Math.abs(a.points) || b.points - a.points);
  return reasons;
}

export interface ScoreOptions {
  /** false: the score and band only (the background recompute stores no reasons); default true. */
  reasons?: boolean;
}

/** What turns a model's log-odds into a chance: its calibrator and horizon (absent for an old, uncalibrated model). */
export interface ModelCalibration {
  calibrator: Calibrator;
  horizonDays: number;
}

/**
 * Scores one feature row with a fitted model, with per-feature reasons. A calibrated model gives the chance of churn
 * within its horizon (`probability`, `horizonDays`) and score = round(100 × chance); an uncalibrated one (a version
 * saved before calibration existed) 100 × its raw probability, without `probability`.
 */
export function scoreFeatures(model: ChurnModel, features: Record<string, Cell>, settings: Pick<RiskSettings, 'rules'>, options: ScoreOptions = {}, calibration?: ModelCalibration | null): ChurnScore {
  // The model's own columns, in its order; a column it knows that the contact lacks is blank.
  const scorer = rowScorer(model);
  const row = scorer.columns.map((c) => features[c] ?? null);
  const chanceOf = calibration ? (z: number) => calibrate(calibration.calibrator, z) : sigmoid;
  const finish = (chance: number, reasons: Reason[]): ChurnScore => {
    const score = Math.max(0, Math.min(100, Math.round(100 * chance)));
    const out: ChurnScore = { score, band: bandOf(score, settings.rules), reasons };
    if (calibration) {
      out.probability = chance;
      out.horizonDays = calibration.horizonDays;
    }
    return out;
  };
  if (options.reasons === false) return finish(chanceOf(scorer.logit(row)), []);
  const data: Dataset = { columns: scorer.columns, rows: [row] };
  const e = explainModel(model, data, 0);
  return finish(chanceOf(e.logit), modelReasons(e.base, e.logit, e.contributions, chanceOf));
}

/**
 * Churn risk of one contact: by the rules in the risk settings, or, when `useModel` is on and a model is
 * active, by that model over the same signals (see features.ts). Bands use the settings' thresholds.
 */
export function scoreWith(config: ScorerConfig, contact: Contact, activities: readonly Activity[], now: number, options: ScoreOptions = {}): Scored {
  return scoreEvents(config, contact, mailEventsOf(activities), now, options);
}

/** scoreWith from the contact's mail events already built (mailEventsOf), or their summary (the rescore's stored score inputs). */
export function scoreEvents(config: ScorerConfig, contact: Contact, events: readonly MailEvent[] | MailSummary, now: number, options: ScoreOptions = {}): Scored {
  const { settings } = config;
  const input = churnInputOfEvents(contact, events, now, { mapping: effectiveMapping(settings.mapping, contact.custom), timeZone: config.timeZone });
  if (settings.useModel && config.model) {
    const features = featuresFromInput(input, contact, customFeatureKeys(settings.mapping, config.customFields));
    return { risk: scoreFeatures(config.model, features, settings, options, config.calibration), by: 'model', input };
  }
  return { risk: scoreByRules(input, settings.rules), by: 'rules', input };
}
