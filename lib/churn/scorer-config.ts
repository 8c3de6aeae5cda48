import type { KizunaDb } from '../db/schema';
import type { RiskModelRecord } from '../db/types';
import { loadSettings } from '../settings';
import { parseModel, type ChurnModel } from './model/model';
import { calibratorSchema } from './calibration';
import type { ModelCalibration, ScorerConfig } from './scorer';
import { DEFAULT_HORIZON_DAYS } from './training-set';
import { loadRiskSettings, type RiskSettings } from './settings';
import { userTimeZone } from './working-days';

/** A stored model's calibrator and horizon; null for a version saved before calibration (or an unreadable one). */
export function recordCalibration(record: Pick<RiskModelRecord, 'calibration' | 'horizonDays'>): ModelCalibration | null {
  if (!record.calibration) return null;
  try {
    const parsed = calibratorSchema.safeParse(JSON.parse(record.calibration));
    return parsed.success ? { calibrator: parsed.data, horizonDays: record.horizonDays ?? DEFAULT_HORIZON_DAYS } : null;
  } catch {
    return null;
  }
}

/** The active model version (riskModels.active = 1), parsed with its calibration; null when none is active or it cannot be read. */
export async function loadActiveModel(db: KizunaDb): Promise<{ record: RiskModelRecord; model: ChurnModel; calibration: ModelCalibration | null } | null> {
  const record = await db.riskModels.filter((m) => m.active === 1).last();
  if (!record) return null;
  const parsed = parseModel(record.model);
  if (!parsed.ok) {
    console.warn(`Kizuna: risk model ${record.id} cannot be read (${parsed.error}); scoring with the rules`);
    return null;
  }
  return { record, model: parsed.model, calibration: recordCalibration(record) };
}

// In working-days.ts, so the lists can show trends without the model code imported here.
export { userTimeZone };

/** Everything scoring needs, from storage: risk settings, the custom fields, and the active model when it is switched on. */
export async function loadScorerConfig(db: KizunaDb, settings?: RiskSettings): Promise<ScorerConfig> {
  const [risk, general] = await Promise.all([settings ?? loadRiskSettings(), loadSettings()]);
  const active = risk.useModel ? await loadActiveModel(db) : null;
  return { settings: risk, model: active?.model ?? null, modelId: active?.record.id, calibration: active?.calibration ?? null, customFields: general.customFields, timeZone: userTimeZone() };
}
