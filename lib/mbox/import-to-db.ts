import { findIntent } from '../churn/phrases';
import { contactStoreOf } from '../contacts/dexie-store';
import { activityStoreOf } from '../activities/dexie-store';
import { markFromMail } from '../team/outbox';
import { companyNameFromDomain, domainOf, isFreeMail } from '../contacts/domains';
import { isNeverLogged } from '../contacts/never-log';
import { isRobotAddress } from '../contacts/robot-address';
import type { KizunaDb } from '../db/schema';
import { NOT_TO_ME_FLAG, type Activity, type Contact } from '../db/types';
import type { Address } from './addresses';
import type { PartlyRead } from './body';
import type { MailMessage } from './message';
import { fingerprint, readMbox, type MboxProgress } from './read-mbox';
import type { ByteSource } from './split';

/**
 * Mailbox history import into the CRM database: each message of an mbox becomes an email activity
 * of the contacts it involves (created for new correspondents unless auto-creation is off or they are
 * on the never-log list), written in batches, one transaction per batch.
 */

export interface MboxImportOptions {
  /** The user's own addresses (any case): a message from one of them is outbound, and they never become contacts. */
  own: readonly string[];
  /** Create a contact for each new correspondent (Settings.autoCreate). */
  autoCreate: boolean;
  /** Addresses and domains never recorded (Settings.neverLog). */
  neverLog: readonly string[];
  /** Messages per transaction; default 4,000. */
  batchSize?: number;
  signal?: AbortSignal;
  /** Called after each chunk read and after each batch written. */
  onProgress?: (progress: MboxImportProgress) => void;
  /** Clock for createdAt/updatedAt; default Date.now. */
  now?: () => number;
}

export interface MboxImportProgress {
  bytesRead: number;
  /** Messages read from the file (copies within the file not counted). */
  messages: number;
  /** Activities written so far. */
  added: number;
}

export interface MboxImportSummary {
  /** Messages read from the file, copies of one message (same Message-ID, date and sender) once. */
  messagesRead: number;
  /** Email activities written. */
  added: number;
  /** Messages already in the database (imported before, or recorded from the Gmail thread view) or repeated in the file. */
  alreadyThere: number;
  /** Messages without a readable Date header (a history entry needs a time). */
  skippedNoDate: number;
  /** Messages with nobody to log: only the user's own addresses, never-logged ones, or correspondents who are not contacts while auto-creation is off. */
  skippedNoCorrespondent: number;
  contactsCreated: number;
  /** Existing contacts whose last-contact dates or name changed. */
  contactsUpdated: number;
  /** Messages whose text was read only in part, by reason (imported all the same, with what was read). */
  partlyRead: Record<PartlyRead, number>;
  bytesRead: number;
  ms: number;
  /** True when the import was cancelled; the batches written before stay. */
  cancelled: boolean;
}

/** Counts for MboxImportSummary.partlyRead, all zero. */
export const noneReadInPart = (): Record<PartlyRead, number> => ({ 'too-large': 0, 'too-complex': 0 });

/** Characters of a message's text kept as its snippet, as the Gmail thread view keeps. */
export const SNIPPET_LENGTH = 240;

/** Prefix of the activity key of a message imported from a mailbox (Gmail thread views key theirs by Gmail's own id). */
export const MBOX_KEY_PREFIX = 'mbox:';

/**
 * The activity key (Activity.messageId, unique) of an imported message. A Google Takeout message keeps
 * Gmail's own id (hex, from its From_ line), the key the Gmail thread view records it under, so a thread
 * opened in Gmail later (or before) counts each message once. Otherwise `mbox:<Message-ID>`; a message
 * without one gets a key from its date, sender and subject, so importing the same file twice adds nothing.
 * Copies of one message (same Message-ID, date and sender) are one message; a different message that
 * reuses an id seen earlier in the file gets `mbox:<Message-ID>#<hash of date and sender>`: its own row,
 * the same on every import, while the first keeps the plain key (no stored key changes meaning).
 */
export function mboxActivityKey(m: Pick<MailMessage, 'messageId' | 'date' | 'from' | 'subject' | 'gmailMessageId' | 'idReused'>): string {
  if (m.gmailMessageId) return m.gmailMessageId;
  if (m.messageId && m.idReused) return `${`${MBOX_KEY_PREFIX}${m.messageId}`.slice(0, 480)}#${hash(fingerprint(m))}`;
  if (m.messageId) return `${MBOX_KEY_PREFIX}${m.messageId}`.slice(0, 500);
  return `${MBOX_KEY_PREFIX}no-id:${m.date ?? ''}:${m.from?.address ?? ''}:${hash(m.subject)}`;
}

/** The thread id stored for an imported message: Gmail's X-GM-THRID as the hex id the Gmail thread view uses, else the References/In-Reply-To root. */
export function mboxThreadId(m: Pick<MailMessage, 'threadId'>): string | undefined {
  const id = m.threadId?.trim();
  if (!id) return undefined;
  return /^\d{1,20}$/.test(id) ? BigInt(id).toString(16) : id.slice(0, 500);
}

function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

/** Streams an mbox into the database. A non-mbox file throws NotMboxError before anything is written. */
export async function importMbox(db: KizunaDb, source: ByteSource, options: MboxImportOptions): Promise<MboxImportSummary> {
  const started = performance.now();
  const now = options.now ?? Date.now;
  const batchSize = Math.max(1, options.batchSize ?? 4000);
  const writer = new MboxDbWriter(db, options, now);
  let read: MboxProgress = { bytesRead: 0, messages: 0, duplicates: 0 };
  const report = () => options.onProgress?.({ bytesRead: read.bytesRead, messages: read.messages, added: writer.summary.added });
  let batch: PreparedMessage[] = [];
  const partlyRead = noneReadInPart();
  let cancelled = false;
  // One batch is written while the next is read and parsed; writes stay in order, one at a time.
  let writing: Promise<void> = Promise.resolve();
  const flush = async (messages: PreparedMessage[]) => {
    await writing;
    options.signal?.throwIfAborted();
    writing = writer.write(messages).then(report);
    // Surfaces a failed write at once instead of at the next batch.
    writing.catch(() => undefined);
  };
  try {
    for await (const message of readMbox(source, { signal: options.signal, onProgress: (p) => ((read = p), report()) })) {
      if (message.partlyRead) partlyRead[message.partlyRead]++;
      // Key and intent are worked out here, while the previous batch is being written.
      batch.push(writer.prepare(message));
      if (batch.length >= batchSize) {
        await flush(batch);
        batch = [];
      }
    }
    if (batch.length) await flush(batch);
    await writing;
  } catch (error) {
    // A batch being written when the user cancels is finished (it is one transaction), never cut.
    await writing.catch(() => undefined);
    if (!options.signal?.aborted) throw error;
    cancelled = true;
  }
  return {
    ...writer.summary,
    messagesRead: read.messages,
    alreadyThere: writer.summary.alreadyThere + read.duplicates,
    partlyRead,
    bytesRead: read.bytesRead,
    ms: performance.now() - started,
    cancelled,
  };
}

type Counts = Omit<MboxImportSummary, 'messagesRead' | 'partlyRead' | 'bytesRead' | 'ms' | 'cancelled'>;

/** Writes batches of parsed messages; keeps counts across batches. */
export class MboxDbWriter {
  readonly summary: Counts = { added: 0, alreadyThere: 0, skippedNoDate: 0, skippedNoCorrespondent: 0, contactsCreated: 0, contactsUpdated: 0 };
  private readonly own: Set<string>;
  private readonly created = new Set<number>();
  private readonly updated = new Set<number>();
  /** Contacts already looked up by this import, by email (so each batch queries only new addresses). */
  private readonly contacts = new Map<string, Contact>();
  /** Emails of contacts the user deleted (or merged away) while this import ran: it does not create them again. */
  private readonly deleted = new Set<string>();
  private readonly companies = new Map<string, number>();

  constructor(
    private readonly db: KizunaDb,
    private readonly options: Pick<MboxImportOptions, 'autoCreate' | 'neverLog' | 'own'>,
    private readonly now: () => number = Date.now,
  ) {
    this.own = new Set(options.own.map((a) => a.trim().toLowerCase()).filter(Boolean));
  }

  private logged(email: string): boolean {
    return email.includes('@') && !this.own.has(email) && !isRobotAddress(email) && !isNeverLogged(email, this.options.neverLog);
  }

  /** A message with its activity key and, for an inbound one, the churn-intent flags of its text. */
  prepare(m: MailMessage): PreparedMessage {
    const p = m as PreparedMessage;
    if (p.key !== undefined) return p;
    p.key = mboxActivityKey(m);
    // Not searched when it will not be written: undated, ours, or already stored (a re-import costs little).
    const skip = m.date === null || this.own.has(m.from?.address ?? '') || this.known?.has(p.key);
    p.intent = skip ? [] : [...new Set(findIntent(m.snippet).map((h) => `intent:${h.id}`))];
    return p;
  }

  /** Writes one batch in one transaction: contacts first, then the activities not already stored, then last-contact dates. */
  async write(batch: readonly MailMessage[]): Promise<void> {
    const messages = batch.map((m) => this.prepare(m));
    const dated: PreparedMessage[] = [];
    const people = new Map<string, Person>();
    for (const m of messages) {
      if (m.date === null) {
        this.summary.skippedNoDate++;
        continue;
      }
      dated.push(m);
      for (const p of participants(m, this.own)) {
        if (!this.logged(p.address)) continue;
        const known = people.get(p.address);
        // Their own From header names them best; else the first name we addressed them by.
        if (!known || (!known.name && p.name) || (p === m.from && p.name)) people.set(p.address, { ...p, listOnly: m.list && (known?.listOnly ?? true) });
        else if (!m.list) known.listOnly = false;
      }
    }
    const at = this.now();
    try {
      await this.transaction(dated, people, at);
    } catch (error) {
      // Nothing of this batch was written: forget what it cached (a key added meanwhile by another import, a contact not created).
      this.known = null;
      this.contacts.clear();
      this.companies.clear();
      throw error;
    }
  }

  private async transaction(dated: readonly PreparedMessage[], people: ReadonlyMap<string, Address>, at: number): Promise<void> {
    const { db } = this;
    const store = contactStoreOf(db);
    const history = activityStoreOf(db);
    await db.transaction('rw', [...store.tables, db.companies, ...history.tables], async (tx) => {
      // A mailbox import is mail read, not an edit: allowed in a read-only team copy, kept local there.
      markFromMail(tx);
      const byEmail = this.contacts;
      // A contact cached by an earlier batch may have been deleted since: read them again in this
      // transaction (by id, cheaper than by email), so no history row names a contact that is gone.
      const cached = [...people.keys()].filter((e) => byEmail.has(e));
      const current = cached.length ? await store.getMany(cached.map((e) => byEmail.get(e)!.id)) : [];
      cached.forEach((email, i) => {
        const contact = current[i];
        if (contact) byEmail.set(email, contact);
        else {
          byEmail.delete(email);
          this.deleted.add(email);
        }
      });
      const unknown = [...people.keys()].filter((e) => !byEmail.has(e));
      if (unknown.length) for (const c of await store.byEmails(unknown)) byEmail.set(c.email, c);
      const toCreate: Address[] = [];
      for (const person of people.values()) {
        const contact = byEmail.get(person.address);
        if (!contact) {
          if (this.options.autoCreate && !this.deleted.has(person.address)) toCreate.push(person);
        } else if (!contact.name && person.name) {
          contact.name = person.name;
          await store.update(contact.id, { name: person.name, updatedAt: at });
          this.markUpdated(contact.id);
        }
      }
      for (const created of await this.createContacts(toCreate, at)) {
        byEmail.set(created.email, created);
        this.created.add(created.id);
        this.summary.contactsCreated++;
      }

      const known = await this.knownKeys();
      const gmailRecorded = await this.gmailRecorded(dated);
      const lastIn = new Map<number, number>();
      const lastOut = new Map<number, number>();
      const rows: Omit<Activity, 'id'>[] = [];
      dated.forEach((m) => {
        const from = m.from?.address ?? '';
        const outbound = this.own.has(from);
        const ids = [
          ...new Set(
            participants(m, this.own)
              .map((p) => byEmail.get(p.address)?.id)
              .filter((id): id is number => id !== undefined),
          ),
        ];
        if (ids.length === 0) {
          this.summary.skippedNoCorrespondent++;
          return;
        }
        const when = m.date!;
        if (outbound) for (const id of ids) lastOut.set(id, Math.max(lastOut.get(id) ?? 0, when));
        else {
          const sender = byEmail.get(from)?.id;
          if (sender !== undefined) lastIn.set(sender, Math.max(lastIn.get(sender) ?? 0, when));
        }
        const key = m.key;
        const threadId = mboxThreadId(m);
        if (known.has(key) || gmailRecorded(threadId, from, when)) {
          this.summary.alreadyThere++;
          return;
        }
        known.add(key);
        rows.push({
          kind: 'email',
          contactIds: ids,
          at: when,
          messageId: key,
          ...(threadId ? { threadId } : {}),
          direction: outbound ? 'out' : 'in',
          from,
          subject: m.subject.slice(0, 1000),
          // As long as the Gmail thread view's snippets; intent was searched in the whole snippet above.
          snippet: m.snippet.slice(0, SNIPPET_LENGTH),
          ...replyHeaders(m, outbound),
          flags: ['mbox', ...m.intent, ...(outbound || addressedTo(m, this.own) ? [] : [NOT_TO_ME_FLAG])],
        });
      });
      if (rows.length) await history.addMany(rows);
      this.summary.added += rows.length;
      await this.touchLastContact(lastIn, lastOut, at);
    });
  }

  /**
   * A message the Gmail thread view already recorded (keyed by Gmail's own message id): same Gmail
   * thread (X-GM-THRID), same sender, same minute (Gmail shows minutes).
   */
  private async gmailRecorded(messages: readonly MailMessage[]): Promise<(threadId: string | undefined, from: string, at: number) => boolean> {
    // Takeout messages carry Gmail's own id (their key already matches the thread view's): only others are looked for.
    const threads = [...new Set(messages.filter((m) => !m.gmailMessageId && /^\d+$/.test(m.threadId ?? '')).map((m) => mboxThreadId(m)!))];
    if (threads.length === 0) return () => false;
    const recorded = (await this.db.activities.where('threadId').anyOf(threads).toArray()).filter(
      (a) => a.kind === 'email' && !a.messageId?.startsWith(MBOX_KEY_PREFIX) && !a.flags?.includes('date-unknown'),
    );
    if (recorded.length === 0) return () => false;
    return (threadId, from, at) => recorded.some((a) => a.threadId === threadId && a.from === from && Math.abs(a.at - at) < 60_000);
  }

  /**
   * The keys an imported message can have that are already stored: those imported before (`mbox:…`) and
   * Gmail's hex message ids (recorded from the thread view or a Takeout import), read once with two range
   * scans of the index: much faster than looking each batch's keys up one by one. Kept current as batches are added.
   */
  private known: Set<string> | null = null;
  private async knownKeys(): Promise<Set<string>> {
    if (this.known) return this.known;
    const index = this.db.activities.where('messageId');
    const [mbox, gmail] = await Promise.all([index.between(MBOX_KEY_PREFIX, 'mbox;').keys(), index.between('0', 'g').keys()]);
    this.known = new Set([...mbox, ...gmail].map(String));
    return this.known;
  }

  private markUpdated(id: number): void {
    if (this.created.has(id) || this.updated.has(id)) return;
    this.updated.add(id);
    this.summary.contactsUpdated++;
  }

  /** New contacts (stage lead, a company from the domain unless free mail), companies and contacts each added in one bulk call. */
  private async createContacts(candidates: readonly Person[], at: number): Promise<Contact[]> {
    // Mailing-list mail records history for existing contacts but creates none.
    const people = candidates.filter((p) => !p.listOnly);
    if (people.length === 0) return [];
    const { db, companies } = this;
    const domains = [...new Set(people.filter((p) => !isFreeMail(p.address)).map((p) => domainOf(p.address)))].filter((d) => !companies.has(d));
    if (domains.length) {
      for (const c of await db.companies.where('domain').anyOf(domains).toArray()) companies.set(c.domain!, c.id);
      const missing = domains.filter((d) => !companies.has(d));
      const ids = await db.companies.bulkAdd(
        missing.map((domain) => ({ domain, name: companyNameFromDomain(domain), fields: {} })),
        { allKeys: true },
      );
      missing.forEach((domain, i) => companies.set(domain, ids[i]));
    }
    const rows: Omit<Contact, 'id'>[] = people.map((person) => {
      const companyId = isFreeMail(person.address) ? undefined : companies.get(domainOf(person.address));
      return {
        email: person.address,
        name: person.name.slice(0, 500),
        ...(companyId !== undefined ? { companyId } : {}),
        tags: [],
        stage: 'lead',
        owner: '',
        custom: {},
        doNotContact: 0,
        createdAt: at,
        updatedAt: at,
      };
    });
    const ids = await contactStoreOf(db).addMany(rows);
    return rows.map((row, i) => ({ ...row, id: ids[i] }));
  }

  private async touchLastContact(lastIn: Map<number, number>, lastOut: Map<number, number>, at: number): Promise<void> {
    const ids = [...new Set([...lastIn.keys(), ...lastOut.keys()])];
    // Read again inside the transaction, so a change made meanwhile (the sidebar, another tab) is kept.
    const store = contactStoreOf(this.db);
    const contacts = await store.getMany(ids);
    const changed: Contact[] = [];
    for (const c of contacts) {
      if (!c) continue;
      const inbound = Math.max(c.lastInboundAt ?? 0, lastIn.get(c.id) ?? 0) || undefined;
      const outbound = Math.max(c.lastOutboundAt ?? 0, lastOut.get(c.id) ?? 0) || undefined;
      if (inbound !== c.lastInboundAt || outbound !== c.lastOutboundAt) {
        changed.push({ ...c, lastInboundAt: inbound, lastOutboundAt: outbound, updatedAt: at });
        this.markUpdated(c.id);
      }
    }
    if (changed.length) await store.put(changed);
  }
}

type PreparedMessage = MailMessage & { key: string; intent: string[] };
/** A correspondent of a batch; `listOnly` while only mailing-list mail named them (no contact is created for it). */
type Person = Address & { listOnly?: boolean };

/** Everyone a message involves: sender, To and Cc, and Bcc on the user's own sent mail. */
function participants(m: MailMessage, own: ReadonlySet<string>): Address[] {
  const outbound = own.has(m.from?.address ?? '');
  return [...(m.from ? [m.from] : []), ...m.to, ...m.cc, ...(outbound ? m.bcc : [])];
}

/** Whether the user (or an alias) is in the message's To or Cc. */
function addressedTo(m: MailMessage, own: ReadonlySet<string>): boolean {
  return m.to.some((a) => own.has(a.address)) || m.cc.some((a) => own.has(a.address));
}

/** What the churn signals read of a message's headers: its Message-ID, what it replies to, and (ours) whom it was to. */
function replyHeaders(m: MailMessage, outbound: boolean): Pick<Activity, 'internetMessageId' | 'inReplyTo' | 'references' | 'to'> {
  const refs = m.references.length > 10 ? [m.references[0], ...m.references.slice(-9)] : m.references;
  return {
    ...(m.messageId ? { internetMessageId: m.messageId.slice(0, 1000) } : {}),
    ...(m.inReplyTo ? { inReplyTo: m.inReplyTo.slice(0, 1000) } : {}),
    references: refs.map((r) => r.slice(0, 1000)),
    ...(outbound ? { to: [...new Set(m.to.map((a) => a.address.slice(0, 320)))].slice(0, 1000) } : {}),
  };
}
