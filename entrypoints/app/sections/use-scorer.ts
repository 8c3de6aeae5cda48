import { useEffect, useMemo, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { db } from '@/lib/db';
import type { ScorerConfig } from '@/lib/churn/scorer';
import { loadActiveModel, userTimeZone } from '@/lib/churn/scorer-config';
import { loadRiskSettings, parseRiskSettings, riskSettingsItem, type RiskSettings } from '@/lib/churn/settings';
import { loadSettings, parseSettings, settingsItem, type CustomField } from '@/lib/settings';

/** The risk settings, kept current; null while loading. */
export function useRiskSettings(): RiskSettings | null {
  const [settings, setSettings] = useState<RiskSettings | null>(null);
  useEffect(() => {
    let alive = true;
    void loadRiskSettings().then((s) => alive && setSettings(s));
    const unwatch = riskSettingsItem.watch((v) => setSettings(parseRiskSettings(v)));
    return () => {
      alive = false;
      unwatch();
    };
  }, []);
  return settings;
}

/** The user's custom fields, kept current; null while loading. */
export function useCustomFields(): CustomField[] | null {
  const [fields, setFields] = useState<CustomField[] | null>(null);
  useEffect(() => {
    let alive = true;
    void loadSettings().then((s) => alive && setFields(s.customFields));
    const unwatch = settingsItem.watch((v) => setFields(parseSettings(v).customFields));
    return () => {
      alive = false;
      unwatch();
    };
  }, []);
  return fields;
}

/** What scoring needs on an app page (risk settings, custom fields, the active model when switched on); null while loading. */
export function useScorer(): ScorerConfig | null {
  const settings = useRiskSettings();
  const customFields = useCustomFields();
  const active = useLiveQuery(async () => (settings?.useModel ? await loadActiveModel(db) : null), [settings?.useModel]);
  return useMemo(
    () =>
      !settings || !customFields || active === undefined
        ? null
        : { settings, customFields, model: active?.model ?? null, modelId: active?.record.id, calibration: active?.calibration ?? null, timeZone: userTimeZone() },
    [settings, customFields, active],
  );
}
