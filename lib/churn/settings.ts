import { storage } from 'wxt/utils/storage';
import { z } from '../zod';
import { fieldMappingSchema } from './crm-signals';
import { DEFAULT_RULES, rulesConfigSchema } from './rules-config';

export const RiskSettingsSchema = z.object({
  /** The point rules and the band thresholds (bands.medium, bands.high) every list and badge uses. */
  rules: z._default(rulesConfigSchema, DEFAULT_RULES),
  /** Custom field per CRM signal; empty = a custom field named like the signal. */
  mapping: z._default(fieldMappingSchema, {}),
  /** Score with the active fitted model (riskModels.active = 1) instead of the rules. */
  useModel: z._default(z.boolean(), false),
  /** Raise a browser notification for new pre-churn alerts. */
  notifications: z._default(z.boolean(), false),
  /** How many contacts the first page of Needs attention holds (what a person can act on in a day). */
  attentionPageSize: z._default(z.number().check(z.int(), z.minimum(10), z.maximum(50)), 15),
  /** A calibrated model's score is the chance of churning within this many days (the model panel's setting). */
  horizonDays: z._default(z.number().check(z.int(), z.minimum(7), z.maximum(730)), 90),
  /** Custom field keys that feed the model; null: every custom field not mapped to a CRM signal. */
  modelFields: z._default(z.nullable(z.array(z.string())), null),
  /**
   * While the rules score (not yet calibrated), the bands follow the book (bandsForBook: a small, ranked high band)
   * until the user sets them by hand in the rules editor.
   */
  bandsAuto: z._default(z.boolean(), true),
  /** The band thresholds in force before a model's own were applied, restored when the user goes back to the rules. */
  rulesBands: z._default(z.nullable(z.object({ medium: z.number(), high: z.number() })), null),
});

/** Settings that change only what a page shows, never a score: changing them rescores nobody. */
export const DISPLAY_ONLY_SETTINGS: readonly (keyof RiskSettings)[] = ['notifications', 'attentionPageSize'];

/** Whether a change of the risk settings can change any score or band (so everyone is rescored). */
export function affectsScores(before: unknown, after: unknown): boolean {
  const strip = (raw: unknown) => {
    const copy: Record<string, unknown> = { ...parseRiskSettings(raw) };
    for (const key of DISPLAY_ONLY_SETTINGS) delete copy[key];
    return JSON.stringify(copy);
  };
  return strip(before) !== strip(after);
}
export type RiskSettings = z.infer<typeof RiskSettingsSchema>;

/** A change the background made itself: automatic bands (on before and after) moved, nothing else. */
export function onlyAutoBandsMoved(before: unknown, after: unknown): boolean {
  const a = parseRiskSettings(before);
  const b = parseRiskSettings(after);
  if (!a.bandsAuto || !b.bandsAuto) return false;
  const strip = (s: RiskSettings) => JSON.stringify({ ...s, rules: { ...s.rules, bands: null } });
  return strip(a) === strip(b);
}

export const DEFAULT_RISK_SETTINGS: RiskSettings = RiskSettingsSchema.parse({});

/** Churn-risk settings, in extension storage, apart from the sidebar's settings. */
export const riskSettingsItem = storage.defineItem<RiskSettings>('local:riskSettings', { fallback: DEFAULT_RISK_SETTINGS, version: 1 });

/**
 * Parses stored risk settings. A malformed field falls back to its default on its own, so one bad
 * value (e.g. from an older build) never wipes the user's other settings when they are saved again.
 */
export function parseRiskSettings(raw: unknown): RiskSettings {
  const parsed = RiskSettingsSchema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const stored = (raw !== null && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const result: Record<string, unknown> = { ...DEFAULT_RISK_SETTINGS };
  for (const [key, schema] of Object.entries(RiskSettingsSchema.shape)) {
    const field = schema.safeParse(stored[key]);
    if (field.success) result[key] = field.data;
  }
  return result as RiskSettings;
}

export async function loadRiskSettings(): Promise<RiskSettings> {
  return parseRiskSettings(await riskSettingsItem.getValue());
}

export async function updateRiskSettings(patch: Partial<RiskSettings>): Promise<RiskSettings> {
  const next = RiskSettingsSchema.parse({ ...(await loadRiskSettings()), ...patch });
  await riskSettingsItem.setValue(next);
  return next;
}
