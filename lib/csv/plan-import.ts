import type { Contact, Stage } from '../db/types';
import type { ImportRow, ValidatedRows } from './validate';

export type ImportPolicy = 'fill-empty' | 'overwrite' | 'skip';

/** What the planner needs of a stored contact: the row plus its tags and company by name, and its notes' texts. */
export type ExistingContact = Pick<Contact, 'id' | 'email' | 'name' | 'stage' | 'owner' | 'custom' | 'doNotContact'> &
  Partial<Pick<Contact, 'customerSince' | 'churnedAt' | 'lastOutboundAt' | 'externalId'>> & {
    tagNames: string[];
    companyName?: string;
    noteTexts?: string[];
  };

/** A new contact, with its company and tags by name (the DB layer resolves or creates them). */
export interface ContactDraft {
  email: string;
  name: string;
  company?: string;
  stage: Stage;
  owner: string;
  tags: string[];
  custom: Record<string, string>;
  doNotContact: 0 | 1;
  customerSince?: number;
  churnedAt?: number;
  /** From a "last contacted" column: the user's last touch as the source system recorded it. */
  lastOutboundAt?: number;
  externalId?: string;
}

export type ContactChanges = Partial<Omit<ContactDraft, 'email' | 'tags'>>;

export type ImportWrite =
  | { kind: 'create'; row: number; contact: ContactDraft; note?: string }
  | {
      kind: 'update';
      row: number;
      id: number;
      changes: ContactChanges;
      /** Tag names to add (import never removes a tag). */
      addTags: string[];
      note?: string;
      /** Set when the stage changes, so a 'stage' activity can record it. */
      stageChange?: { from: Stage; to: Stage };
    };

export interface ImportPlan {
  counts: { new: number; updated: number; unchanged: number; invalid: number; skipped: number };
  writes: ImportWrite[];
  /** Every tag name the writes use, once each (case-insensitively). */
  tagNames: string[];
  /** Every company name the writes use, once each. */
  companyNames: string[];
}

const SCALARS = ['name', 'company', 'owner', 'stage', 'customerSince', 'churnedAt', 'externalId'] as const;

function isEmpty(value: unknown): boolean {
  return value === undefined || value === '';
}

function changesFor(row: ImportRow, existing: ExistingContact, policy: ImportPolicy): ContactChanges {
  const changes: ContactChanges = {};
  const current: Record<(typeof SCALARS)[number], unknown> = {
    name: existing.name,
    company: existing.companyName,
    owner: existing.owner,
    stage: existing.stage,
    customerSince: existing.customerSince,
    churnedAt: existing.churnedAt,
    externalId: existing.externalId,
  };
  for (const key of SCALARS) {
    const next = row[key];
    if (isEmpty(next) || next === current[key]) continue;
    // A stage is never empty, so fill-empty leaves it alone.
    if (policy === 'overwrite' || (isEmpty(current[key]) && key !== 'stage')) (changes as Record<string, unknown>)[key] = next;
  }
  const custom = { ...existing.custom };
  let customChanged = false;
  for (const [key, value] of Object.entries(row.custom)) {
    if (custom[key] === value || (policy === 'fill-empty' && !isEmpty(custom[key]))) continue;
    custom[key] = value;
    customChanged = true;
  }
  if (customChanged) changes.custom = custom;
  // A last-contact date only moves forward: mail seen since the export is newer than the file.
  if (row.lastContact !== undefined && row.lastContact > (existing.lastOutboundAt ?? -Infinity)) changes.lastOutboundAt = row.lastContact;
  // Only a person opts someone back in: an import can set do-not-contact but never clear it.
  if (row.doNotContact === 1 && existing.doNotContact !== 1) changes.doNotContact = 1;
  return changes;
}

/** Dry-runs an import against existing contacts (by lower-cased email): counts and the writes to apply in one transaction. */
export function planImport(rows: ValidatedRows, existingByEmail: Map<string, ExistingContact>, policy: ImportPolicy): ImportPlan {
  const plan: ImportPlan = {
    counts: { new: 0, updated: 0, unchanged: 0, invalid: rows.invalidRowCount, skipped: 0 },
    writes: [],
    tagNames: [],
    companyNames: [],
  };
  const tags = new Map<string, string>();
  const companies = new Set<string>();
  const noteNames = (tagNames: string[], company?: string) => {
    for (const name of tagNames) if (!tags.has(name.toLowerCase())) tags.set(name.toLowerCase(), name);
    if (company) companies.add(company);
  };
  for (const row of rows.valid) {
    const existing = existingByEmail.get(row.email.toLowerCase());
    if (!existing) {
      const contact: ContactDraft = {
        email: row.email.toLowerCase(),
        name: row.name ?? '',
        stage: row.stage ?? 'lead',
        owner: row.owner ?? '',
        tags: row.tags,
        custom: row.custom,
        doNotContact: row.doNotContact ?? 0,
      };
      if (row.company) contact.company = row.company;
      if (row.customerSince !== undefined) contact.customerSince = row.customerSince;
      if (row.churnedAt !== undefined) contact.churnedAt = row.churnedAt;
      if (row.lastContact !== undefined) contact.lastOutboundAt = row.lastContact;
      if (row.externalId !== undefined) contact.externalId = row.externalId;
      plan.writes.push(row.notes ? { kind: 'create', row: row.row, contact, note: row.notes } : { kind: 'create', row: row.row, contact });
      plan.counts.new++;
      noteNames(row.tags, row.company);
      continue;
    }
    if (policy === 'skip') {
      plan.counts.unchanged++;
      plan.counts.skipped++;
      continue;
    }
    const changes = changesFor(row, existing, policy);
    const have = new Set(existing.tagNames.map((t) => t.toLowerCase()));
    const addTags = row.tags.filter((t) => !have.has(t.toLowerCase()));
    const note = row.notes && !(existing.noteTexts ?? []).includes(row.notes) ? row.notes : undefined;
    if (Object.keys(changes).length === 0 && addTags.length === 0 && !note) {
      plan.counts.unchanged++;
      continue;
    }
    const write: ImportWrite = { kind: 'update', row: row.row, id: existing.id, changes, addTags };
    if (note) write.note = note;
    if (changes.stage) write.stageChange = { from: existing.stage, to: changes.stage };
    plan.writes.push(write);
    plan.counts.updated++;
    noteNames(addTags, changes.company);
  }
  plan.tagNames = [...tags.values()];
  plan.companyNames = [...companies];
  return plan;
}
