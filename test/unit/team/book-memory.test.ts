// The sync host keeps a TeamBook over every shard for as long as it runs (issue 17: the host page's memory with 50,000
// shared contacts). Its index of each contact's fields must stay small next to the Yjs documents it indexes.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { TeamBook } from '../../../lib/team/book-doc';
import { teamDocumentNames } from '../../../lib/team/documents';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapUsed = () => (gc(), gc(), process.memoryUsage().heapUsed);

const CONTACTS = 2000;

function teamDocs(count: number): Map<string, Y.Doc> {
  const docs = new Map(teamDocumentNames().map((name) => [name, new Y.Doc()]));
  const writer = new TeamBook(docs);
  const stamp = { at: 1, by: 'Admin' };
  writer.batch(() => {
    for (let i = 0; i < count; i++)
      writer.put(
        {
          email: `person${i}@company${i % 500}.example`,
          name: `Person ${i}`,
          stage: 'customer',
          owner: `owner${i % 10}`,
          custom: { plan: ['Free', 'Pro'][i % 2], region: `r${i % 7}` },
          doNotContact: 0,
          company: `company${i % 500}.example`,
          externalId: `ext-${i}`,
          createdAt: 1,
          tags: ['vip', `t${i % 20}`],
        },
        stamp,
        { create: true },
      );
  });
  writer.destroy();
  return docs;
}

describe("the team book's index", () => {
  it('costs a few hundred bytes per contact, not a set of field names each (the old index: ~860 B in Node)', () => {
    const docs = teamDocs(CONTACTS);
    const before = heapUsed();
    const book = new TeamBook(docs);
    const perContact = (heapUsed() - before) / CONTACTS;
    expect(book.keys()).toHaveLength(CONTACTS);
    expect(perContact).toBeLessThan(450);
    book.destroy();
  }, 60_000);

  it('shares one string per field name across contacts, and follows fields that come and go', () => {
    const docs = teamDocs(200);
    const book = new TeamBook(docs);
    // 7 plain fields in use, email, @at, @by, 2 custom fields, #vip and 20 #t tags.
    expect(book.indexSize()).toEqual({ keys: 200, names: 33 });
    const key = 'person3@company3.example';
    const ann = book.get(key)!;
    expect(ann.tags).toEqual(['t3', 'vip']);
    book.put({ ...ann, tags: ['vip'], custom: { plan: 'Pro' } }, { at: 2, by: 'B' });
    expect(book.get(key)).toMatchObject({ tags: ['vip'], custom: { plan: 'Pro' }, updatedBy: 'B' });
    book.delete(key, { at: 3, by: 'B' });
    expect(book.get(key)).toBeUndefined();
    expect(book.tombstone(key)).toMatchObject({ deletedAt: 3 });
    expect(book.put({ ...ann, tags: [] }, { at: 4, by: 'C' })).toBe('deleted');
    book.put({ ...ann, tags: ['new'] }, { at: 5, by: 'C' }, { create: true });
    expect(book.get(key)).toMatchObject({ tags: ['new'], name: ann.name, updatedBy: 'C' });
    expect(book.tombstone(key)).toBeUndefined();
    book.destroy();
  }, 60_000);
});
