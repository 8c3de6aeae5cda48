import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { contactStoreOf } from '../../../lib/contacts/dexie-store';
import { DB_NAME, createDb } from '../../../lib/db/schema';
import { KIZUNA_DB, openKizunaDb, readFirstProfile } from '../../../entrypoints/sidebar/first-read';
import { storedScores } from '../../support/stored-scores';
import { contact } from '../risk/fixtures';

// The side panel's first paint reads the database below Dexie (issue 13): these hold its raw read to what the app's
// stores write, so a schema change that moves a contact, a company or a score shows here.
describe('the side panel’s first read (raw IndexedDB)', () => {
  it('finds the contact by its address, with its company’s name and stored score, as the stores wrote them', async () => {
    expect(KIZUNA_DB).toBe(DB_NAME);
    const db = createDb();
    const companyId = await db.companies.add({ name: 'Acme', domain: 'acme.example', fields: {} });
    const store = contactStoreOf(db);
    const id = await store.add(contact({ email: 'ana@acme.example', name: 'Ana', companyId, owner: 'Mika', custom: { plan: 'Pro' } }));
    await store.add(contact({ email: 'bo@acme.example' }));
    const score = { contactId: id, score: 62, band: 'medium' as const, at: 1, basis: 'rules:x', history: [[1, 62]] as [number, number][] };
    await storedScores(db).put(score);
    db.close();

    const profile = await readFirstProfile((await openKizunaDb())!, 'ana@acme.example');
    expect(profile).toEqual({
      contact: expect.objectContaining({ id, email: 'ana@acme.example', name: 'Ana', companyId, stage: 'customer', owner: 'Mika', custom: { plan: 'Pro' } }),
      companyName: 'Acme',
      score,
    });
    expect(profile!.contact).not.toHaveProperty('tags');
    expect(await readFirstProfile((await openKizunaDb())!, 'nobody@acme.example')).toBeNull();
  });

  it('creates no database where there is none (a new install: the app’s Dexie creates it)', async () => {
    const factory = new IDBFactory();
    expect(await openKizunaDb(factory)).toBeNull();
    expect(await factory.databases()).toEqual([]);
  });
});
