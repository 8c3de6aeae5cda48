// The sync host keeps a TeamBook over every shard for as long as it runs (issue 17: the host page's memory with 50,000
// shared contacts). Its index of each contact's fields must stay small next to the Yjs documents it indexes.
import { GCProfiler, getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { TeamBook } from '../../../lib/team/book-doc';
import { teamDocumentNames } from '../../../lib/team/documents';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapUsed = () => (gc(), gc(), process.memoryUsage().heapUsed);

const CONTACTS = 2000;

/** Bytes `work` allocates, freed or not: the heap's growth between the garbage collections that ran meanwhile, summed. */
function allocatedBy(work: () => void): number {
  const profiler = new GCProfiler();
  profiler.start();
  const start = getHeapStatistics().used_heap_size;
  work();
  const end = getHeapStatistics().used_heap_size;
  let total = 0;
  let after = start;
  for (const { beforeGC, afterGC } of profiler.stop()?.statistics ?? []) {
    total += beforeGC.heapStatistics.usedHeapSize - after;
    after = afterGC.heapStatistics.usedHeapSize;
  }
  return total + end - after;
}

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

  it('indexes shards that arrive from the server without a change record per flat key (issue 17: the join allocated ~12 per contact)', () => {
    const team = teamDocs(CONTACTS);
    const docs = new Map(teamDocumentNames().map((name) => [name, new Y.Doc()]));
    const book = new TeamBook(docs);
    const reported = new Set<string>();
    book.onChange((change) => change.contacts.forEach((key) => reported.add(key)));
    // Yjs builds an event's change records (`changes.keys`, one per flat key) only when asked: count those it builds.
    const keysOf = Object.getOwnPropertyDescriptor(Y.YEvent.prototype, 'keys')!;
    let records = 0;
    Object.defineProperty(Y.YEvent.prototype, 'keys', {
      configurable: true,
      get(this: Y.YEvent<Y.AbstractType<unknown>>) {
        const keys = keysOf.get!.call(this) as Map<string, unknown>;
        records += keys.size;
        return keys;
      },
    });
    try {
      for (const [name, doc] of team) if (name !== 'book') Y.applyUpdate(docs.get(name)!, Y.encodeStateAsUpdate(doc));
    } finally {
      Object.defineProperty(Y.YEvent.prototype, 'keys', keysOf);
    }
    expect(records).toBe(0);
    expect(reported.size).toBe(CONTACTS);
    expect(book.keys()).toHaveLength(CONTACTS);
    expect(book.get('person7@company7.example')).toMatchObject({ name: 'Person 7', custom: { plan: 'Pro', region: 'r0' }, tags: ['t7', 'vip'] });
    // A field another member removes, and a contact they delete, leave the index too.
    const other = new TeamBook(team);
    const key = 'person8@company8.example';
    other.put({ ...other.get(key)!, custom: { plan: 'Free' }, tags: ['vip'] }, { at: 2, by: 'B' });
    other.delete('person9@company9.example', { at: 3, by: 'B' });
    for (const [name, doc] of team) if (name !== 'book') Y.applyUpdate(docs.get(name)!, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(docs.get(name)!)));
    expect(book.get(key)).toMatchObject({ custom: { plan: 'Free' }, tags: ['vip'], updatedBy: 'B' });
    expect(book.get('person9@company9.example')).toBeUndefined();
    expect(book.tombstone('person9@company9.example')).toMatchObject({ deletedAt: 3 });
    other.destroy();
    book.destroy();
  }, 60_000);

  it('reads whole shards building each contact as its fields come, not a [field, value] pair per flat key first (issue 17: ~4.2 KB a contact)', () => {
    const docs = teamDocs(CONTACTS);
    const book = new TeamBook(docs);
    const shards = teamDocumentNames().filter((name) => name !== 'book');
    const read = () => shards.reduce((n, name) => n + book.contactsIn(name).size, 0);
    expect(read()).toBe(CONTACTS);
    // Measured in Node with 16,000 contacts: 4,155-4,755 B allocated per contact before, 2,066-2,091 B now.
    const perContact = Math.min(...[0, 1].map(() => allocatedBy(read) / CONTACTS));
    expect(perContact).toBeLessThan(3000);
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
