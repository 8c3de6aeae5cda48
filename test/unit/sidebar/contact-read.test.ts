import { describe, expect, it, vi } from 'vitest';
import { db } from '../../../lib/db';
import { contactStoreOf } from '../../../lib/contacts/dexie-store';
import { addTag } from '../../../lib/contacts/tags';
import { readContactData, readContactProfile } from '../../../entrypoints/sidebar/use-contact-data';
import { contact } from '../risk/fixtures';

describe('the sidebar’s profile read', () => {
  it('reads the contact, its company, tags and activities in one read-only transaction', async () => {
    const companyId = await db.companies.add({ name: 'Acme', domain: 'acme.example', fields: {} });
    const id = await contactStoreOf(db).add(contact({ email: 'ana@acme.example', companyId }));
    await addTag(db, id, 'Renewal');
    await db.activities.bulkAdd([
      { kind: 'email', contactIds: [id], at: 1000, messageId: 'm1', direction: 'in', subject: 'Hello' },
      { kind: 'note', contactIds: [id], at: 2000, text: 'Call back' },
    ] as never);
    // Every IndexedDB transaction Dexie opens goes through its core (a sub-transaction opens none).
    const transaction = vi.spyOn(db.core, 'transaction');
    try {
      const data = await readContactData('ana@acme.example');
      expect(transaction.mock.calls.map(([, mode]) => mode)).toEqual(['readonly']);
      expect(data?.contact.email).toBe('ana@acme.example');
      expect(data?.companyName).toBe('Acme');
      expect(data?.tags.map((t) => t.name)).toEqual(['Renewal']);
      expect(data?.history.map((a) => a.messageId)).toEqual(['m1']);
      expect(data?.notes).toHaveLength(1);
      transaction.mockClear();
      expect(await readContactData('nobody@acme.example')).toBeNull();
      expect(transaction).toHaveBeenCalledTimes(1);
    } finally {
      transaction.mockRestore();
    }
  });

  it('the profile a thread switch paints after: the contact and its company name, in one read-only transaction, without reading its tags (they come with the details)', async () => {
    const companyId = await db.companies.add({ name: 'Globex', domain: 'globex.example', fields: {} });
    const id = await contactStoreOf(db).add(contact({ email: 'bo@globex.example', companyId }));
    await addTag(db, id, 'Champion');
    const transaction = vi.spyOn(db.core, 'transaction');
    const tagReads = vi.spyOn(db.core.table('tagMembers'), 'query');
    try {
      const profile = await readContactProfile('bo@globex.example');
      expect(transaction.mock.calls.map(([, mode]) => mode)).toEqual(['readonly']);
      expect(profile?.contact).toMatchObject({ id, email: 'bo@globex.example' });
      expect(profile?.contact).not.toHaveProperty('tags');
      expect(profile?.companyName).toBe('Globex');
      expect(tagReads).not.toHaveBeenCalled();
      expect(await readContactProfile('nobody@globex.example')).toBeNull();
    } finally {
      transaction.mockRestore();
      tagReads.mockRestore();
    }
  });
});
