import Dexie from 'dexie';
import type { KizunaDb } from '../db/schema';
import type { Activity, Contact } from '../db/types';
import type { Person, ThreadSnapshot } from '../protocol';
import type { Settings } from '../settings';
import { contactStoreOf } from './dexie-store';
import { activityStoreOf } from '../activities/dexie-store';
import { companyNameFromDomain, domainOf, isFreeMail } from './domains';
import { isNeverLogged } from './never-log';
import { ownAddresses, type OwnAddresses } from './participants';
import { markFromMail, recordOutbox } from '../team/outbox';

export interface RecordResult {
  /** Contact id by lower-cased email, for the thread's external participants that are contacts. */
  contactIds: Record<string, number>;
  created: number;
  messagesAdded: number;
}

/**
 * Records what a thread view shows: creates missing contacts (unless auto-creation is off), adds the
 * messages to their history once each (Gmail's message id is the key), and keeps last-contact dates.
 * One transaction, so two tabs opening the same thread at once cannot create a contact twice. A thread
 * already recorded (the common case: every thread switch in Gmail) is checked in a read-only
 * transaction and writes nothing: a readwrite one would hold up the sidebar's reads of the contact.
 */
export async function recordThread(db: KizunaDb, snapshot: ThreadSnapshot, settings: Settings, now = Date.now()): Promise<RecordResult> {
  const thread = normaliseAddresses(snapshot);
  const own = ownAddresses(thread.userEmail, settings.aliases, settings.gmailAccounts);
  const logged = (email: string) => !own.has(email) && !isNeverLogged(email, settings.neverLog);
  const people = new Map<string, Person>();
  for (const m of thread.messages) {
    for (const p of [m.from, ...m.to, ...m.cc]) {
      if (logged(p.email) && (!people.has(p.email) || (!people.get(p.email)!.name && p.name))) people.set(p.email, p);
    }
  }
  // The read-only pass calls only the store's contact reads (its readTables); the write pass may add a contact with
  // its tags (every table of the store).
  const unchanged = await db.transaction('r', [...contactStoreOf(db).readTables, db.companies, ...activityStoreOf(db).readTables], () => record(db, thread, people, own, settings, now, false));
  if (unchanged !== NEEDS_WRITE) return unchanged;
  // What reading mail writes is allowed in a read-only team copy, and stays local there (lib/team/outbox.ts).
  const written = await db.transaction(
    'rw',
    [...contactStoreOf(db).tables, db.companies, ...activityStoreOf(db).tables],
    (tx) => (markFromMail(tx), record(db, thread, people, own, settings, now, true)),
  );
  // Unreachable: a readwrite pass never asks for one.
  if (written === NEEDS_WRITE) throw new Error('recordThread: write pass without write access');
  return written;
}

/** What a read-only pass of `record` returns when the thread needs a write. */
const NEEDS_WRITE = Symbol('needs write');

/** The body of recordThread; with `write` false it returns NEEDS_WRITE instead of making its first write. */
async function record(
  db: KizunaDb,
  thread: ThreadSnapshot,
  people: ReadonlyMap<string, Person>,
  own: OwnAddresses,
  settings: Settings,
  now: number,
  write: boolean,
): Promise<RecordResult | typeof NEEDS_WRITE> {
  const result: RecordResult = { contactIds: {}, created: 0, messagesAdded: 0 };
  const contacts = contactStoreOf(db);
  const existing = await contacts.byEmails([...people.keys()]);
  const byEmail = new Map(existing.map((c) => [c.email, c]));
  for (const person of people.values()) {
    let contact = byEmail.get(person.email);
    if (!contact && settings.autoCreate) {
      if (!write) return NEEDS_WRITE;
      contact = await createContact(db, person, now);
      result.created++;
    } else if (contact && !contact.name && person.name) {
      if (!write) return NEEDS_WRITE;
      await contacts.update(contact.id, { name: person.name, updatedAt: now });
    }
    if (contact) result.contactIds[person.email] = contact.id;
  }

  const known = new Set((await activityStoreOf(db).byMessageIds(thread.messages.map((m) => m.messageId))).map((a) => a.messageId));
  const lastIn = new Map<number, number>();
  const lastOut = new Map<number, number>();
  const rows: Omit<Activity, 'id'>[] = [];
  for (const m of thread.messages) {
    const outbound = own.has(m.from.email);
    const contactIds = [m.from, ...m.to, ...m.cc].map((p) => result.contactIds[p.email]).filter((id): id is number => id !== undefined);
    if (contactIds.length === 0) continue;
    const at = m.at ?? now;
    if (outbound) for (const id of contactIds) lastOut.set(id, Math.max(lastOut.get(id) ?? 0, at));
    else if (result.contactIds[m.from.email] !== undefined) lastIn.set(result.contactIds[m.from.email], Math.max(lastIn.get(result.contactIds[m.from.email]) ?? 0, at));
    if (known.has(m.messageId)) continue;
    known.add(m.messageId);
    rows.push({
      kind: 'email',
      contactIds: [...new Set(contactIds)],
      at,
      messageId: m.messageId,
      threadId: thread.threadId,
      direction: outbound ? 'out' : 'in',
      from: m.from.email,
      subject: thread.subject,
      snippet: m.snippet,
      ...(m.at === null ? { flags: ['date-unknown'] } : {}),
    });
  }
  if (rows.length) {
    if (!write) return NEEDS_WRITE;
    await activityStoreOf(db).addMany(rows);
    // The thread's summary may be shared with a team (lib/team/thread-share.ts): the bridge looks at it again.
    await recordOutbox(Dexie.currentTransaction!, () => [{ op: 'thread', threadId: thread.threadId }]);
  }
  result.messagesAdded = rows.length;
  const touched = await touchLastContact(db, lastIn, lastOut, now, write);
  return touched ? result : NEEDS_WRITE;
}

async function createContact(db: KizunaDb, person: Person, now: number): Promise<Contact> {
  let companyId: number | undefined;
  if (!isFreeMail(person.email)) {
    const domain = domainOf(person.email);
    const company = await db.companies.where('domain').equals(domain).first();
    companyId = company?.id ?? (await db.companies.add({ domain, name: companyNameFromDomain(domain), fields: {} }));
  }
  const contact: Omit<Contact, 'id'> = {
    email: person.email,
    name: person.name,
    companyId,
    tags: [],
    stage: 'lead',
    owner: '',
    custom: {},
    doNotContact: 0,
    createdAt: now,
    updatedAt: now,
  };
  const id = await contactStoreOf(db).add(contact);
  return { ...contact, id };
}

/** Moves last-contact dates forward; with `write` false, only tells whether it would (false: a write is needed). */
async function touchLastContact(db: KizunaDb, lastIn: Map<number, number>, lastOut: Map<number, number>, now: number, write: boolean): Promise<boolean> {
  const ids = [...new Set([...lastIn.keys(), ...lastOut.keys()])];
  const store = contactStoreOf(db);
  const contacts = await store.getMany(ids);
  for (const c of contacts) {
    if (!c) continue;
    const inbound = Math.max(c.lastInboundAt ?? 0, lastIn.get(c.id) ?? 0) || undefined;
    const outbound = Math.max(c.lastOutboundAt ?? 0, lastOut.get(c.id) ?? 0) || undefined;
    if (inbound !== c.lastInboundAt || outbound !== c.lastOutboundAt) {
      if (!write) return false;
      await store.update(c.id, { lastInboundAt: inbound, lastOutboundAt: outbound, updatedAt: now });
    }
  }
  return true;
}

const lower = (p: Person): Person => ({ ...p, email: p.email.trim().toLowerCase() });

/** Emails are keys: lower-case every address before comparing or storing. */
function normaliseAddresses(thread: ThreadSnapshot): ThreadSnapshot {
  return {
    ...thread,
    userEmail: thread.userEmail?.toLowerCase() ?? null,
    messages: thread.messages.map((m) => ({ ...m, from: lower(m.from), to: m.to.map(lower), cc: m.cc.map(lower) })),
  };
}
