import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { contactStoreOf } from '../../../lib/contacts/dexie-store';
import { db } from '../../../lib/db';
import { dropFirstOpen, holdFirstOpen, takeFirstOpen } from '../../../lib/panel/first-open';
import type { Snapshot } from '../../../lib/protocol';
import { openKizunaDb, readFirstProfile } from '../../../entrypoints/sidebar/first-read';
import { storedScores } from '../../support/stored-scores';
import { contact } from '../risk/fixtures';

const person = (email: string, name = '') => ({ email, name });
const ME = person('me@kizuna.example', 'Me');
const thread = (from: ReturnType<typeof person>): Snapshot => ({
  status: 'thread',
  threadId: 't1',
  subject: 'Hello',
  userEmail: ME.email,
  messages: [{ messageId: 'm1', from, to: [ME], cc: [], at: 1, snippet: '' }],
  theme: 'light',
});

// Issue 13: Gmail's button sends its thread with the click; the background reads the profile the panel shows first and
// holds it for the panel's first message, which paints from it without reading the database itself.
describe('the background’s first paint read', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await db.delete();
    await db.open();
  });

  it('is the profile the panel’s own raw read finds, with the settings, held once for the tab', async () => {
    const companyId = await db.companies.add({ name: 'Acme', domain: 'acme.example', fields: {} });
    const id = await contactStoreOf(db).add(contact({ email: 'ana@acme.example', name: 'Ana', companyId, owner: 'Mika' }));
    await storedScores(db).put({ contactId: id, score: 62, band: 'medium', at: 1, basis: 'rules:x', history: [[1, 62]] });
    const settings = { aliases: ['me@kizuna.example'], currency: 'EUR' };
    await fakeBrowser.storage.local.set({ settings });

    holdFirstOpen(7, thread(person('ana@acme.example', 'Ana')));
    const first = await takeFirstOpen(7);
    expect(first).toEqual({
      message: { type: 'snapshot', snapshot: thread(person('ana@acme.example', 'Ana')) },
      settings,
      profile: await readFirstProfile((await openKizunaDb())!, 'ana@acme.example'),
    });
    expect(first?.profile?.companyName).toBe('Acme');
    expect(first?.profile?.score?.score).toBe(62);
    // Once: a second panel (a reload) or another tab reads for itself.
    expect(takeFirstOpen(7)).toBeNull();
    expect(takeFirstOpen(8)).toBeNull();
  });

  it('finds a contact a large import has staged but not yet filed (through the ContactStore, as every reader)', async () => {
    await contactStoreOf(db).addMany([contact({ email: 'kei@acme.example', name: 'Kei' })], { packed: true });
    expect(await db.contacts.count()).toBe(0);
    holdFirstOpen(7, thread(person('kei@acme.example', 'Kei')));
    expect((await takeFirstOpen(7))?.profile?.contact).toMatchObject({ email: 'kei@acme.example', name: 'Kei' });
  });

  it('holds no profile for an address not stored, and nothing without a thread or after the toolbar icon', async () => {
    holdFirstOpen(7, thread(person('nobody@acme.example')));
    expect(await takeFirstOpen(7)).toMatchObject({ profile: null });
    holdFirstOpen(7, { status: 'none', reason: 'no-thread', userEmail: null, theme: 'light' });
    expect(takeFirstOpen(7)).toBeNull();
    holdFirstOpen(7, thread(person('nobody@acme.example')));
    dropFirstOpen(7);
    expect(takeFirstOpen(7)).toBeNull();
  });
});
