import { db } from '@/lib/db';
import { contactStoreOf } from '@/lib/contacts/dexie-store';
import { addTag, removeTag, setTagColor } from '@/lib/contacts/tags';
import { addNote, deleteNote, editNote } from '@/lib/contacts/notes';
import { setCustomField, updateProfile, type ProfilePatch } from '@/lib/contacts/profile';
import { recordThread } from '@/lib/contacts/record-thread';
import { recordOnce } from './record-once';
import { companyNameFromDomain, domainOf, isFreeMail } from '@/lib/contacts/domains';
import type { Person, ThreadSnapshot } from '@/lib/protocol';
import type { Settings } from '@/lib/settings';
import { hop } from '@/lib/team/phases';

/** The sidebar's writes, bound to the extension's database. */
export const actions = {
  /** Records a thread view; a thread recorded already, with nothing changed since, reads nothing (see recordOnce). */
  record: recordOnce(db),
  /** Whether a contact has this (lower-cased) address. */
  exists: async (email: string) => (await contactStoreOf(db).byEmail(email)) !== undefined,
  /** Creates a contact by hand (when auto-creation is off), through the same path as a thread view. */
  create: (thread: ThreadSnapshot, person: Person, settings: Settings) =>
    recordThread(db, { ...thread, messages: thread.messages.filter((m) => [m.from, ...m.to, ...m.cc].some((p) => p.email === person.email)) }, { ...settings, autoCreate: true }),
  saveProfile: (id: number, patch: ProfilePatch) => updateProfile(db, id, patch),
  setCustom: (id: number, key: string, value: string) => setCustomField(db, id, key, value),
  // The mark: where the team benchmark's edit (bench/team.ts) has committed, before the sync host hears of it.
  addTag: (id: number, name: string) => addTag(db, id, name).then((tag) => (hop('panel: tag written'), tag)),
  removeTag: (id: number, tagId: number) => removeTag(db, id, tagId),
  setTagColor: (tagId: number, color: string) => setTagColor(db, tagId, color),
  addNote: (id: number, text: string) => addNote(db, id, text),
  editNote: (noteId: number, text: string) => editNote(db, noteId, text),
  deleteNote: (noteId: number) => deleteNote(db, noteId),
  /** Renames the contact's company, or gives a free-mail contact a company of its own. */
  async setCompany(contactId: number, email: string, name: string) {
    const store = contactStoreOf(db);
    await db.transaction('rw', [...store.tables, db.companies], async () => {
      const contact = await store.get(contactId);
      if (!contact) return;
      if (contact.companyId !== undefined) {
        await db.companies.update(contact.companyId, { name: name || companyNameFromDomain(domainOf(email)) });
      } else if (name) {
        const domain = isFreeMail(email) ? undefined : domainOf(email);
        const companyId = await db.companies.add({ name, fields: {}, ...(domain ? { domain } : {}) });
        await store.update(contactId, { companyId, updatedAt: Date.now() });
      }
    });
  },
};
