import { useEffect, useState } from 'react';
import { db } from '@/lib/db';
import { contactStoreOf } from '@/lib/contacts/dexie-store';
import { activityStoreOf } from '@/lib/activities/dexie-store';
import type { Activity, Company, Contact, Tag } from '@/lib/db/types';
import { hop } from '@/lib/team/phases';
import { afterPaint, liveSource, useLiveSource } from './live-source';

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
    activityStoreOf(db).ofContacts([contact.id]),
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
  return db.transaction('r', [...store.readTables, db.tags, db.companies, ...activityStoreOf(db).readTables], async () => {
    const contact = await store.byEmail(email);
    return contact ? loadContactData(contact) : null;
  });
}

/** What the profile card shows: the contact (without its tags: they come with the details) and its company's name. */
export interface ContactProfile {
  contact: Omit<Contact, 'tags'>;
  companyName: string;
}

/**
 * The contact with this address and its company's name (null when there is none): the one read a thread switch
 * waits for before the profile paints (issue 13), two gets in turn. Tags, notes and history follow (readContactDetails).
 */
export function readContactProfile(email: string): Promise<ContactProfile | null> {
  const store = contactStoreOf(db);
  return db.transaction('r', [...store.readTables, db.companies], async () => {
    const contact = await store.rowByEmail(email);
    if (!contact) return null;
    const company = contact.companyId !== undefined ? await db.companies.get(contact.companyId) : undefined;
    return { contact, companyName: company?.name ?? '' };
  });
}

/** Everything the sidebar shows of the contact with this id (its tags, notes and history too); null when there is none. */
export function readContactDetails(id: number): Promise<ContactData | null> {
  const store = contactStoreOf(db);
  return db.transaction('r', [...store.readTables, db.tags, db.companies, db.activities], async () => {
    const contact = await store.get(id);
    return contact ? loadContactData(contact) : null;
  });
}

// How many of the contacts last shown stay read and followed (see liveSource's `keep`): a switch back to one paints
// without a read (issue 13). Each costs a re-read when a write touches that contact (two or three gets). The contact's
// other parts (tasks, sequences, stored score) keep as many.
export const KEEP_SHOWN = 8;

// Started in the render that first shows an address, not after its commit (see liveSource).
const contactProfile = liveSource<ContactProfile | null>(
  async (email) => {
    if (!email) return null;
    // Marks for the benchmark's breakdown of a thread switch (bench/sidebar.ts).
    performance.mark('kizuna:read-start', { detail: email });
    const data = await readContactProfile(email);
    performance.mark('kizuna:read-end', { detail: email });
    return data;
  },
  { eager: true, keep: KEEP_SHOWN },
);

// Read after the profile painted (ContactView), through the live query alone: its timer hop costs nothing there.
const contactDetails = liveSource<ContactData | null>(
  async (id) => {
    if (!id) return null;
    // Marks for the team benchmark's breakdown of an edit on its way to this panel (bench/team.ts).
    hop('panel: details read start');
    const data = await readContactDetails(Number(id));
    hop('panel: details read end');
    return data;
  },
  { keep: KEEP_SHOWN },
);

/**
 * Resolves once the profile of this address has been read (at once when it is on hand or was never asked for): the
 * thread's record waits for it, so that its reads do not queue in front of the one read a thread switch paints after.
 */
export function profileRead(email: string | null): Promise<void> {
  return email ? contactProfile.settled(email) : Promise.resolve();
}

/**
 * Resolves after the frame that shows this address's profile (its read settled, then the next frame): the thread's
 * record waits for it. Waiting for the read alone, the record's reads (and a new thread's writes, with the re-reads of
 * every contact the panel follows) ran on the panel's thread between the read and that frame (issue 13: the first
 * switches to each thread ran ~150 more functions before their paint than later ones).
 */
export function profileShown(email: string | null): Promise<void> {
  return profileRead(email).then(() => new Promise<void>((resolve) => afterPaint(resolve)));
}

/** The profile of one address, live; undefined while loading, null when no contact. */
export function useContactProfile(email: string | null): ContactProfile | null | undefined {
  return useLiveSource(contactProfile, email ?? '');
}

/**
 * The contact's tags, notes and history (with the contact), live; undefined until read. Never another contact's: while
 * a new id loads, nothing (the profile above may keep the last contact on screen; these would be wrong beside a new one).
 */
export function useContactDetails(id: number | undefined): ContactData | null | undefined {
  return useLiveSource(contactDetails, id === undefined ? null : String(id), false);
}

// Followed for the page's life once read (keep 1): the tag editor mounts again on each thread switch (issue 13).
const allTags = liveSource<Tag[]>(async () => (await contactStoreOf(db).tags.list()).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)), { keep: 1 });

/** Every tag, for autocomplete. */
export function useAllTags(): Tag[] {
  return useLiveSource(allTags, 'all') ?? NO_TAGS;
}

const NO_TAGS: Tag[] = [];

/** How many of the newest contacts the owner suggestions look at. */
const OWNER_SAMPLE = 5000;

/**
 * Owners already used (on the newest contacts), for the owner field's suggestions; read once, when first asked for.
 * Not live: as a live query it read 5,000 contacts again after every write to any contact (a tag added in the panel
 * waited behind that read for its stored chip, issue 17), for suggestions that seldom change.
 */
export function useOwners(wanted: boolean): string[] {
  const [owners, setOwners] = useState<string[]>(NO_OWNERS);
  useEffect(() => {
    if (!wanted) return;
    let live = true;
    void contactStoreOf(db)
      .page({ limit: OWNER_SAMPLE, reverse: true })
      .then((page) => live && setOwners([...new Set(page.map((c) => c.owner).filter(Boolean))].sort((a, b) => a.localeCompare(b))))
      .catch((e: unknown) => console.warn('Kizuna: the owner suggestions could not be read', e));
    return () => void (live = false);
  }, [wanted]);
  return owners;
}

const NO_OWNERS: string[] = [];
