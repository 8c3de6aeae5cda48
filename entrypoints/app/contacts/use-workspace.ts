import { useEffect, useState, useSyncExternalStore } from 'react';
import { db } from '@/lib/db';
import { DEFAULT_RISK_SETTINGS, loadRiskSettings, parseRiskSettings, riskSettingsItem, type RiskSettings } from '@/lib/churn/settings';
import { loadSettings, parseSettings, settingsItem, type CustomField } from '@/lib/settings';
import type { BandThresholds } from '@/lib/segments/risk-band';
import { WorkspaceStore, type WorkspaceSnapshot } from '@/lib/workspace/store';
import { firstPage } from '../boot';

/**
 * One store per page: every list, count and segment of the app reads the same in-memory copy. The rest of the book is
 * read once the contacts list has painted its first rows (`restMayStart`), or at once for a page that shows none. When
 * the app opened on the contacts list, its first page comes from the read the entry started (boot.ts).
 */
export const workspaceStore = new WorkspaceStore(db, undefined, { holdRest: true, firstRead: firstPage });

/**
 * The live snapshot of contacts, companies and tags: null until the whole book is read, or, with `firstRows`, as soon
 * as its first page is (then `complete` says whether the rest is in).
 */
export function useWorkspace(firstRows = false): WorkspaceSnapshot | null {
  // A page that waits for the whole book shows no first rows: the rest is read at once.
  const wholeBook = !firstRows;
  useEffect(() => {
    if (wholeBook) workspaceStore.restMayStart();
    void workspaceStore.start();
  }, [wholeBook]);
  return useSyncExternalStore(
    (listener) => workspaceStore.subscribe(listener),
    () => {
      const snap = workspaceStore.snapshot();
      return firstRows || snap?.complete ? snap : null;
    },
  );
}

/** The risk settings, live (the band thresholds the lists use). */
export function useRiskSettings(): RiskSettings {
  const [settings, setSettings] = useState<RiskSettings>(DEFAULT_RISK_SETTINGS);
  useEffect(() => {
    void loadRiskSettings().then(setSettings);
    return riskSettingsItem.watch((value) => setSettings(parseRiskSettings(value)));
  }, []);
  return settings;
}

export function useBandThresholds(): BandThresholds {
  const { bands } = useRiskSettings().rules;
  return bands;
}

/** The custom field that holds revenue: the one mapped in the risk settings, else a field named "revenue" (any case). */
export function useRevenueKey(): string | undefined {
  return useRiskSettings().mapping.revenue || undefined;
}

/** The user's custom fields (labels), live. */
export function useCustomFields(): CustomField[] {
  const [fields, setFields] = useState<CustomField[]>([]);
  useEffect(() => {
    void loadSettings().then((s) => setFields(s.customFields));
    return settingsItem.watch((value) => setFields(parseSettings(value).customFields));
  }, []);
  return fields;
}
