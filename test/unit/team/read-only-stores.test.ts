// The store-level read-only gate for contacts, tags and notes: in a viewer's (or a removed member's) copy of the team
// book, a user's edit through the ContactStore or the notes is refused with TeamReadOnlyError and changes nothing;
// what reading mail writes (a contact from a thread, last-contact dates, a mailbox import) is still written, and stays
// local: no outbox row, so it never enters the team book.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import { contactStoreOf } from '../../../lib/contacts/dexie-store';
import { addNote, deleteNote, editNote } from '../../../lib/contacts/notes';
import { recordThread } from '../../../lib/contacts/record-thread';
import { DEFAULT_SETTINGS } from '../../../lib/settings';
import { TEAM_JOINED, TEAM_READ_ONLY, TeamReadOnlyError } from '../../../lib/team/outbox';
import { person } from '../contacts/store-contract';

let db: KizunaDb;
let n = 0;
let dana: number;
let tag: number;
let note: number;
beforeEach(async () => {
  db = createDb(`team-read-only-${++n}`);
  const store = contactStoreOf(db);
  // Made while the copy could still be edited: a contact with a tag and a note.
  await db.contactMeta.put({ key: TEAM_JOINED, value: 2 });
  dana = await store.add(person('dana@acme.example', { name: 'Dana' }));
  [{ id: tag }] = await store.tags.ensure(['VIP']);
  await store.addToTag(tag, [dana]);
  note = await addNote(db, dana, 'Call on Monday');
  await db.teamOutbox.clear();
  await db.contactMeta.put({ key: TEAM_READ_ONLY, value: 1 });
});
afterEach(() => db.delete());

const me = { email: 'ann@kizuna.example', name: 'Ann' };
const thread = (id: string, from: { email: string; name: string }, at: number) => ({
  status: 'thread' as const,
  threadId: `t-${id}`,
  subject: 'Hello',
  userEmail: me.email,
  messages: [{ messageId: id, from, to: [me], cc: [], at, snippet: 'hi' }],
  theme: 'light' as const,
});

describe('a read-only copy of the team book', () => {
  it('refuses every user edit of contacts and tags through the ContactStore, and changes nothing', async () => {
    const store = contactStoreOf(db);
    const before = JSON.stringify([await store.all(), await store.tags.list()]);
    const edits: [string, () => Promise<unknown>][] = [
      ['add', () => store.add(person('new@acme.example'))],
      ['addMany', () => store.addMany([person('new2@acme.example')])],
      ['update', () => store.update(dana, { owner: 'Ben' })],
      ['put', () => store.put([{ ...person('dana@acme.example'), id: dana, tags: [tag] }])],
      ['delete', () => store.delete([dana])],
      ['addToTag', () => store.addToTag(tag, [dana])],
      ['removeFromTag', () => store.removeFromTag(tag, [dana])],
      ['setTags', () => store.setTags(new Map([[dana, []]]))],
      ['tags.ensure (a new tag)', () => store.tags.ensure(['Renewal'])],
      ['tags.setColor', () => store.tags.setColor(tag, '#000000')],
    ];
    for (const [name, edit] of edits) await expect(edit(), name).rejects.toBeInstanceOf(TeamReadOnlyError);
    // Naming a tag the book has is a read, not an edit.
    expect((await store.tags.ensure(['VIP']))[0].id).toBe(tag);
    expect(JSON.stringify([await store.all(), await store.tags.list()])).toBe(before);
    expect(await db.teamOutbox.count()).toBe(0);
  });

  it('refuses adding, editing and deleting a note (a removed member’s copy too)', async () => {
    await db.contactMeta.put({ key: TEAM_READ_ONLY, value: 2 });
    await expect(addNote(db, dana, 'Another')).rejects.toMatchObject({ name: 'TeamReadOnlyError', reason: 'left' });
    await expect(editNote(db, note, 'Changed')).rejects.toBeInstanceOf(TeamReadOnlyError);
    await expect(deleteNote(db, note)).rejects.toBeInstanceOf(TeamReadOnlyError);
    expect((await db.activities.where('kind').equals('note').toArray()).map((a) => a.text)).toEqual(['Call on Monday']);
  });

  it('still records what reading mail finds, and keeps it local (no outbox row)', async () => {
    const store = contactStoreOf(db);
    await recordThread(db, thread('m1', { email: 'kim@beta.example', name: 'Kim' }, 5000), { ...DEFAULT_SETTINGS, autoCreate: true });
    await recordThread(db, thread('m2', { email: 'dana@acme.example', name: 'Dana' }, 6000), { ...DEFAULT_SETTINGS, autoCreate: true });
    expect((await store.byEmails(['kim@beta.example'])).map((c) => c.name)).toEqual(['Kim']);
    expect((await store.get(dana))?.lastInboundAt).toBe(6000);
    expect(await db.activities.where('kind').equals('email').count()).toBe(2);
    expect(await db.teamOutbox.count()).toBe(0);
  });

  it('is an ordinary book again once the read-only mark is gone (a member’s edits queue for the team)', async () => {
    await db.contactMeta.delete(TEAM_READ_ONLY);
    await contactStoreOf(db).update(dana, { owner: 'Ben' });
    await addNote(db, dana, 'Another');
    expect((await db.teamOutbox.toArray()).map((r) => r.op)).toEqual(['write', 'note']);
  });
});
