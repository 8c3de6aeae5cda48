import type { KizunaDb } from '../db/schema';
import type { Activity, Company, Contact, Tag } from '../db/types';
import { contactStoreOf } from '../contacts/dexie-store';
import { activityStoreOf } from '../activities/dexie-store';
import { cleanTagName, tagKey } from '../contacts/tags';
import { planImport, type ExistingContact, type ImportPlan, type ImportPolicy } from '../csv/plan-import';
import type { ValidatedRows } from '../csv/validate';
import type { PhaseLog } from '../csv/import-phases';

/** Rows written per bulk call; Cancel is checked and progress reported between them. */
const CHUNK = 5000;
/** From this many new contacts, they are staged (packed rows, see lib/contacts/staging.ts) and filed in the background. */
export const STAGE_FROM = 1000;

export interface ApplyProgress {
  done: number;
  total: number;
}

export interface ApplyOptions {
  now?: number;
  signal?: AbortSignal;
  onProgress?: (progress: ApplyProgress) => void;
  /** New contacts from which they are staged (default STAGE_FROM). */
  stageFrom?: number;
  /** The dry run's result (checkImport): used as the plan for the same rows and policy while the book is as it read it. */
  checked?: CheckedImport;
  /** Told each step's name and start (`performance.now()`) when it ends (lib/csv/import-phases.ts). */
  phase?: (name: string, start: number) => void;
}

export interface ImportResult {
  counts: ImportPlan['counts'];
  createdTags: number;
  createdCompanies: number;
  notes: number;
  stageChanges: number;
  /** New contacts stored packed, to be filed into ordinary rows in the background (expandStagedContacts). */
  staged: number;
}

/** What a dry run read of the book: the stored contacts the file's emails match, and every tag and company. */
interface Book {
  existing: Map<string, ExistingContact>;
  tags: Tag[];
  companies: Company[];
}

async function readBook(db: KizunaDb, emails: Iterable<string>): Promise<Book> {
  const store = contactStoreOf(db);
  const [contacts, tags, companies] = await Promise.all([store.all(), store.tags.list(), db.companies.toArray()]);
  const existing = new Map<string, ExistingContact>();
  if (contacts.length === 0) return { existing, tags, companies };
  // The book by email, looked up once per row of the file: a 100,000-row file into a small book no longer builds a
  // set of the file's emails first (issue 16; the validator gave them lower-cased, so lowering them again is cheap).
  const byEmail = new Map(contacts.map((c) => [c.email, c]));
  const tagName = new Map(tags.map((t) => [t.id, t.name]));
  const companyName = new Map(companies.map((c) => [c.id, c.name]));
  for (const email of emails) {
    const c = byEmail.get(email.toLowerCase());
    if (!c || existing.has(c.email)) continue;
    const entry: ExistingContact = {
      id: c.id,
      email: c.email,
      name: c.name,
      stage: c.stage,
      owner: c.owner,
      custom: c.custom,
      doNotContact: c.doNotContact,
      tagNames: c.tags.map((id) => tagName.get(id)).filter((n): n is string => n !== undefined),
      noteTexts: [],
    };
    if (c.customerSince !== undefined) entry.customerSince = c.customerSince;
    if (c.churnedAt !== undefined) entry.churnedAt = c.churnedAt;
    if (c.lastOutboundAt !== undefined) entry.lastOutboundAt = c.lastOutboundAt;
    if (c.externalId !== undefined) entry.externalId = c.externalId;
    const company = c.companyId === undefined ? undefined : companyName.get(c.companyId);
    if (company !== undefined) entry.companyName = company;
    existing.set(c.email, entry);
  }
  if (existing.size > 0) {
    const byId = new Map([...existing.values()].map((e) => [e.id, e]));
    await db.activities
      .where('kind')
      .equals('note')
      .each((note) => {
        for (const id of note.contactIds) if (note.text !== undefined) byId.get(id)?.noteTexts!.push(note.text);
      });
  }
  return { existing, tags, companies };
}

/** The stored contacts the file's emails match, with their tag and company names and note texts (what planImport needs). */
export async function loadExisting(db: KizunaDb, emails: Iterable<string>): Promise<Map<string, ExistingContact>> {
  return (await readBook(db, emails)).existing;
}

/** A dry run's plan with what it was made against, so the write can use it while the book is the same. */
export interface CheckedImport {
  plan: ImportPlan;
  rows: ValidatedRows;
  policy: ImportPolicy;
  existing: Map<string, ExistingContact>;
}

/** The dry run (nothing is written), keeping what it read so that applyImport need not plan again. */
export async function checkImport(db: KizunaDb, rows: ValidatedRows, policy: ImportPolicy, phases?: PhaseLog): Promise<CheckedImport> {
  let start = performance.now();
  const { existing } = await readBook(
    db,
    rows.valid.map((r) => r.email),
  );
  phases?.since('dry run: book read', start);
  start = performance.now();
  const plan = planImport(rows, existing, policy);
  phases?.since('dry run: plan', start);
  return { plan, rows, policy, existing };
}

/** The dry run: what importing these rows with this policy would do now (nothing is written). */
export async function dryRunImport(db: KizunaDb, rows: ValidatedRows, policy: ImportPolicy): Promise<ImportPlan> {
  return (await checkImport(db, rows, policy)).plan;
}

// Entries are built by readBook in one order from plain data: equal text is equal content. A difference in key order
// only (a contact edited back) plans again, which is never wrong.
function sameExisting(a: Map<string, ExistingContact>, b: Map<string, ExistingContact>): boolean {
  if (a.size !== b.size) return false;
  for (const [email, entry] of a) {
    const other = b.get(email);
    if (!other || JSON.stringify(entry) !== JSON.stringify(other)) return false;
  }
  return true;
}

/** A tag name as stored: cleaned, and cut to the 60-character limit rather than dropped. */
function storedTagName(name: string): string {
  return cleanTagName(name) ?? name.trim().replace(/\s+/g, ' ').slice(0, 60).trim();
}

async function resolveTags(db: KizunaDb, stored: Tag[], names: string[]): Promise<{ ids: Map<string, number>; created: number }> {
  const store = contactStoreOf(db);
  const ids = new Map(stored.map((t) => [t.key, t.id]));
  const fresh = new Map<string, string>();
  for (const name of names) {
    const clean = storedTagName(name);
    const key = tagKey(clean);
    if (key && !ids.has(key) && !fresh.has(key)) fresh.set(key, clean);
  }
  for (const tag of await store.tags.ensure([...fresh.values()])) ids.set(tag.key, tag.id);
  return { ids, created: fresh.size };
}

async function resolveCompanies(db: KizunaDb, stored: Company[], names: string[]): Promise<{ ids: Map<string, number>; created: number }> {
  const ids = new Map<string, number>();
  for (const c of stored) if (!ids.has(c.name.toLowerCase())) ids.set(c.name.toLowerCase(), c.id);
  const fresh = [...new Set(names.map((n) => n.trim()).filter((n) => n && !ids.has(n.toLowerCase())))];
  const unique = [...new Map(fresh.map((n) => [n.toLowerCase(), n])).values()];
  const newIds = await db.companies.bulkAdd(unique.map((name) => ({ name: name.slice(0, 500), fields: {} })) as Company[], { allKeys: true });
  unique.forEach((n, i) => ids.set(n.toLowerCase(), newIds[i] as number));
  return { ids, created: unique.length };
}

function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason ?? new DOMException('The import was cancelled.', 'AbortError');
}

/**
 * Imports validated rows in ONE read-write transaction: it re-reads the stored contacts, plans
 * (so a contact added since the dry run is updated, not duplicated), creates tags and companies,
 * adds and updates contacts, and adds notes and stage activities. Cancel (the signal) or any
 * failure throws inside the transaction, so IndexedDB rolls everything back: nothing is half-written.
 */
export async function applyImport(db: KizunaDb, rows: ValidatedRows, policy: ImportPolicy, options: ApplyOptions = {}): Promise<ImportResult> {
  const { signal, onProgress } = options;
  const now = options.now ?? Date.now();
  checkAbort(signal);
  const store = contactStoreOf(db);
  const history = activityStoreOf(db);
  const phase = options.phase ?? (() => {});
  let at = performance.now();
  const step = (name: string) => {
    phase(name, at);
    at = performance.now();
  };
  return db.transaction('rw', [...store.tables, db.companies, ...history.tables], async () => {
    step('write: transaction open');
    // The book read again in this transaction: a contact added or changed since the dry run is planned again (updated,
    // not duplicated); while the book is as the dry run read it, its plan stands (not made twice).
    const book = await readBook(
      db,
      rows.valid.map((r) => r.email),
    );
    step('write: book read');
    const checked = options.checked;
    const plan = checked && checked.rows === rows && checked.policy === policy && sameExisting(checked.existing, book.existing) ? checked.plan : planImport(rows, book.existing, policy);
    step('write: plan');
    checkAbort(signal);
    const tags = await resolveTags(db, book.tags, plan.tagNames);
    step('write: tags');
    const companies = await resolveCompanies(db, book.companies, plan.companyNames);
    step('write: companies');
    // Rows repeat their tags and companies: each name is cleaned and looked up once, not once per row.
    const tagIdOf = new Map<string, number | undefined>();
    const tagId = (name: string) => {
      if (!tagIdOf.has(name)) tagIdOf.set(name, tags.ids.get(tagKey(storedTagName(name))));
      return tagIdOf.get(name);
    };
    const tagIds = (names: string[]) => {
      if (names.length === 1) {
        const id = tagId(names[0]);
        return id === undefined ? [] : [id];
      }
      return [...new Set(names.map(tagId).filter((id): id is number => id !== undefined))];
    };
    const companyIdOf = new Map<string, number | undefined>();
    const companyId = (name: string | undefined) => {
      if (!name) return undefined;
      if (!companyIdOf.has(name)) companyIdOf.set(name, companies.ids.get(name.trim().toLowerCase()));
      return companyIdOf.get(name);
    };
    const total = plan.writes.length;
    let done = 0;
    onProgress?.({ done, total });
    const newContact = ({ contact: d }: (typeof plan.writes)[number] & { kind: 'create' }): Omit<Contact, 'id'> => {
      const c: Omit<Contact, 'id'> = {
        email: d.email,
        name: d.name.slice(0, 500),
        tags: tagIds(d.tags),
        stage: d.stage,
        owner: d.owner.slice(0, 320),
        custom: d.custom,
        doNotContact: d.doNotContact,
        createdAt: now,
        updatedAt: now,
      };
      const company = companyId(d.company);
      if (company !== undefined) c.companyId = company;
      if (d.customerSince !== undefined) c.customerSince = d.customerSince;
      if (d.churnedAt !== undefined) c.churnedAt = d.churnedAt;
      if (d.lastOutboundAt !== undefined) c.lastOutboundAt = d.lastOutboundAt;
      if (d.externalId !== undefined) c.externalId = d.externalId;
      return c;
    };
    // Many new contacts: all stored packed in one go (a fraction of a second for 100,000), filed
    // into ordinary rows in the background afterwards. The plan above was made in this transaction
    // against every stored contact, so none of these emails is stored: what staging requires.
    const allCreates = plan.writes.filter((w): w is typeof w & { kind: 'create' } => w.kind === 'create');
    const stagedIds = new Map<object, number>();
    if (allCreates.length >= (options.stageFrom ?? STAGE_FROM)) {
      const drafts = allCreates.map(newContact);
      step('write: contact rows built');
      const ids = await store.addMany(drafts, { packed: true });
      allCreates.forEach((w, i) => stagedIds.set(w, ids[i]));
      step('write: staged addMany');
      checkAbort(signal);
    }
    // Notes and stage changes of every chunk, in row order, written in one call at the end: one activity write (and one
    // stale-mark round trip) per import rather than per chunk; ids come out in the same order.
    const activities: Omit<Activity, 'id'>[] = [];
    for (let from = 0; from < total; from += CHUNK) {
      const writes = plan.writes.slice(from, from + CHUNK);
      const creates = writes.filter((w) => w.kind === 'create');
      const updates = writes.filter((w) => w.kind === 'update');
      if (creates.length > 0) {
        const ids = stagedIds.size ? creates.map((w) => stagedIds.get(w)!) : await store.addMany(creates.map((w) => newContact(w as typeof w & { kind: 'create' })));
        creates.forEach((w, i) => {
          if (w.note) activities.push({ kind: 'note', contactIds: [ids[i]], at: now, text: w.note });
        });
      }
      if (updates.length > 0) {
        const stored = await store.getMany(updates.map((w) => w.id));
        const next = updates.map((w, i) => {
          const current = stored[i];
          if (!current) throw new Error(`Contact ${w.id} disappeared during the import.`);
          const { company, ...changes } = w.changes;
          const merged: Contact = { ...current, ...changes, updatedAt: now };
          if (changes.name !== undefined) merged.name = changes.name.slice(0, 500);
          if (company !== undefined) merged.companyId = companyId(company);
          if (w.addTags.length > 0) merged.tags = [...new Set([...current.tags, ...tagIds(w.addTags)])];
          if (w.note) activities.push({ kind: 'note', contactIds: [w.id], at: now, text: w.note });
          if (w.stageChange) activities.push({ kind: 'stage', contactIds: [w.id], at: now, fromStage: w.stageChange.from, toStage: w.stageChange.to });
          return merged;
        });
        await store.put(next);
        const retagged = next.filter((_, i) => updates[i].addTags.length > 0);
        if (retagged.length) await store.setTags(new Map(retagged.map((c) => [c.id, c.tags])));
      }
      done += writes.length;
      onProgress?.({ done, total });
      checkAbort(signal);
    }
    step('write: chunks (contacts, updates)');
    if (activities.length > 0) await history.addMany(activities);
    step('write: notes and stage changes');
    const notes = activities.filter((a) => a.kind === 'note').length;
    const stageChanges = activities.length - notes;
    return { counts: plan.counts, createdTags: tags.created, createdCompanies: companies.created, notes, stageChanges, staged: stagedIds.size };
  });
}
