// The team book's document model with plain Y.Docs, synced by hand (Y.applyUpdate): what merges, what converges, what a delete does.
import { describe, expect, it } from 'vitest';
import { contactKey, shardName, shardOf, TeamBook, type BookChange, type SharedContact } from '../../../lib/team/book-doc';
import { CONTACT_SHARDS } from '../../../lib/team/config';
import { replica, sync } from './replicas';

const ann = (fields: Partial<SharedContact> = {}): SharedContact => ({
  email: 'ann@x.example',
  name: 'Ann',
  stage: 'lead',
  owner: '',
  custom: {},
  doNotContact: 0,
  createdAt: 1,
  tags: [],
  ...fields,
});
const by = (who: string, at = 10) => ({ by: who, at });

describe('the team book', () => {
  it('files each contact in a stable shard by its lower-cased email', () => {
    expect(contactKey('  Ann@X.Example ')).toBe('ann@x.example');
    expect(shardOf('ann@x.example')).toBe(shardOf('ann@x.example'));
    // FNV-1a 32 of "a" is 0xe40c292c: a change of hash would move every contact to another document.
    expect(shardOf('a')).toBe(0xe40c292c % CONTACT_SHARDS);
    const used = new Set(Array.from({ length: 500 }, (_, i) => shardOf(`user${i}@x.example`)));
    expect(used.size).toBe(CONTACT_SHARDS);
    expect(shardName('a')).toBe(`contacts-${String(0xe40c292c % CONTACT_SHARDS).padStart(2, '0')}`);
  });

  it('reads a whole shard’s live contacts in one pass, each as get reads it (no tombstone, no contact of another shard)', () => {
    const book = new TeamBook(replica());
    const emails = Array.from({ length: 80 }, (_, i) => `p${i}@x.example`);
    emails.forEach((email, i) =>
      book.put(ann({ email, owner: i % 2 ? 'ben' : '', custom: i % 3 ? { plan: 'Pro' } : {}, tags: i % 4 ? ['vip', 'b2b'] : [], company: i % 5 ? 'x.example' : undefined }), by('Ann', i), {
        create: true,
      }),
    );
    const shard = shardName(emails[0]);
    const gone = emails.find((e, i) => i > 0 && shardName(e) === shard)!;
    book.delete(gone, by('Ben', 99));
    const read = book.contactsIn(shard);
    const live = emails.filter((e) => shardName(e) === shard && e !== gone);
    expect([...read.keys()].sort()).toEqual(live.sort());
    for (const email of live) expect(read.get(email)).toEqual(book.get(email));
    expect(read.get(emails[0])).toEqual(expect.objectContaining({ email: emails[0], name: 'Ann', tags: [], updatedBy: 'Ann' }));
  });

  it('keeps concurrent edits to different fields, and converges on one value for the same field, with who changed it last', () => {
    const [a, b] = [replica(), replica()];
    const [bookA, bookB] = [new TeamBook(a), new TeamBook(b)];
    bookA.put(ann(), by('A', 1));
    sync(a, b);
    bookA.put(ann({ owner: 'ann-owner', name: 'Ann A' }), by('A', 5));
    bookB.put(ann({ custom: { plan: 'pro' }, name: 'Ann B' }), by('B', 6));
    sync(a, b);
    const got = bookA.get('ann@x.example')!;
    expect(got).toEqual(bookB.get('ann@x.example'));
    expect(got).toMatchObject({ owner: 'ann-owner', custom: { plan: 'pro' } });
    expect(['Ann A', 'Ann B']).toContain(got.name);
    expect(['A', 'B']).toContain(got.updatedBy);
  });

  it('writes only the fields that differ', () => {
    const a = replica();
    const book = new TeamBook(a);
    book.put(ann({ custom: { plan: 'pro' }, tags: ['vip'] }), by('A'));
    expect(book.put(ann({ custom: { plan: 'pro' }, tags: ['vip'] }), by('A', 20))).toEqual([]);
    expect(book.put(ann({ owner: 'o', tags: ['new'] }), by('A', 30))).toEqual(['owner', '#new', 'custom.plan', '#vip']);
    expect(book.get('ann@x.example')).toMatchObject({ owner: 'o', custom: {}, tags: ['new'], updatedAt: 30 });
  });

  it('treats tags as sets: one added on A and another removed on B are both kept', () => {
    const [a, b] = [replica(), replica()];
    const [bookA, bookB] = [new TeamBook(a), new TeamBook(b)];
    bookA.put(ann({ tags: ['old', 'vip'] }), by('A'));
    sync(a, b);
    bookA.put(ann({ tags: ['new', 'old', 'vip'] }), by('A'));
    bookB.put(ann({ tags: ['vip'] }), by('B'));
    sync(a, b);
    expect(bookA.get('ann@x.example')!.tags).toEqual(['new', 'vip']);
    expect(bookB.get('ann@x.example')!.tags).toEqual(['new', 'vip']);
  });

  it('makes the same contact created offline on two sides one contact with both sides’ fields and tags', () => {
    const [a, b] = [replica(), replica()];
    const [bookA, bookB] = [new TeamBook(a), new TeamBook(b)];
    bookA.put(ann({ owner: 'amy', tags: ['from-a'] }), by('A'));
    bookB.put(ann({ custom: { plan: 'pro' }, tags: ['from-b'] }), by('B'));
    sync(a, b);
    // Each side wrote the whole contact, so each field converges to one side's value, and both sides' extras stay.
    const got = bookB.get('ann@x.example')!;
    expect(got).toEqual(bookA.get('ann@x.example'));
    expect(got.tags).toEqual(['from-a', 'from-b']);
    expect(got.custom).toEqual({ plan: 'pro' });
  });

  it('lets a delete win over a concurrent edit as a whole (no field comes back), and a later add bring the contact back fresh', () => {
    const [a, b] = [replica(), replica()];
    const [bookA, bookB] = [new TeamBook(a), new TeamBook(b)];
    bookA.put(ann({ tags: ['vip'] }), by('A'));
    sync(a, b);
    bookA.delete('ann@x.example', by('A', 20));
    bookB.put(ann({ owner: 'late', tags: ['vip', 'late'] }), by('B', 21));
    sync(a, b);
    for (const book of [bookA, bookB]) {
      expect(book.get('ann@x.example')).toBeUndefined();
      expect(book.tombstone('ann@x.example')).toMatchObject({ deletedAt: 20, deletedBy: 'A' });
      // An edit by a member who has seen the delete is refused too.
      expect(book.put(ann({ owner: 'again' }), by('B', 22))).toBe('deleted');
    }
    bookB.put(ann({ name: 'Ann again' }), by('B', 30), { create: true });
    sync(a, b);
    expect(bookA.get('ann@x.example')).toMatchObject({ name: 'Ann again', owner: '', tags: [] });
    expect(bookA.tombstone('ann@x.example')).toBeUndefined();
  });

  it('keeps a contact whose email changed one record: the new key, and a tombstone pointing at it', () => {
    const a = replica();
    const book = new TeamBook(a);
    book.put(ann({ owner: 'o' }), by('A'));
    book.put(ann({ email: 'ann@new.example', owner: 'o' }), by('A', 11), { create: true });
    book.delete('ann@x.example', by('A', 11), 'ann@new.example');
    expect(book.get('ann@x.example')).toBeUndefined();
    expect(book.tombstone('ann@x.example')?.mergedInto).toBe('ann@new.example');
    expect(book.get('ann@new.example')).toMatchObject({ email: 'ann@new.example', owner: 'o' });
  });

  it('keeps notes with their author and tag definitions by key, and reports only other origins’ changes', () => {
    const [a, b] = [replica(), replica()];
    const [bookA, bookB] = [new TeamBook(a), new TeamBook(b)];
    const seenA: BookChange[] = [];
    const seenB: BookChange[] = [];
    bookA.onChange((c) => seenA.push(c));
    bookB.onChange((c) => seenB.push(c));
    bookA.put(ann(), by('A'));
    bookA.putNote({ id: 'n1', contactKey: 'ann@x.example', text: 'Called', at: 5, by: 'A' });
    bookA.putTag({ key: 'vip', name: 'VIP', color: '#1a73e8' });
    expect(seenA).toEqual([]);
    sync(a, b);
    expect(bookB.notes('ann@x.example')).toEqual([{ id: 'n1', contactKey: 'ann@x.example', text: 'Called', at: 5, by: 'A' }]);
    expect(bookB.tags().get('vip')).toEqual({ key: 'vip', name: 'VIP', color: '#1a73e8' });
    const contacts = new Set(seenB.flatMap((c) => [...c.contacts]));
    const notes = new Set(seenB.flatMap((c) => [...c.notes]));
    expect([...contacts, ...notes]).toEqual(['ann@x.example', 'ann@x.example']);
    expect(seenB.some((c) => c.tags)).toBe(true);
  });
});
