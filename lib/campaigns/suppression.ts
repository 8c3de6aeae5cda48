import type { KizunaDb } from '../db/schema';
import { contactStoreOf } from '../contacts/dexie-store';
import type { Recipient, SkipReason } from './types';

/**
 * The send-time opt-out check over the database: the recipient's contact by id (a merge or an email
 * change leaves the row's address behind, not the person) and whoever has the row's address now.
 */
export function contactSuppression(db: KizunaDb): (r: Pick<Recipient, 'contactId' | 'email'>) => Promise<SkipReason | undefined> {
  const contacts = contactStoreOf(db);
  return async (r) => {
    const [contact, holder] = await Promise.all([contacts.get(r.contactId), contacts.byEmail(r.email.toLowerCase())]);
    return contact?.doNotContact === 1 || holder?.doNotContact === 1 ? 'do-not-contact' : undefined;
  };
}
