import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { liveQuery } from 'dexie';
import { useLiveQuery } from 'dexie-react-hooks';
import { db } from '@/lib/db';
import { send } from '@/lib/messages/send';
import { contactStoreOf } from '@/lib/contacts/dexie-store';
import { sameStoredScore } from '@/lib/db/score-blocks';
import type { StoredScore } from '@/lib/db/types';
import { churnEligible } from '@/lib/churn/eligible';
import type { ChurnScore } from '@/lib/churn/rules';
import { scoreBasis, scoreTrend, type TrendPoint } from '@/lib/churn/score-history';
import { persistScore } from '@/lib/churn/score-store';
import { scoreWith, type ScorerConfig } from '@/lib/churn/scorer';
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

/** What a page shows of a contact's churn risk. */
export interface RiskView {
  /** The live score; null for a contact not scored for churn (see `eligible`). */
  risk: ChurnScore | null;
  eligible: boolean;
  /** The live score against the stored history (7 and 30 days ago). */
  trend: TrendPoint[];
}

/**
 * The contact's churn risk by the risk settings (rules, or the active model when switched on), with its trend;
 * null without a contact or settings. Contacts not scored for churn (leads, churned, do-not-contact) get none.
 * After paint, when idle and without blocking anything, the score is stored when it changed (with its alerts),
 * or a stored score of a contact no longer scored is removed; the background refreshes the toolbar badge.
 */
export function useRisk(data: ContactData | null | undefined, customFields: readonly CustomField[]): RiskView | null {
  // Rounded to the minute so a re-render does not recompute; the live query changes `data` when mail arrives.
  const now = Math.floor(Date.now() / MINUTE) * MINUTE;
  const config = useScorerConfig(customFields);
  const contact = data?.contact;
  const eligible = contact ? churnEligible(contact) : false;
  const scored = useMemo(() => (data && config && churnEligible(data.contact) ? scoreWith(config, data.contact, data.history, now) : null), [data, config, now]);
  // The stored row (history) in a query of its own: the profile never waits for it.
  const contactId = contact?.id;
  // A write to a neighbour in the score's block (lib/db/score-blocks.ts) runs this query again: the same row read again
  // is the same object, so nothing re-renders.
  const lastStored = useRef<StoredScore | undefined>(undefined);
  const stored = useLiveQuery(
    () =>
      contactId === undefined
        ? undefined
        : contactStoreOf(db)
            .scores.get(contactId)
            .then((row) => (sameStoredScore(row, lastStored.current) ? lastStored.current : (lastStored.current = row))),
    [contactId],
  );
  const lastWrite = useRef('');
  useEffect(() => {
    if (!data || !config) return;
    if (!scored && stored === undefined) return;
    const signature = scored ? `${data.contact.id}:${scored.risk.score}:${scored.risk.band}:${scored.risk.probability}:${now}` : `${data.contact.id}:none`;
    if (lastWrite.current === signature) return;
    // When the sidebar is idle after painting the profile: the thread-switch budget is not spent here, and a
    // quick switch to another thread cancels it.
    const idle = requestIdleCallback(
      () => {
        lastWrite.current = signature;
        persistScore(db, config, data.contact, scored, now)
          .then(({ added, closed }) => (added.length || closed ? send('kizuna:alerts-changed', { ids: added.map((a) => a.id) }) : undefined))
          .catch((e: unknown) => console.warn('Kizuna: the risk score could not be stored', e));
      },
      { timeout: 2000 },
    );
    return () => cancelIdleCallback(idle);
  }, [data, config, scored, stored, now]);
  const trend = useMemo(() => (scored && config ? scoreTrend(stored, { score: scored.risk.score, basis: scoreBasis(config) }, now, config.timeZone) : []), [scored, stored, config, now]);
  if (!data || !config) return null;
  return { risk: scored?.risk ?? null, eligible, trend };
}
