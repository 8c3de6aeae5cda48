import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { contactStoreOf } from '../../../lib/contacts/dexie-store';
import { createDb, LATEST_VERSION, type KizunaDb } from '../../../lib/db/schema';
import type { Contact } from '../../../lib/db/types';
import { FIRST_PAGE, type FirstPage } from '../../../lib/workspace/first-page';
import { WorkspaceStore } from '../../../lib/workspace/store';
import { FIRST_READ_SCHEMA, readFirstPage, type FirstReadHint } from '../../../entrypoints/app/contacts/first-read';
import { loadFirstReadHint, saveFirstReadHint } from '../../../entrypoints/app/contacts/first-read-hint';
import { storedScores } from '../../support/stored-scores';

function contact(i: number, over: Partial<Contact> = {}): Contact {
  return { email: `c${i}@x.com`, name: `C${i}`, tags: [], stage: 'customer', owner: '', custom: {}, doNotContact: 0, createdAt: 1, updatedAt: 1, ...over } as Contact;
}

const openRaw = (name: string) =>
  new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

let db: KizunaDb;
let n = 0;
beforeEach(async () => {
  db = createDb(`first-read-${++n}`);
  const [acme, beta] = await db.companies.bulkAdd(
    [
      { name: 'Acme', domain: 'acme.example', fields: {} },
      { name: 'Beta', domain: 'beta.example', fields: {} },
    ],
    { allKeys: true },
  );
  const store = contactStoreOf(db);
  const [red, blue] = await store.tags.ensure(['red', 'blue']);
  // More than a page, across score blocks (100 ids) and tags on either side of the page's end.
  await store.addMany(Array.from({ length: 130 }, (_, i) => contact(i, { companyId: i % 3 === 0 ? acme : i % 3 === 1 ? beta : undefined, tags: i % 2 ? [red.id] : [red.id, blue.id] })));
  await storedScores(db).bulkPut([5, 59, 60, 61, 101].map((contactId) => ({ contactId, score: contactId, band: 'low' as const, at: 1, basis: 'b', history: [] })));
  await db.segments.bulkAdd([
    { name: 'zeta', filter: { conditions: [] }, createdAt: 1, updatedAt: 1 },
    { name: 'alpha', filter: { conditions: [] }, createdAt: 1, updatedAt: 1 },
  ]);
});
afterEach(async () => {
  db.close();
  await db.delete();
});

// Issue 16: the app's entry reads the contacts list's first page below Dexie, before Dexie has loaded. These hold that
// raw read to what the store reads through Dexie, so a schema change that moves contacts, tags, scores or companies shows here.
describe('the contacts list’s first read (raw IndexedDB)', () => {
  it('reads the first page, its tags, scores and companies, every tag and the segments as the stores do', async () => {
    const store = contactStoreOf(db);
    const contacts = await store.page({ limit: FIRST_PAGE });
    const ids = contacts.map((c) => c.id);
    const page = await readFirstPage(await openRaw(db.name), FIRST_PAGE);
    expect(page).not.toBeNull();
    expect(page!.contacts).toEqual(contacts);
    expect(page!.scores).toEqual(await store.scores.getMany(ids));
    expect(page!.scores.filter(Boolean)).toHaveLength(3);
    const companies = await db.companies.bulkGet([...new Set(contacts.flatMap((c) => (c.companyId === undefined ? [] : [c.companyId])))]);
    expect([...page!.companies].sort((a, b) => a.id - b.id)).toEqual(companies);
    expect(page!.tags).toEqual(await store.tags.list());
    expect(page!.segments.map((s) => s.name)).toEqual(['alpha', 'zeta']);
    expect(page!.segments).toEqual(await db.segments.orderBy('name').toArray());
  });

  it('knows the current schema, and leaves a database of another version to the store', async () => {
    expect(FIRST_READ_SCHEMA).toBe(LATEST_VERSION);
    db.close();
    // An upgrade past this schema (a store added): the raw read no longer knows the rows' shape.
    const raw = await openRaw(db.name);
    const version = raw.version;
    raw.close();
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.open(db.name, version + 10);
      request.onupgradeneeded = () => request.result.createObjectStore('later');
      request.onsuccess = () => (request.result.close(), resolve());
      request.onerror = () => reject(request.error);
    });
    expect(await readFirstPage(await openRaw(db.name), FIRST_PAGE)).toBeNull();
  });

  it('leaves a book with staged contacts (a large import not yet filed) to the store', async () => {
    await contactStoreOf(db).addMany([contact(500)], { packed: true });
    expect(await db.contactStage.count()).toBeGreaterThan(0);
    expect(await readFirstPage(await openRaw(db.name), FIRST_PAGE)).toBeNull();
  });
});

/** Reads the first page, listing each request asked for once a result had come back (a second round trip). */
async function readCounted(hint?: FirstReadHint): Promise<{ page: FirstPage | null; asked: number; late: string[] }> {
  let answered = 0;
  let asked = 0;
  const late: string[] = [];
  const restore: (() => void)[] = [];
  for (const proto of [IDBObjectStore.prototype, IDBIndex.prototype] as unknown as Record<string, (...a: unknown[]) => IDBRequest>[]) {
    for (const name of ['get', 'getAll', 'getAllKeys']) {
      const real = proto[name];
      proto[name] = function (this: IDBObjectStore | IDBIndex, ...a: unknown[]) {
        const request = real.apply(this, a);
        asked++;
        if (answered) late.push(`${name} ${this instanceof IDBIndex ? this.objectStore.name : this.name}`);
        request.addEventListener('success', () => answered++);
        return request;
      };
      restore.push(() => (proto[name] = real));
    }
  }
  try {
    return { page: await readFirstPage(await openRaw(db.name), FIRST_PAGE, hint), asked, late };
  } finally {
    restore.forEach((undo) => undo());
  }
}

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
  const items = new Map<string, string>();
  return { getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value), removeItem: (key) => void items.delete(key) };
}

// Issue 16: without a hint, the rows' tags, scores and companies are asked for once the rows are back, a second round
// trip on a main thread that is busy with the page's chunks. The last read's hint lets every request go out at once.
describe('the first read with the hint the last one left', () => {
  it('asks for the rows, their tags, scores and companies in one round trip, and reads the same page', async () => {
    const without = await readCounted();
    expect(without.late).toEqual(['getAll tagMembers', 'getAll scoreBlocks', 'get companies', 'get companies']);
    const local = memoryStorage();
    saveFirstReadHint(local, without.page!);
    const hint = loadFirstReadHint(local)!;
    expect(hint.slice(0, 2)).toEqual([without.page!.contacts[0].id, without.page!.contacts[FIRST_PAGE - 1].id]);
    const withHint = await readCounted(hint);
    expect(withHint.late).toEqual([]);
    expect(withHint.asked).toBe(without.asked);
    expect(withHint.page).toEqual(without.page);
  });

  it('reads the same page from a hint that no longer fits, asking for what it missed once the rows are back', async () => {
    const { page } = await readCounted();
    const [acme, beta] = page!.companies.map((company) => company.id);
    // The page moved (rows deleted), a company is new to it: only what the hint does not cover is asked for again.
    const stale = await readCounted([5_000, 5_050, beta, 999]);
    expect(stale.page).toEqual(page);
    expect(stale.late).toEqual(['getAll tagMembers', 'getAll scoreBlocks', 'get companies']);
    // The span covers the page's blocks but not all its companies.
    const partial = await readCounted([page!.contacts[0].id, page!.contacts[5].id, acme]);
    expect(partial.page).toEqual(page);
    expect(partial.late).toEqual(['get companies']);
  });

  it('gives the page with its last result, not at the transaction’s complete event (a task or more later)', async () => {
    const order: string[] = [];
    const transaction = IDBDatabase.prototype.transaction;
    IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...a: Parameters<IDBDatabase['transaction']>) {
      const tx = transaction.apply(this, a);
      tx.addEventListener('complete', () => order.push('complete'));
      return tx;
    };
    try {
      const page = await readFirstPage(await openRaw(db.name), FIRST_PAGE);
      order.push('page');
      expect(page!.contacts).toHaveLength(FIRST_PAGE);
      await vi.waitFor(() => expect(order).toContain('complete'));
      // Old code: ['complete', 'page'].
      expect(order).toEqual(['page', 'complete']);
    } finally {
      IDBDatabase.prototype.transaction = transaction;
    }
  });

  it('takes no malformed hint, and leaves none for an empty book', () => {
    for (const text of ['x', '{}', '[1]', '[5,1]', '[1,2,"a"]', '[1,2.5]']) {
      expect(loadFirstReadHint({ getItem: () => text }), text).toBeUndefined();
    }
    const local = memoryStorage();
    local.setItem('kizuna:first-read-hint', '[1,60]');
    saveFirstReadHint(local, { contacts: [], scores: [], companies: [], tags: [], segments: [] });
    expect(loadFirstReadHint(local)).toBeUndefined();
  });
});

describe('WorkspaceStore with a first page read before it', () => {
  it('publishes that page without reading it again, and re-reads its rows once the book is in', async () => {
    const dexie = contactStoreOf(db);
    const early = (await readFirstPage(await openRaw(db.name), FIRST_PAGE))!;
    // Written after the early read, before the store follows changes: the store must not keep the old row.
    const firstId = early.contacts[0].id;
    await dexie.update(firstId, { name: 'Renamed' });
    const page = vi.spyOn(dexie, 'page');
    let release!: () => void;
    const rest = new Promise<void>((resolve) => (release = resolve));
    const store = new WorkspaceStore(db, 5, { firstRead: Promise.resolve<FirstPage | null>(early), beforeRest: () => rest });
    try {
      const started = store.start();
      await vi.waitFor(() => expect(store.snapshot()).not.toBeNull());
      const first = store.snapshot()!;
      expect(first.complete).toBe(false);
      expect(first.contacts.map((c) => c.id)).toEqual(early.contacts.map((c) => c.id));
      expect(first.byId.get(firstId)!.companyName).toBe('Acme');
      expect(first.tags.size).toBe(2);
      expect(page.mock.calls.filter(([query]) => query.limit === FIRST_PAGE)).toEqual([]);
      release();
      await started;
      expect(store.snapshot()!.contacts).toHaveLength(130);
      await vi.waitFor(() => expect(store.snapshot()!.byId.get(firstId)!.name).toBe('Renamed'));
    } finally {
      store.stop();
      page.mockRestore();
    }
  });
});
