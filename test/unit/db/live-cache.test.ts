import { afterEach, describe, expect, it } from 'vitest';
import { liveQuery, type Subscription } from 'dexie';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import type { Contact } from '../../../lib/db/types';

// Dexie 4.4.7's optimistic live-query cache showed stale or broken lists (issue #14, item 4);
// the app's database runs with it off. Each test fails with the cache on.

function person(n: number, extra: Partial<Contact> = {}): Contact {
  return { email: `p${n}@x.com`, name: `P${n}`, tags: [], stage: 'lead', owner: '', custom: {}, doNotContact: 0, createdAt: 1, updatedAt: 1, ...extra } as Contact;
}

/** Resolves with the first value the query emits that passes `until`, or rejects with its error. */
function watch<T>(query: () => Promise<T>, until: (value: T) => boolean): { next: Promise<T>; stop: () => void } {
  let sub: Subscription | undefined;
  const next = new Promise<T>((resolve, reject) => {
    sub = liveQuery(query).subscribe({ next: (v) => until(v) && resolve(v), error: reject });
  });
  return { next, stop: () => sub?.unsubscribe() };
}

describe('live queries over the app database', () => {
  let db: KizunaDb;
  let n = 0;
  afterEach(async () => db.delete());

  it('keep working after an add refused by the unique email index (outside a transaction)', async () => {
    db = createDb(`live-cache-${++n}`);
    await db.contacts.add(person(1));
    const emails = () => db.contacts.toArray().then((rows) => rows.map((c) => c.email));
    const first = watch(emails, (e) => e.length === 1);
    expect(await first.next).toEqual(['p1@x.com']);
    await expect(db.contacts.add(person(1))).rejects.toThrow();
    // The list open during the refusal, and a new one, both see the next change.
    const open = watch(emails, (e) => e.length === 2);
    await db.contacts.add(person(2));
    expect(await open.next).toEqual(['p1@x.com', 'p2@x.com']);
    first.stop();
    open.stop();
  });

  it('drop a row that a put moved out of a limited window', async () => {
    db = createDb(`live-cache-${++n}`);
    await db.templates.bulkAdd(['a', 'b', 'c', 'd'].map((name) => ({ name, subject: '', body: '', language: 'en', category: '', usageCount: 0 }) as never));
    const firstTwo = () =>
      db.templates
        .orderBy('name')
        .limit(2)
        .toArray()
        .then((rows) => rows.map((t) => t.name));
    const live = watch(firstTwo, (names) => names.join() === 'b,c');
    // Warm the cache with the first window, then move 'a' to the end.
    expect(await firstTwo()).toEqual(['a', 'b']);
    const a = (await db.templates.where('name').equals('a').first())!;
    await db.templates.put({ ...a, name: 'z' });
    expect(await live.next).toEqual(['b', 'c']);
    live.stop();
  });
});
