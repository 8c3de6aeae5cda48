// Switching the scorer: a model version (with its own bands) or back to the rules (with theirs).
import { db } from '@/lib/db';
import type { RiskModelRecord } from '@/lib/db/types';
import { loadRiskSettings, updateRiskSettings } from '@/lib/churn/settings';
import { requestRescore } from './risk-settings-store';

/** Makes one version the active model (the others inactive), in one transaction. */
export async function activateVersion(id: number): Promise<void> {
  await db.transaction('rw', db.riskModels, async () => {
    await db.riskModels.toCollection().modify({ active: 0 });
    await db.riskModels.update(id, { active: 1 });
  });
}

/**
 * Scores with this version from now on: it becomes the active one, the model switch goes on, and its bands (from
 * its base rate) become the thresholds, the rules' own kept to restore on the way back. Rescoring follows.
 */
export async function switchToVersion(record: Pick<RiskModelRecord, 'id' | 'bands'>): Promise<void> {
  await activateVersion(record.id);
  const settings = await loadRiskSettings();
  const rulesBands = settings.useModel ? settings.rulesBands : settings.rules.bands;
  await updateRiskSettings({
    useModel: true,
    rulesBands: rulesBands ?? settings.rules.bands,
    rules: record.bands ? { ...settings.rules, bands: record.bands } : settings.rules,
  });
  requestRescore();
}

/** Back to the rules in one click: the model switch off, the rules' band thresholds as they were. */
export async function backToRules(): Promise<void> {
  const settings = await loadRiskSettings();
  await updateRiskSettings({
    useModel: false,
    rules: settings.rulesBands ? { ...settings.rules, bands: settings.rulesBands } : settings.rules,
    rulesBands: null,
  });
  requestRescore();
}
