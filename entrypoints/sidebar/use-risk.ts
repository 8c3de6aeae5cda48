import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { liveQuery } from 'dexie';
import { browser } from 'wxt/browser';
import { db } from '@/lib/db';
import { storeAlerts } from '@/lib/churn/alert-store';
import { detectAlerts, unansweredKeys } from '@/lib/churn/alerts';
import { RISK_MESSAGES } from '@/lib/churn/badge';
import type { ChurnScore } from '@/lib/churn/rules';
import { riskChanged, scoreWith, type ScorerConfig } from '@/lib/churn/scorer';
import { loadActiveModel, userTimeZone } from '@/lib/churn/scorer-config';
import { loadRiskSettings, parseRiskSettings, riskSettingsItem, type RiskSettings } from '@/lib/churn/settings';
import type { CustomField } from '@/lib/settings';
import type { ContactData } from './use-contact-data';

const MINUTE = 60_000;

// Risk settings and the active model, loaded once per sidebar (not per thread switch) and kept current.
type Loaded = Omit<ScorerConfig, 'customFields'>;
let loaded: Loaded | null = null;
let started = false;
const listeners = new Set<() => void>();

async function reload(settings?: RiskSettings): Promise<void> {
  const risk = settings ?? (await loadRiskSettings());
  const active = risk.useModel ? await loadActiveModel(db).catch(() => null) : null;
  loaded = { settings: risk, model: active?.model ?? null, modelId: active?.record.id, calibration: active?.calibration ?? null, timeZone: userTimeZone() };
  listeners.forEach((l) => l());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!started) {
    started = true;
    void reload();
    riskSettingsItem.watch((value) => void reload(parseRiskSettings(value)));
    // Activating another model version elsewhere reaches the sidebar through Dexie's cross-context notices.
    let activeIds: string | null = null;
    liveQuery(() => db.riskModels.filter((m) => m.active === 1).primaryKeys()).subscribe((ids) => {
      const next = ids.join(',');
      if (activeIds !== null && next !== activeIds) void reload();
      activeIds = next;
    });
  }
  return () => listeners.delete(listener);
}

/** The scorer's settings and model; null until first loaded. */
export function useScorerConfig(customFields: readonly CustomField[]): ScorerConfig | null {
  const base = useSyncExternalStore(subscribe, () => loaded);
  return useMemo(() => (base ? { ...base, customFields } : null), [base, customFields]);
}

/**
 * Stores the score on the contact when it changed and raises its alerts, after paint and without
 * blocking anything; the background refreshes the toolbar badge (and notifies) when alerts changed.
 */
async function persist(config: ScorerConfig, data: ContactData, risk: ChurnScore, now: number, input: Parameters<typeof detectAlerts>[2]): Promise<void> {
  const { contact } = data;
  // Alerts before the score: "crossed into high risk" compares with the stored band (see recompute.ts).
  const drafts = detectAlerts(contact, risk, input, config.settings.rules, { now, timeZone: config.timeZone });
  const { added, closed } = await storeAlerts(db, drafts, [contact.id], now, new Set(unansweredKeys(contact.id, input)));
  if (riskChanged(contact, risk) || contact.riskAt === undefined) await db.contacts.update(contact.id, { risk: risk.score, riskBand: risk.band, riskAt: now });
  if (added.length || closed) await browser.runtime.sendMessage({ type: RISK_MESSAGES.alertsChanged, ids: added.map((a) => a.id) });
}

/** The contact's churn risk by the risk settings (rules, or the active model when switched on); null without a contact or settings. */
export function useRisk(data: ContactData | null | undefined, customFields: readonly CustomField[]): ChurnScore | null {
  // Rounded to the minute so a re-render does not recompute; the live query changes `data` when mail arrives.
  const now = Math.floor(Date.now() / MINUTE) * MINUTE;
  const config = useScorerConfig(customFields);
  const scored = useMemo(() => (data && config ? scoreWith(config, data.contact, data.history, now) : null), [data, config, now]);
  const lastWrite = useRef('');
  useEffect(() => {
    if (!data || !config || !scored) return;
    const signature = `${data.contact.id}:${scored.risk.score}:${scored.risk.band}:${now}`;
    if (lastWrite.current === signature) return;
    // When the sidebar is idle after painting the profile: the thread-switch budget is not spent here, and a
    // quick switch to another thread cancels it.
    const idle = requestIdleCallback(
      () => {
        lastWrite.current = signature;
        persist(config, data, scored.risk, now, scored.input).catch((e: unknown) => console.warn('Kizuna: the risk score could not be stored', e));
      },
      { timeout: 2000 },
    );
    return () => cancelIdleCallback(idle);
  }, [data, config, scored, now]);
  return scored?.risk ?? null;
}
