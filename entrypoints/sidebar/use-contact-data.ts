import { useLiveQuery } from 'dexie-react-hooks';
import { db } from '@/lib/db';
import { contactStoreOf } from '@/lib/contacts/dexie-store';
import type { Activity, Company, Contact, Tag } from '@/lib/db/types';
import { liveSource, useLiveSource } from './live-source';

export interface ContactData {
  contact: Contact;
  companyName: string;
  tags: Tag[];
  notes: Activity[];
  history: Activity[];
}

/** One contact's company, tags and activities (newest first), split as the sidebar and the app's contact page show them. */
export async function loadContactData(contact: Contact): Promise<ContactData & { company?: Company; activities: Activity[] }> {
  const [company, tags, activities] = await Promise.all([
    contact.companyId !== undefined ? db.companies.get(contact.companyId) : undefined,
    contactStoreOf(db).tags.getMany(contact.tags),
    db.activities.where('contactIds').equals(contact.id).toArray(),
  ]);
  activities.sort((a, b) => b.at - a.at);
  return {
    contact,
    company,
    companyName: company?.name ?? '',
    tags: tags.filter((t): t is Tag => t !== undefined),
    notes: activities.filter((a) => a.kind === 'note'),
    history: activities.filter((a) => a.kind === 'email' || a.kind === 'send' || a.kind === 'team-thread'),
    activities,
  };
}

/**
 * The contact with this address and everything the sidebar shows of it (null when there is none), in one
 * read-only transaction: each transaction waits its turn behind other pages' and the background's writes
 * (a rescore's chunks), so four of them waited four times.
 */
export function readContactData(email: string): Promise<ContactData | null> {
  const store = contactStoreOf(db);
  return db.transaction('r', [...store.readTables, db.tags, db.companies, db.activities], async () => {
    const contact = await store.byEmail(email);
    return contact ? loadContactData(contact) : null;
  });
}

// Started in the render that first shows an address, not after its commit (see liveSource).
const contactData = liveSource<ContactData | null>(async (email) => {
  if (!email) return null;
  // Marks for the benchmark's breakdown of a thread switch (bench/sidebar.ts).
  performance.mark('kizuna:read-start', { detail: email });
  const data = await readContactData(email);
  performance.mark('kizuna:read-end', { detail: email });
  return data;
});

/** Everything the sidebar shows for one address, live; undefined while loading, null when no contact. */
export function useContactData(email: string | null): ContactData | null | undefined {
  return useLiveSource(contactData, email ?? '');
}

/** Every tag, for autocomplete. */
export function useAllTags(): Tag[] {
  return useLiveQuery(async () => (await contactStoreOf(db).tags.list()).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)), []) ?? [];
}

/** How many of the newest contacts the owner suggestions look at. */
const OWNER_SAMPLE = 5000;

/** Owners already used (on the newest contacts), for the owner field's suggestions; read only once asked for. */
export function useOwners(wanted: boolean): string[] {
  return (
    useLiveQuery(async () => {
      if (!wanted) return [];
      const owners = new Set((await contactStoreOf(db).page({ limit: OWNER_SAMPLE, reverse: true })).map((c) => c.owner).filter(Boolean));
      return [...owners].sort((a, b) => a.localeCompare(b));
    }, [wanted]) ?? []
  );
}
