import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { liveQuery } from 'dexie';
import { db } from '@/lib/db';
import { send } from '@/lib/messages/send';
import { contactStoreOf } from '@/lib/contacts/dexie-store';
import type { StoredScore } from '@/lib/db/types';
import { churnEligible, shownScore } from '@/lib/churn/eligible';
import type { ChurnScore } from '@/lib/churn/rules';
import { nextStoredScore, scoreBasis, scoreTrend, type TrendPoint } from '@/lib/churn/score-history';
import { persistScore } from '@/lib/churn/score-store';
import { patternWarmups } from '@/lib/churn/phrases';
import { scoreWith, type Scored, type ScorerConfig } from '@/lib/churn/scorer';
import { loadActiveModel, userTimeZone } from '@/lib/churn/scorer-config';
import { loadRiskSettings, parseRiskSettings, riskSettingsItem, type RiskSettings } from '@/lib/churn/settings';
import type { CustomField } from '@/lib/settings';
import { KEEP_SHOWN, type ContactData } from './use-contact-data';
import { liveSource, useLiveSource } from './live-source';
import { backgroundTask } from './background-task';

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

// The same config object for the same settings and custom fields, whoever asks: a live score kept from an earlier
// mount (liveScores) is reused only for the very config it was scored with.
const configs = new WeakMap<Loaded, WeakMap<readonly CustomField[], ScorerConfig>>();

/** The scorer's settings and model; null until first loaded. */
export function useScorerConfig(customFields: readonly CustomField[]): ScorerConfig | null {
  const base = useSyncExternalStore(subscribe, () => loaded);
  if (!base) return null;
  let byFields = configs.get(base);
  if (!byFields) configs.set(base, (byFields = new WeakMap()));
  let config = byFields.get(customFields);
  if (!config) byFields.set(customFields, (config = { ...base, customFields }));
  return config;
}

/** What a page shows of a contact's churn risk. */
export interface RiskView {
  /**
   * The stored score (the one lists, alerts and the badge count), with the live score's reasons once the live score,
   * computed after paint, is the same; null for a contact not scored for churn (see `eligible`) or not scored yet.
   */
  risk: ChurnScore | null;
  /** The reasons are still being computed (or the live score differs and is being stored). */
  reasonsPending: boolean;
  eligible: boolean;
  /** The stored score against its own history (7 and 30 days ago). */
  trend: TrendPoint[];
}

/** The live score is the stored one: storing it would change nothing (score, band, chance, horizon and basis). */
function agrees(stored: StoredScore | undefined, live: Scored, config: ScorerConfig, now: number): boolean {
  return stored !== undefined && nextStoredScore(stored, stored.contactId, live.risk, scoreBasis(config), now, config.timeZone) === null;
}

/** When the browser is idle after this frame (a task later where there are no idle callbacks); returns a canceller. */
function whenIdle(run: () => void): () => void {
  if (typeof requestIdleCallback !== 'function') {
    const timer = setTimeout(run, 0);
    return () => clearTimeout(timer);
  }
  const idle = requestIdleCallback(run, { timeout: 2000 });
  return () => cancelIdleCallback(idle);
}

// The churn phrases' patterns, compiled one per background task before the page's first live score: its first scan
// compiled all 25 (for one-byte and two-byte text) in one idle callback, and a thread switch arriving meanwhile waited
// for it (issue 13). Tasks, not idle callbacks: 50 idle callbacks, each free to wait up to its 2 s timeout, held a
// loaded machine's reasons back for up to 100 s (893eb3e). A switch's Port message, queued at a higher priority, waits
// for one job at most.
let warm: Promise<void> | null = null;
function patternsWarm(): Promise<void> {
  warm ??= (async () => {
    for (const job of patternWarmups()) {
      await backgroundTask();
      job();
    }
  })();
  return warm;
}

// The stored scores of the contacts shown last stay followed: a switch back to one reads nothing (issue 13). A write to
// a neighbour in the score's block (lib/db/score-blocks.ts) runs the query again; the same row read again is not
// passed on, so nothing re-renders.
const storedScores = liveSource<StoredScore | undefined>((key) => contactStoreOf(db).scores.get(Number(key)), { keep: KEEP_SHOWN });

interface LiveScore {
  data: ContactData;
  config: ScorerConfig;
  now: number;
  scored: Scored | null;
}

// The side panel mounts the risk part again on each thread switch: the last live scores (by contact) and what was last
// stored for each are kept here, so a switch back to a contact whose data, config and minute are the same neither
// scores it again nor asks persistScore again (issue 13).
const REMEMBERED = 32;
const liveScores = new Map<number, LiveScore>();
const persisted = new Map<number, string>();
function remember<T>(map: Map<number, T>, key: number, value: T): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > REMEMBERED) map.delete(map.keys().next().value!);
}

/**
 * The contact's churn risk as stored, with its trend; null without a contact or settings. Contacts not scored for
 * churn (leads, churned, do-not-contact) get none. Nothing is scored during a render (issue 13: scoring a contact with
 * a long history took the thread switch's frame): the stored score shows first; when the browser is idle after the
 * paint (the page's first time: once the phrase patterns are compiled, one per background task), the contact is scored live by the risk settings (rules, or the active model when switched on), and a live
 * score that differs is stored (with its alerts) before it shows, so the stored and the shown score never disagree
 * (issue 12). Its reasons show once the live score is the stored one. A quick switch to another thread cancels the
 * scoring. A stored score of a contact no longer scored is removed; the background refreshes the toolbar badge.
 */
export function useRisk(data: ContactData | null | undefined, customFields: readonly CustomField[]): RiskView | null {
  // Rounded to the minute so a re-render does not score again; the live query changes `data` when mail arrives.
  const now = Math.floor(Date.now() / MINUTE) * MINUTE;
  const config = useScorerConfig(customFields);
  const contact = data?.contact;
  const eligible = contact ? churnEligible(contact) : false;
  const contactId = contact?.id;
  const stored = useLiveSource(storedScores, contactId === undefined ? null : String(contactId), false);
  // The live score of exactly this data and config (a result for an earlier contact or history is never shown).
  const [live, setLive] = useState<LiveScore | null>(null);
  const exact = (l: LiveScore | null | undefined) => (l && l.data === data && l.config === config && l.now === now ? l : null);
  const current = exact(live) ?? exact(contactId === undefined ? undefined : liveScores.get(contactId));
  useEffect(() => {
    if (!data || !config || current) return;
    // A contact the user has left by the time the patterns are ready is not scored.
    let left = false;
    const cancel = whenIdle(
      () =>
        void patternsWarm().then(() => {
          if (left) return;
          const next: LiveScore = { data, config, now, scored: churnEligible(data.contact) ? scoreWith(config, data.contact, data.history, now) : null };
          remember(liveScores, data.contact.id, next);
          setLive(next);
        }),
    );
    return () => {
      left = true;
      cancel();
    };
  }, [data, config, now, current]);
  // Stored when it differs from the stored row (or its alerts changed): persistScore only reads when nothing would
  // change. Again when the stored row changes to another score (another page or the background stored one).
  useEffect(() => {
    if (!current || (stored === undefined && !current.scored)) return;
    const { data, config, now, scored } = current;
    const signature = `${scored ? `${scored.risk.score}:${scored.risk.band}:${scored.risk.probability}:${now}` : 'none'}:${stored ? `${stored.score}:${stored.band}:${stored.probability}` : '-'}`;
    if (persisted.get(data.contact.id) === signature) return;
    return whenIdle(() => {
      remember(persisted, data.contact.id, signature);
      persistScore(db, config, data.contact, scored, now)
        .then(({ added, closed }) => (added.length || closed ? send('kizuna:alerts-changed', { ids: added.map((a) => a.id) }) : undefined))
        .catch((e: unknown) => console.warn('Kizuna: the risk score could not be stored', e));
    });
  }, [current, stored]);
  const shown = contact ? shownScore(contact, stored) : undefined;
  const reasons = shown && current?.scored && config && agrees(shown, current.scored, config, now) ? current.scored.risk.reasons : undefined;
  const trend = useMemo(() => (shown && config ? scoreTrend(shown, { score: shown.score, basis: scoreBasis(config) }, now, config.timeZone) : []), [shown, config, now]);
  if (!data || !config) return null;
  const risk: ChurnScore | null = shown ? { score: shown.score, band: shown.band, probability: shown.probability, horizonDays: shown.horizonDays, reasons: reasons ?? [] } : null;
  return { risk, reasonsPending: reasons === undefined, eligible, trend };
}
