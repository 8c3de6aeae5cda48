import type { KizunaDb } from '../db/schema';
import type { Activity, Alert, Contact } from '../db/types';
import { storeAlerts } from './alert-store';
import { detectAlerts, type AlertDraft } from './alerts';
import { riskChanged, scoreWith, type ScorerConfig } from './scorer';

export interface RecomputeOptions {
  now?: number;
  /** Only these contacts; default everyone. */
  ids?: readonly number[];
  /** Contacts per chunk (one read, one write transaction); default 500. */
  chunkSize?: number;
  /** Called after each chunk. */
  onProgress?: (done: number, total: number) => void;
  /** Between chunks, so other work (pages, messages) runs; default a macrotask. */
  pause?: () => Promise<void>;
  signal?: AbortSignal;
}

export interface RecomputeResult {
  scored: number;
  /** Contacts whose stored score changed (and were written). */
  changed: number;
  /** Alerts raised by this run. */
  alerts: Alert[];
  ms: number;
}

const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Scores one chunk of contacts with their activities already loaded; returns the writes to make. */
export function scoreChunk(config: ScorerConfig, contacts: readonly Contact[], activities: readonly Activity[], now: number) {
  const byContact = new Map<number, Activity[]>();
  for (const a of activities)
    for (const id of a.contactIds) {
      let list = byContact.get(id);
      if (!list) byContact.set(id, (list = []));
      list.push(a);
    }
  const updates: { key: number; changes: Pick<Contact, 'risk' | 'riskBand' | 'riskAt'> }[] = [];
  const drafts: AlertDraft[] = [];
  for (const contact of contacts) {
    const { risk, input } = scoreWith(config, contact, byContact.get(contact.id) ?? [], now);
    drafts.push(...detectAlerts(contact, risk, input, config.settings.rules, { now, timeZone: config.timeZone }));
    if (riskChanged(contact, risk) || contact.riskAt === undefined) updates.push({ key: contact.id, changes: { risk: risk.score, riskBand: risk.band, riskAt: now } });
  }
  return { updates, drafts };
}

/**
 * Recomputes stored scores (contacts.risk, riskBand, riskAt) and raises alerts, in chunks of contacts by
 * id: each chunk is one read and one write transaction, with a pause between chunks so nothing waits
 * long on it. Only contacts whose score or band changed are written.
 */
export async function recomputeRisk(db: KizunaDb, config: ScorerConfig, options: RecomputeOptions = {}): Promise<RecomputeResult> {
  const started = performance.now();
  const now = options.now ?? Date.now();
  const size = options.chunkSize ?? 500;
  const pause = options.pause ?? macrotask;
  const total = options.ids ? options.ids.length : await db.contacts.count();
  const result: RecomputeResult = { scored: 0, changed: 0, alerts: [], ms: 0 };
  let after = -Infinity;
  let offset = 0;
  for (;;) {
    if (options.signal?.aborted) break;
    let contacts: Contact[];
    if (options.ids) {
      const ids = options.ids.slice(offset, offset + size);
      offset += size;
      if (ids.length === 0) break;
      contacts = (await db.contacts.bulkGet([...ids])).filter((c): c is Contact => c !== undefined);
    } else {
      contacts = await db.contacts.where('id').above(after).limit(size).toArray();
      if (contacts.length === 0) break;
      after = contacts[contacts.length - 1].id;
    }
    if (contacts.length) {
      const activities = await db.activities.where('contactIds').anyOf(contacts.map((c) => c.id)).toArray();
      const { updates, drafts } = scoreChunk(config, contacts, activities, now);
      await db.transaction('rw', db.contacts, db.alerts, async () => {
        if (updates.length) await db.contacts.bulkUpdate(updates);
        result.alerts.push(...(await storeAlerts(db, drafts, contacts.map((c) => c.id), now)).added);
      });
      result.scored += contacts.length;
      result.changed += updates.length;
    }
    options.onProgress?.(result.scored, total);
    await pause();
  }
  result.ms = performance.now() - started;
  return result;
}
