import { useEffect, useState } from 'react';
import { send } from '@/lib/messages/send';
import { db } from '@/lib/db';
import { contactStoreOf } from '@/lib/contacts/dexie-store';
import type { Contact } from '@/lib/db/types';
import { DEFAULT_RISK_SETTINGS, loadRiskSettings, parseRiskSettings, riskSettingsItem, type RiskSettings } from '@/lib/churn/settings';

/** The stored risk settings, kept current when any page saves them; null while loading. */
export function useRiskSettings(): RiskSettings | null {
  const [settings, setSettings] = useState<RiskSettings | null>(null);
  useEffect(() => {
    let live = true;
    void loadRiskSettings().then((s) => live && setSettings(s));
    const unwatch = riskSettingsItem.watch((value) => live && setSettings(parseRiskSettings(value ?? DEFAULT_RISK_SETTINGS)));
    return () => {
      live = false;
      unwatch();
    };
  }, []);
  return settings;
}

/**
 * Up to `limit` contacts for previews: those with the most recent activity (mail, notes, stage
 * changes) first, then the newest contacts, so a fresh install with few messages still gets a sample.
 */
export async function recentContacts(limit: number): Promise<Contact[]> {
  const ids = new Set<number>();
  await db.activities
    .orderBy('at')
    .reverse()
    .until(() => ids.size >= limit)
    .each((a) => {
      for (const id of a.contactIds) if (ids.size < limit) ids.add(id);
    });
  const store = contactStoreOf(db);
  const recent = (await store.getMany([...ids])).filter((c): c is Contact => c !== undefined);
  if (recent.length >= limit) return recent;
  const seen = new Set(recent.map((c) => c.id));
  const newest = await store.page({ limit, reverse: true });
  return [...recent, ...newest.filter((c) => !seen.has(c.id)).slice(0, limit - recent.length)];
}

export { userTimeZone } from '@/lib/churn/scorer-config';

/** Asks the background to rescore every contact (stored scores, lists, alerts) after rules, mapping or history changed; does not wait. */
export function requestRescore(): void {
  void send('kizuna:risk-recompute').catch(() => undefined);
}

/** Fired on the window when a mailbox import added history, so the rules preview re-reads its sample. */
export const HISTORY_IMPORTED = 'kizuna:history-imported';
