import type { KizunaDb } from '../db/schema';
import type { Activity, Alert, Contact } from '../db/types';
import { storeAlerts } from './alert-store';
import { detectAlerts, unansweredKeys, type AlertDraft } from './alerts';
import { riskChanged, scoreWith, type ScorerConfig } from './scorer';

export interface RecomputeOptions {
  now?: number;
  /** Only these contacts; default everyone. */
  ids?: readonly number[];
  /** Contacts per chunk (one read, one write transaction); default 500. */
  chunkSize?: number;
  /** Called after each chunk. */
  onProgress?: (done: number, total: number) => void;
  /** Changed scores written per transaction; default 50 (each write transaction stays short). */
  writeBatch?: number;
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
  /** Where the time went: reading contacts and activities, scoring and detecting, writing scores and alerts. */
  phases: { readMs: number; scoreMs: number; writeMs: number };
}

const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * The activities of a chunk of contacts. A chunk of consecutive ids is read as one range of the contactIds
 * index (one cursor, much faster than a lookup per contact); a chunk of scattered ids by lookups.
 */
async function activitiesOf(db: KizunaDb, contacts: readonly Contact[]): Promise<Activity[]> {
  if (contacts.length === 0) return [];
  const ids = contacts.map((c) => c.id);
  const lo = Math.min(...ids);
  const hi = Math.max(...ids);
  if (hi - lo + 1 > contacts.length * 2) return db.activities.where('contactIds').anyOf(ids).toArray();
  const wanted = new Set(ids);
  return (await db.activities.where('contactIds').between(lo, hi, true, true).toArray()).filter((a) => a.contactIds.some((id) => wanted.has(id)));
}

/** Scores one chunk of contacts with their activities already loaded; returns the writes to make. */
export function scoreChunk(config: ScorerConfig, contacts: readonly Contact[], activities: readonly Activity[], now: number) {
  const byContact = new Map<number, Activity[]>();
  const seen = new Set<number>();
  for (const a of activities) {
    // A multi-entry index range gives an activity of two contacts in the range twice.
    if (seen.has(a.id)) continue;
    seen.add(a.id);
    for (const id of a.contactIds) {
      let list = byContact.get(id);
      if (!list) byContact.set(id, (list = []));
      list.push(a);
    }
  }
  const updates: { key: number; changes: Pick<Contact, 'risk' | 'riskBand' | 'riskAt'> }[] = [];
  const drafts: AlertDraft[] = [];
  const pending = new Set<string>();
  for (const contact of contacts) {
    const { risk, input } = scoreWith(config, contact, byContact.get(contact.id) ?? [], now, { reasons: false });
    drafts.push(...detectAlerts(contact, risk, input, config.settings.rules, { now, timeZone: config.timeZone }));
    for (const key of unansweredKeys(contact.id, input)) pending.add(key);
    if (riskChanged(contact, risk) || contact.riskAt === undefined) updates.push({ key: contact.id, changes: { risk: risk.score, riskBand: risk.band, riskAt: now } });
  }
  return { updates, drafts, pending };
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
  const writeBatch = options.writeBatch ?? 50;
  const pause = options.pause ?? macrotask;
  const total = options.ids ? options.ids.length : await db.contacts.count();
  const result: RecomputeResult = { scored: 0, changed: 0, alerts: [], ms: 0, phases: { readMs: 0, scoreMs: 0, writeMs: 0 } };
  let mark = performance.now();
  const lap = (phase: keyof RecomputeResult['phases']) => {
    const t = performance.now();
    result.phases[phase] += t - mark;
    mark = t;
  };
  let after = -Infinity;
  let offset = 0;
  for (;;) {
    if (options.signal?.aborted) break;
    mark = performance.now();
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
      const activities = await activitiesOf(db, contacts);
      lap('readMs');
      const { updates, drafts, pending } = scoreChunk(config, contacts, activities, now);
      lap('scoreMs');
      // Alerts first, then the scores: "crossed into high risk" is detected against the stored band, so a worker
      // stopped between the two writes must find the old band next time (alert keys make a repeat harmless).
      result.alerts.push(...(await storeAlerts(db, drafts, contacts.map((c) => c.id), now, pending)).added);
      // Scores in short write transactions (a page reading contacts waits behind a longer one).
      for (let i = 0; i < updates.length; i += writeBatch) {
        await db.contacts.bulkUpdate(updates.slice(i, i + writeBatch));
        if (i + writeBatch < updates.length) await pause();
      }
      lap('writeMs');
      result.scored += contacts.length;
      result.changed += updates.length;
    }
    options.onProgress?.(result.scored, total);
    await pause();
  }
  result.ms = performance.now() - started;
  return result;
}
