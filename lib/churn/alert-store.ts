import type { Collection, InsertType } from 'dexie';
import type { KizunaDb } from '../db/schema';
import type { Alert } from '../db/types';
import { contactStoreOf } from '../contacts/dexie-store';
import type { AlertDraft } from './alerts';

const REPORTED_WRITE = 49;

/** An open alert that is not snoozed at `now`: it is listed and counted. */
export const isActiveAlert = (alert: Pick<Alert, 'open' | 'snoozedUntil'>, now = Date.now()): boolean => alert.open === 1 && !((alert.snoozedUntil ?? 0) > now);

/** Contact ids this close together (span at most this many times their number) are read as one index range. */
const RANGE_SPREAD = 4;

const COMPOUND = '[contactId+open+key]';

/**
 * The range of the [contactId+open+key] index that holds the alerts of contacts lo–hi (of one open state): the lowest
 * and highest keys of IndexedDB written out. Dexie.minKey and maxKey are these values, but fake-indexeddb (the unit
 * tests) refuses Dexie's maxKey array.
 */
const contactsRange = (lo: number, hi: number, open?: 0 | 1): [unknown, unknown] => [
  [lo, open ?? -Infinity, -Infinity],
  [hi, open ?? [[]], [[]]],
];

/**
 * The alerts of these contacts (of one open state, if given), as a collection of the [contactId+open+key] index:
 * schema 18 keeps no plain contactId index on the alerts (each alert written wrote its entry too, issue #12). Read
 * them this way, never with `where('contactId')`.
 */
export function alertsOfContacts(db: KizunaDb, contactIds: readonly number[], open?: 0 | 1): Collection<Alert, number, InsertType<Alert, 'id'>> {
  const ids = [...new Set(contactIds)].sort((a, b) => a - b);
  const index = db.alerts.where(COMPOUND);
  if (ids.length === 1) return index.between(...contactsRange(ids[0], ids[0], open), true, true);
  return index.inAnyRange(ids.map((id) => contactsRange(id, id, open)) as never);
}

/**
 * The alerts of some contacts. Ids close together (a rescore's chunk) are read as one range of the index and
 * filtered: one request, where Dexie's inAnyRange steps a cursor from range to range, a round trip per alert.
 */
function alertsOf(db: KizunaDb, contactIds: readonly number[]): Promise<Alert[]> {
  const ids = new Set(contactIds);
  let lo = Infinity;
  let hi = -Infinity;
  for (const id of ids) {
    if (id < lo) lo = id;
    if (id > hi) hi = id;
  }
  if (hi - lo + 1 > RANGE_SPREAD * ids.size) return alertsOfContacts(db, [...ids]).toArray();
  return db.alerts
    .where(COMPOUND)
    .between(...contactsRange(lo, hi), true, true)
    .toArray()
    .then((rows) => rows.filter((a) => ids.has(a.contactId)));
}

/** What a rescore needs of a stored alert to tell whether a contact's alerts change: read from an index, not the row. */
export type AlertKey = Pick<Alert, 'contactId' | 'open' | 'key'>;

/** An alert's kind, from its key (`${contactId}:${kind}:${event}`). */
const kindOfKey = (key: string): string => key.slice(key.indexOf(':') + 1, key.indexOf(':', key.indexOf(':') + 1));

const toAlertKey = (k: unknown): AlertKey => {
  const [contactId, open, key] = k as [number, 0 | 1, string];
  return { contactId, open, key };
};

/**
 * The stored alerts of the contacts with ids in [lo, hi] (or of these ids), as keys of the [contactId+open+key]
 * index (schema 16): a rescore whose chunk changes no alert reads no alert row.
 */
export async function alertKeysOf(db: KizunaDb, range: { lo: number; hi: number } | { ids: readonly number[] }): Promise<AlertKey[]> {
  if ('lo' in range)
    return (
      await db.alerts
        .where(COMPOUND)
        .between(...contactsRange(range.lo, range.hi), true, true)
        .keys()
    ).map(toAlertKey);
  if (range.ids.length === 0) return [];
  return (await alertsOfContacts(db, range.ids).keys()).map(toAlertKey);
}

/**
 * Writes detected alerts: a key already stored (open or dismissed) is never added again, so an event
 * raises one alert, and none is added for a contact deleted since it was scored. Open `unanswered`
 * alerts of the given contacts that were not detected again (the message got its answer) are closed,
 * and so is every open alert of the contacts in `closeAllOf` (no longer scored for churn: a lead,
 * churned, do-not-contact). One transaction, so two contexts cannot add the same key twice. Returns
 * the alerts added and how many were closed.
 */
export async function storeAlerts(
  db: KizunaDb,
  drafts: readonly AlertDraft[],
  scoredContactIds: readonly number[],
  now: number,
  /** Keys of messages still waiting for an answer (any age): their open alerts are not closed. */
  stillUnanswered: ReadonlySet<string> = new Set(),
  closeAllOf: readonly number[] = [],
  /**
   * The drafted contacts' existence, checked by the caller (the rescore: read with the chunk, and again once written,
   * dropAlertsOfGone): the transaction then leaves the contacts free, so pages' contact reads do not wait behind it.
   */
  checked?: 'by-caller',
): Promise<{ added: Alert[]; closed: number }> {
  const contacts = contactStoreOf(db);
  // contacts only when alerts may be added (to check they still exist): closing alerts leaves the contacts free.
  // The store's existence check uses its readTables (a sub-transaction of this one).
  const checkHere = drafts.length > 0 && checked !== 'by-caller';
  return db.transaction('rw', checkHere ? [db.alerts, ...contacts.readTables] : [db.alerts], async () => {
    const keys = drafts.map((d) => d.key);
    // A key starts with its contact's id: the scored contacts' alerts (one index read) hold every key that may exist,
    // unless a draft names a contact outside them.
    const scored = new Set(scoredContactIds);
    const outside = [...new Set(drafts.filter((d) => !scored.has(d.contactId)).map((d) => d.key))];
    const drafted = [...new Set(drafts.map((d) => d.contactId))];
    // The reads go out together (one round trip, not one each, in a transaction that holds the contacts): the stored
    // alerts, whether the drafted contacts still exist (keys only) and the open alerts of those to close all.
    const [theirs, outsideKeys, alive, closing] = await Promise.all([
      scoredContactIds.length ? alertsOf(db, scoredContactIds) : [],
      outside.length ? db.alerts.where('key').anyOf(outside).keys() : [],
      checkHere ? contacts.existing(drafted) : new Set<number>(drafted),
      closeAllOf.length ? alertsOfContacts(db, closeAllOf, 1).primaryKeys() : [],
    ]);
    const existing = new Set(theirs.map((a) => a.key));
    for (const key of outsideKeys) existing.add(String(key));
    const seen = new Set<string>();
    const candidates = drafts.filter((d) => !existing.has(d.key) && !seen.has(d.key) && seen.add(d.key));
    const fresh = candidates.filter((d) => alive.has(d.contactId));
    // A contact's open alerts are all closed (read above, before this write): a new one of it is stored closed.
    const closeAll = new Set(closeAllOf);
    const rows = fresh.map((d) => (closeAll.has(d.contactId) ? { ...d, open: 0 as const, dismissedAt: now } : { ...d, open: 1 as const }));
    // Fewer than 50 rows per call: Dexie then tells live queries (the attention page, the badge) which keys changed,
    // not "the whole table". The calls go out together (one transaction, no round trip each).
    const parts: Alert[][] = [];
    for (let i = 0; i < rows.length; i += REPORTED_WRITE) parts.push(rows.slice(i, i + REPORTED_WRITE) as Alert[]);
    const detected = new Set(keys);
    const stale = theirs.filter((a) => a.open === 1 && a.kind === 'unanswered' && !detected.has(a.key) && !stillUnanswered.has(a.key)).map((a) => a.id);
    stale.push(...closing);
    // The writes go out together too.
    const [added] = await Promise.all([
      Promise.all(parts.map((part) => db.alerts.bulkAdd(part, { allKeys: true }) as Promise<number[]>)).then((lists) => lists.flat()),
      stale.length ? db.alerts.bulkUpdate(stale.map((key) => ({ key, changes: { open: 0 as const, dismissedAt: now } }))) : undefined,
    ]);
    return { added: rows.map((r, i) => ({ ...r, id: added[i] }) as Alert), closed: stale.length + rows.filter((r) => r.open === 0).length };
  });
}

/**
 * After a write whose contacts' existence its caller checked (storeAlerts `by-caller`): removes the alerts just added for
 * contacts deleted since (one read-only request for the contacts' keys; a write only when one is gone). Returns the
 * alerts kept. A contact deleted after this check took its alerts with it (its delete removes them).
 */
export async function dropAlertsOfGone(db: KizunaDb, added: readonly Alert[]): Promise<Alert[]> {
  if (added.length === 0) return [];
  const alive = await contactStoreOf(db).existing([...new Set(added.map((a) => a.contactId))]);
  const gone = added.filter((a) => !alive.has(a.contactId));
  if (gone.length === 0) return [...added];
  await db.alerts.bulkDelete(gone.map((a) => a.id));
  return added.filter((a) => alive.has(a.contactId));
}

/**
 * Whether storeAlerts would write for one contact, given its stored alerts: an alert detected that is not stored yet
 * (open or dismissed), or an open `unanswered` alert whose message got its answer.
 */
export function alertsChangeFor(stored: readonly Pick<Alert, 'open' | 'key'>[], drafts: readonly AlertDraft[], stillUnanswered: ReadonlySet<string>): boolean {
  const known = new Set(stored.map((a) => a.key));
  return drafts.some((d) => !known.has(d.key)) || alertsCloseFor(stored, drafts, stillUnanswered);
}

/** Whether storeAlerts would close one of a contact's stored alerts: an open `unanswered` one whose message got its answer. */
function alertsCloseFor(stored: readonly Pick<Alert, 'open' | 'key'>[], drafts: readonly AlertDraft[], stillUnanswered: ReadonlySet<string>): boolean {
  const detected = new Set(drafts.map((d) => d.key));
  // The kind from the key: a rescore has only the index's keys (alertKeysOf).
  return stored.some((a) => a.open === 1 && kindOfKey(a.key) === 'unanswered' && !detected.has(a.key) && !stillUnanswered.has(a.key));
}

/**
 * Adds the drafts of contacts with ids in [lo, hi] whose keys are not stored yet (open or dismissed), once each, for
 * contacts that still exist: the stored keys of the drafted contacts are read from the [contactId+open+key] index (no
 * alert row), the contacts with one bulk get. Call inside a readwrite transaction on the alerts and the contact
 * store's readTables. Writes in calls of fewer than 50 rows (see storeAlerts), all sent together.
 */
export async function addAlerts(db: KizunaDb, drafts: readonly AlertDraft[], lo: number, hi: number): Promise<Alert[]> {
  if (drafts.length === 0) return [];
  // The keys of the drafted contacts only: the index's keys come through a cursor, a step per stored alert, and most
  // contacts of a range have no new alert (on a first run none has any stored).
  const drafted = [...new Set(drafts.filter((d) => d.contactId >= lo && d.contactId <= hi).map((d) => d.contactId))];
  const existing = new Set((await alertKeysOf(db, { ids: drafted })).map((a) => a.key));
  const candidates = drafts.filter((d) => d.contactId >= lo && d.contactId <= hi && !existing.has(d.key) && (existing.add(d.key), true));
  const ids = [...new Set(candidates.map((d) => d.contactId))];
  const alive = ids.length ? await contactStoreOf(db).existing(ids) : new Set<number>();
  const rows = candidates.filter((d) => alive.has(d.contactId)).map((d) => ({ ...d, open: 1 as const }));
  const parts: Alert[][] = [];
  for (let i = 0; i < rows.length; i += REPORTED_WRITE) parts.push(rows.slice(i, i + REPORTED_WRITE) as Alert[]);
  const added = (await Promise.all(parts.map((part) => db.alerts.bulkAdd(part, { allKeys: true }) as Promise<number[]>))).flat();
  return rows.map((r, i) => ({ ...r, id: added[i] }) as Alert);
}

/** Dismisses alerts (they stay stored, so the same event is not raised again). */
export async function dismissAlerts(db: KizunaDb, ids: readonly number[], now = Date.now()): Promise<void> {
  await db.alerts.bulkUpdate(ids.map((key) => ({ key, changes: { open: 0 as const, dismissedAt: now } })));
}

/** Snoozes open alerts until a time: they leave the list and the badge count, and come back then. */
export async function snoozeAlerts(db: KizunaDb, ids: readonly number[], until: number): Promise<void> {
  await db.alerts.bulkUpdate(ids.map((key) => ({ key, changes: { snoozedUntil: until } })));
}

// The open alerts are read in one request and filtered here: Dexie's filter() and each() step a cursor, one
// round trip per row, several times slower over the tens of thousands of alerts a first rescore can raise.
const openAlerts = (db: KizunaDb): Promise<Alert[]> => db.alerts.where('open').equals(1).toArray();

/** How many alerts are open and not snoozed. */
export async function openAlertCount(db: KizunaDb, now = Date.now()): Promise<number> {
  return (await openAlerts(db)).filter((a) => isActiveAlert(a, now)).length;
}

/** The earliest time a snoozed open alert comes back (undefined when none is snoozed past `now`). */
export async function nextSnoozeEnd(db: KizunaDb, now = Date.now()): Promise<number | undefined> {
  let next: number | undefined;
  for (const a of await openAlerts(db)) {
    if (a.snoozedUntil !== undefined && a.snoozedUntil > now && (next === undefined || a.snoozedUntil < next)) next = a.snoozedUntil;
  }
  return next;
}
