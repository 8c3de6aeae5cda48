import type { KizunaDb } from '../db/schema';
import { STAGES, type Contact, type Stage } from '../db/types';
import { contactStoreOf } from './dexie-store';
import { activityStoreOf } from '../activities/dexie-store';

export type ProfilePatch = Partial<Pick<Contact, 'name' | 'stage' | 'owner' | 'custom' | 'companyId'>>;

/**
 * Saves edits to a contact. A stage change is recorded in the history with its date (the retention
 * reports count customers from it) and keeps customerSince / churnedAt.
 */
export async function updateProfile(db: KizunaDb, contactId: number, patch: ProfilePatch, now = Date.now()): Promise<void> {
  if (patch.stage !== undefined && !STAGES.includes(patch.stage)) throw new Error(`unknown stage: ${patch.stage}`);
  if (patch.name !== undefined && patch.name.length > 500) throw new Error('name is at most 500 characters');
  const contacts = contactStoreOf(db);
  const history = activityStoreOf(db);
  await db.transaction('rw', [...contacts.tables, ...history.tables], async () => {
    const contact = await contacts.get(contactId);
    if (!contact) throw new Error(`no contact ${contactId}`);
    const changes: Partial<Contact> = { ...patch, updatedAt: now };
    if (patch.stage && patch.stage !== contact.stage) {
      Object.assign(changes, stageDates(contact, patch.stage, now));
      await history.add({ kind: 'stage', contactIds: [contactId], at: now, fromStage: contact.stage, toStage: patch.stage });
    }
    await contacts.update(contactId, changes);
  });
}

const CUSTOMER_STAGES: readonly Stage[] = ['customer', 'at-risk', 'advocate'];

/** The customerSince / churnedAt changes a move to `to` implies (shared with bulk stage changes). */
export function stageDates(contact: Contact, to: Stage, now: number): Partial<Contact> {
  if (to === 'churned') return { churnedAt: now };
  if (CUSTOMER_STAGES.includes(to) && (!CUSTOMER_STAGES.includes(contact.stage) || !contact.customerSince)) {
    return { customerSince: contact.stage === 'churned' || !contact.customerSince ? now : contact.customerSince, churnedAt: undefined };
  }
  return {};
}

/** Sets one custom field's value (an empty value removes it). */
export async function setCustomField(db: KizunaDb, contactId: number, key: string, value: string, now = Date.now()): Promise<void> {
  const contacts = contactStoreOf(db);
  await db.transaction('rw', contacts.tables, async () => {
    const contact = await contacts.get(contactId);
    if (!contact) throw new Error(`no contact ${contactId}`);
    const custom = { ...contact.custom };
    if (value.trim()) custom[key] = value.trim().slice(0, 2000);
    else delete custom[key];
    await contacts.update(contactId, { custom, updatedAt: now });
  });
}
