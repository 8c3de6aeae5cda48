import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contactStoreOf } from '../../../lib/contacts/dexie-store';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import { addTag, removeTag, setTagColor, suggestTags } from '../../../lib/contacts/tags';
import { addNote, deleteNote, editNote, notesOf } from '../../../lib/contacts/notes';
import { setCustomField, updateProfile } from '../../../lib/contacts/profile';

let db: KizunaDb;
let n = 0;
let a: number;
let b: number;
beforeEach(async () => {
  db = createDb(`tags-${++n}`);
  const base = { name: '', tags: [], stage: 'lead' as const, owner: '', custom: {}, doNotContact: 0 as const, createdAt: 1, updatedAt: 1 };
  a = await contactStoreOf(db).add({ ...base, email: 'a@x.com' });
  b = await contactStoreOf(db).add({ ...base, email: 'b@x.com' });
});
afterEach(async () => db.delete());

describe('tags', () => {
  it('one tag is shared by every contact that has it, whatever the case', async () => {
    const t1 = await addTag(db, a, 'VIP');
    const t2 = await addTag(db, b, '  vip ');
    expect(t2.id).toBe(t1.id);
    expect(await db.tags.count()).toBe(1);
    expect((await contactStoreOf(db).all()).filter((c) => c.tags.includes(t1.id)).map((c) => c.email)).toEqual(['a@x.com', 'b@x.com']);
  });
  it('adding a tag twice keeps one; removing it from one contact keeps it on the other', async () => {
    const t = await addTag(db, a, 'renewal');
    await addTag(db, a, 'Renewal');
    await addTag(db, b, 'renewal');
    expect((await contactStoreOf(db).get(a))!.tags).toEqual([t.id]);
    await removeTag(db, a, t.id);
    expect((await contactStoreOf(db).get(a))!.tags).toEqual([]);
    expect((await contactStoreOf(db).get(b))!.tags).toEqual([t.id]);
  });
  it('rejects empty names and bad colours; a colour change applies to the tag', async () => {
    await expect(addTag(db, a, '   ')).rejects.toThrow(/1–60/);
    const t = await addTag(db, a, 'x');
    await expect(setTagColor(db, t.id, 'red; background:url(x)')).rejects.toThrow(/not a colour/);
    await setTagColor(db, t.id, '#123abc');
    expect((await db.tags.get(t.id))!.color).toBe('#123abc');
  });
  it('suggests tags starting with the typed text first, excluding those already on the contact', () => {
    const tags = ['Renewal', 'Churn risk', 'Urgent renewal', 'VIP'].map((name, i) => ({ id: i + 1, name, key: name.toLowerCase(), color: '#000000' }));
    expect(suggestTags(tags, 'ren', []).map((t) => t.name)).toEqual(['Renewal', 'Urgent renewal']);
    expect(suggestTags(tags, 'ren', [1]).map((t) => t.name)).toEqual(['Urgent renewal']);
  });
});

describe('notes', () => {
  it('adds, edits and deletes timestamped notes, newest first', async () => {
    const first = await addNote(db, a, 'Called, left a message', 100);
    await addNote(db, a, 'Renewal call booked', 200);
    await editNote(db, first, 'Called, no answer', 300);
    const notes = await notesOf(db, a);
    expect(notes.map((x) => x.text)).toEqual(['Renewal call booked', 'Called, no answer']);
    expect(notes[1]).toMatchObject({ at: 100, updatedAt: 300 });
    await deleteNote(db, first);
    expect((await notesOf(db, a)).map((x) => x.text)).toEqual(['Renewal call booked']);
  });
  it('refuses empty notes and never deletes an email row through deleteNote', async () => {
    await expect(addNote(db, a, '  ')).rejects.toThrow(/empty/);
    const email = await db.activities.add({ kind: 'email', contactIds: [a], at: 1, messageId: 'm1' });
    await deleteNote(db, email);
    await expect(editNote(db, email, 'x')).rejects.toThrow(/no note/);
    expect(await db.activities.count()).toBe(1);
  });
});

describe('profile', () => {
  it('records stage changes with their date and keeps customerSince / churnedAt', async () => {
    await updateProfile(db, a, { stage: 'customer' }, 1000);
    await updateProfile(db, a, { stage: 'churned' }, 2000);
    const contact = (await contactStoreOf(db).get(a))!;
    expect(contact).toMatchObject({ stage: 'churned', customerSince: 1000, churnedAt: 2000, updatedAt: 2000 });
    const history = await db.activities.where('kind').equals('stage').sortBy('at');
    expect(history.map((h) => [h.fromStage, h.toStage, h.at])).toEqual([
      ['lead', 'customer', 1000],
      ['customer', 'churned', 2000],
    ]);
  });
  it('rejects unknown stages and saves custom fields (empty removes)', async () => {
    await expect(updateProfile(db, a, { stage: 'vip' as never })).rejects.toThrow(/unknown stage/);
    await setCustomField(db, a, 'plan', ' Pro ');
    expect((await contactStoreOf(db).get(a))!.custom).toEqual({ plan: 'Pro' });
    await setCustomField(db, a, 'plan', '');
    expect((await contactStoreOf(db).get(a))!.custom).toEqual({});
  });
});
