import type { Activity, Contact } from '../db/types';
import type { CustomField } from '../settings';
import type { FieldMapping } from './crm-signals';
import { churnEligible } from './eligible';
import { customFeatureKeys, customFeatureValue, effectiveMapping, featureColumns, featuresFromInput } from './features';
import { churnInputOf } from './from-activities';
import type { Dataset } from './model/encoder';
import type { RulesConfig } from './rules-config';
import { scoreByRules } from './rules';
import { seededRandom } from '../random';

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
  /** Every customer scored for churn now, described as of now in the dataset's columns: what the model forecasts (Reports' backtest). */
  current: { contactIds: number[]; rows: Dataset['rows'] };
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
  const refused = leakageGuard(picked, customFeatureKeys(settings.mapping, fields));
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
  const current: TrainingSet['current'] = { contactIds: [], rows: [] };
  for (const { contact, label } of picked) {
    if (label !== 0) continue;
    const features = featuresFromInput(churnInputOf(contact, activitiesOf(contact.id), now, { mapping: effectiveMapping(settings.mapping, contact.custom), timeZone }), contact, customKeys);
    current.contactIds.push(contact.id);
    current.rows.push(columns.map((c) => features[c]));
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
    current,
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
