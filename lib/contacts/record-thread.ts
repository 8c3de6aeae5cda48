import type { KizunaDb } from '../db/schema';
import type { Activity, Contact } from '../db/types';
import type { Person, ThreadSnapshot } from '../protocol';
import type { Settings } from '../settings';
import { companyNameFromDomain, domainOf, isFreeMail } from './domains';
import { isNeverLogged } from './never-log';
import { ownAddresses } from './participants';

export interface RecordResult {
  /** Contact id by lower-cased email, for the thread's external participants that are contacts. */
  contactIds: Record<string, number>;
  created: number;
  messagesAdded: number;
}

/**
 * Records what a thread view shows: creates missing contacts (unless auto-creation is off), adds the
 * messages to their history once each (Gmail's message id is the key), and keeps last-contact dates.
 * One transaction, so two tabs opening the same thread at once cannot create a contact twice.
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

  return db.transaction('rw', db.contacts, db.companies, db.activities, async () => {
    const result: RecordResult = { contactIds: {}, created: 0, messagesAdded: 0 };
    // One lookup per address (a thread has a handful): an anyOf would read through a cursor, which
    // reads every contact's tags (lib/db/tag-members.ts).
    const existing = (await Promise.all([...people.keys()].map((email) => db.contacts.where('email').equals(email).first()))).filter(
      (c): c is Contact => c !== undefined,
    );
    const byEmail = new Map(existing.map((c) => [c.email, c]));
    for (const person of people.values()) {
      let contact = byEmail.get(person.email);
      if (!contact && settings.autoCreate) {
        contact = await createContact(db, person, now);
        result.created++;
      } else if (contact && !contact.name && person.name) {
        await db.contacts.update(contact.id, { name: person.name, updatedAt: now });
      }
      if (contact) result.contactIds[person.email] = contact.id;
    }

    const known = new Set((await db.activities.where('messageId').anyOf(thread.messages.map((m) => m.messageId)).toArray()).map((a) => a.messageId));
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
    if (rows.length) await db.activities.bulkAdd(rows);
    result.messagesAdded = rows.length;
    await touchLastContact(db, lastIn, lastOut, now);
    return result;
  });
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
  const id = await db.contacts.add(contact);
  return { ...contact, id };
}

async function touchLastContact(db: KizunaDb, lastIn: Map<number, number>, lastOut: Map<number, number>, now: number): Promise<void> {
  const ids = [...new Set([...lastIn.keys(), ...lastOut.keys()])];
  const contacts = await db.contacts.bulkGet(ids);
  for (const c of contacts) {
    if (!c) continue;
    const inbound = Math.max(c.lastInboundAt ?? 0, lastIn.get(c.id) ?? 0) || undefined;
    const outbound = Math.max(c.lastOutboundAt ?? 0, lastOut.get(c.id) ?? 0) || undefined;
    if (inbound !== c.lastInboundAt || outbound !== c.lastOutboundAt) {
      await db.contacts.update(c.id, { lastInboundAt: inbound, lastOutboundAt: outbound, updatedAt: now });
    }
  }
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
