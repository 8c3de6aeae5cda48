import { storedScores } from '../../support/stored-scores';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import type { Contact } from '../../../lib/db/types';
import { keysOfRangeTree, WorkspaceStore } from '../../../lib/workspace/store';
import { changeTagMembership } from '../../../lib/workspace/bulk';
import { contactStoreOf } from '../../../lib/contacts/dexie-store';
import { countRows, watchRequests, type SeenRequest } from '../../support/watch-requests';
import { watchRoundTrips } from '../../support/round-trips';

function contact(id: number, over: Partial<Contact> = {}): Contact {
  return { id, email: `c${id}@x.com`, name: `C${id}`, tags: [], stage: 'lead', owner: '', custom: {}, doNotContact: 0, createdAt: 1, updatedAt: 1, ...over };
}

let db: KizunaDb;
let store: WorkspaceStore;
let n = 0;
beforeEach(async () => {
  db = createDb(`store-${++n}`);
  await db.companies.add({ id: 1, name: 'Acme', domain: 'acme.com', fields: {} });
  // Through the ContactStore: the rest of the book is read from its list pages, which only it writes.
  await contactStoreOf(db).restore(Array.from({ length: 30 }, (_, i) => contact(i + 1, i === 0 ? { companyId: 1 } : {})));
  store = new WorkspaceStore(db, 5);
});
afterEach(async () => {
  store.stop();
  await db.delete();
});

/** Resolves with the next snapshot published. */
const changed = () =>
  new Promise<void>((resolve) => {
    const off = store.subscribe(() => {
      off();
      resolve();
    });
  });

describe('WorkspaceStore', () => {
  it('reads the first page alongside the tags and companies, and the rest of the contacts alongside the scores', async () => {
    // The order of the reads, each logged when it starts and when it ends.
    const log: string[] = [];
    const dexie = contactStoreOf(db);
    const trace = <A extends unknown[], R>(name: string, fn: (...args: A) => Promise<R>) =>
      vi.fn(async (...args: A) => {
        log.push(`${name} start`);
        const out = await fn(...args);
        log.push(`${name} end`);
        return out;
      });
    // The real methods, taken before they are spied on.
    const [page, list, scores, tags] = [dexie.page.bind(dexie), dexie.list.bind(dexie), dexie.scores.page.bind(dexie.scores), dexie.tags.list.bind(dexie.tags)];
    const spies = [
      vi.spyOn(dexie, 'page').mockImplementation(trace('page', page)),
      vi.spyOn(dexie, 'list').mockImplementation(trace('list', list)),
      vi.spyOn(dexie.scores, 'page').mockImplementation(trace('scores', scores)),
      vi.spyOn(dexie.tags, 'list').mockImplementation(trace('tags', tags)),
    ];
    try {
      const paged = new WorkspaceStore(db, 5, { firstPage: 10 });
      await paged.start();
      paged.stop();
      expect(paged.snapshot()!.contacts).toHaveLength(30);
      // Neither the first page nor the tags waits for the other; nor do the rest of the contacts and the scores.
      expect(log.indexOf('page start')).toBeLessThan(log.indexOf('tags end'));
      expect(log.indexOf('tags start')).toBeLessThan(log.indexOf('page end'));
      // The rest of the contacts: the scores' one read, then the ranges of ids asked for while it runs.
      const rest = log.indexOf('list start', log.indexOf('scores start'));
      expect(rest).toBeGreaterThan(0);
      expect(rest).toBeLessThan(log.indexOf('scores end'));
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });

  it('loads contacts with company names, then follows single-row writes, bulk writes and deletes', async () => {
    await store.start();
    const first = store.snapshot()!;
    expect(first.contacts).toHaveLength(30);
    expect(first.byId.get(1)!.companyName).toBe('Acme');

    let next = changed();
    await db.contacts.update(2, { name: 'Bea' });
    await next;
    expect(store.snapshot()!.byId.get(2)!.name).toBe('Bea');
    expect(store.snapshot()!.version).toBeGreaterThan(first.version);

    next = changed();
    await db.contacts.bulkPut(Array.from({ length: 60 }, (_, i) => contact(i + 1, { owner: 'kim', ...(i === 0 ? { companyId: 1 } : {}) })));
    await next;
    expect(store.snapshot()!.contacts).toHaveLength(60);
    expect(store.snapshot()!.contacts.every((c) => c.owner === 'kim')).toBe(true);

    next = changed();
    await db.contacts.bulkDelete([5, 6]);
    await next;
    expect(store.snapshot()!.byId.has(5)).toBe(false);
    expect(store.snapshot()!.contacts).toHaveLength(58);

    next = changed();
    await db.companies.update(1, { name: 'Acme Corp' });
    await next;
    expect(store.snapshot()!.byId.get(1)!.companyName).toBe('Acme Corp');
  });

  it('shows each customer’s stored score (not a lead’s or a churned contact’s) and follows score writes apart from the contacts', async () => {
    await db.contacts.bulkPut([contact(1, { stage: 'customer', companyId: 1 }), contact(2, { stage: 'customer' }), contact(3, { stage: 'churned' })]);
    const row = (contactId: number, score: number) => ({ contactId, score, band: 'low' as const, at: 1, basis: 'b', history: [] as [number, number][] });
    await storedScores(db).bulkPut([row(1, 30), row(3, 90), row(4, 50)]);
    await store.start();
    const first = store.snapshot()!;
    expect(first.byId.get(1)).toMatchObject({ risk: 30, score: row(1, 30), companyName: 'Acme' });
    expect(first.byId.get(3)!.risk).toBeUndefined();
    expect(first.byId.get(4)!.risk).toBeUndefined();

    // One score written (a sidebar): that contact is patched in place.
    let next = changed();
    await storedScores(db).put(row(2, 64));
    await next;
    expect(store.snapshot()!.byId.get(2)!.risk).toBe(64);
    expect(store.snapshot()!.contacts[0]).toBe(first.contacts[0]);

    // A rescore's batch, and a removal.
    next = changed();
    await storedScores(db).bulkPut(Array.from({ length: 30 }, (_, i) => row(i + 1, 70)));
    await storedScores(db).delete(1);
    await next;
    if (store.snapshot()!.byId.get(1)!.risk !== undefined) await changed();
    expect(store.snapshot()!.byId.get(1)!.risk).toBeUndefined();
    expect(store.snapshot()!.byId.get(2)!.risk).toBe(70);
    // A stage change hides the score at once, whatever is stored.
    next = changed();
    await db.contacts.update(2, { stage: 'lead' });
    await next;
    expect(store.snapshot()!.byId.get(2)!.risk).toBeUndefined();
  });

  it('follows a bulk tag made elsewhere (tag membership only), patching just the contacts it changed', async () => {
    await db.tags.add({ id: 4, name: 'VIP', key: 'vip', color: '#1a73e8' });
    await store.start();
    const first = store.snapshot()!;
    const next = changed();
    await changeTagMembership(db, [2, 3], [4], true);
    await next;
    const snap = store.snapshot()!;
    expect(snap.contacts.filter((c) => c.tags.includes(4)).map((c) => c.id)).toEqual([2, 3]);
    // Same list, same order: only the changed entries are new objects.
    expect(snap.contacts[0]).toBe(first.contacts[0]);
    expect(snap.contacts[1]).not.toBe(first.contacts[1]);
  });

  it("re-reads only the tags of the membership blocks a tag edit wrote, not every contact's (a team member's edit, issue 17)", async () => {
    const dexie = contactStoreOf(db);
    await db.tags.add({ id: 4, name: 'VIP', key: 'vip', color: '#1a73e8' });
    // A contact in the second membership block (ids 2,048–4,095), beside the 30 in the first.
    await dexie.restore([contact(3000)]);
    await store.start();
    const membership = vi.spyOn(dexie, 'membership');
    const tagsOf = vi.spyOn(dexie, 'tagsOf');
    try {
      let next = changed();
      await dexie.addToTag(4, [3000]);
      await next;
      expect(store.snapshot()!.byId.get(3000)!.tags).toEqual([4]);
      // Only the listed contacts of the block written were looked at; the whole membership table was not read.
      expect(membership).not.toHaveBeenCalled();
      expect(tagsOf.mock.calls.map(([ids]) => [...ids])).toEqual([[3000]]);
      // A clear of the membership (a range) still re-reads every contact's tags.
      next = changed();
      await db.tagMembers.clear();
      await next;
      expect(membership).toHaveBeenCalledTimes(1);
      expect(store.snapshot()!.byId.get(3000)!.tags).toEqual([]);
    } finally {
      membership.mockRestore();
      tagsOf.mockRestore();
    }
  });

  it('patches a bulk write of the ContactStore (60 rows put, 60 added) by id, without re-reading the book', async () => {
    const dexie = contactStoreOf(db);
    const paged = new WorkspaceStore(db, 5, { firstPage: 10 });
    await paged.start();
    const before = paged.snapshot()!;
    const page = vi.spyOn(dexie, 'page');
    try {
      const published = new Promise<void>((resolve) => {
        const off = paged.subscribe(() => paged.snapshot()!.contacts.length === 130 && paged.snapshot()!.byId.get(25)!.owner === 'kim' && (off(), resolve()));
      });
      // Rows 11–30 and 31–70: 60 rows put (two of Dexie's reported calls); then 60 more added.
      await dexie.put(Array.from({ length: 60 }, (_, i) => contact(i + 11, { owner: 'kim' })));
      await dexie.addMany(Array.from({ length: 60 }, (_, i) => ({ ...contact(0), id: undefined, email: `n${i}@x.com` }) as unknown as Contact));
      await published;
      const after = paged.snapshot()!;
      expect(after.contacts.filter((c) => c.owner === 'kim')).toHaveLength(60);
      // Patched: no page of the book was read again, and the rows not written are the same objects.
      expect(page).not.toHaveBeenCalled();
      expect(after.contacts[0]).toBe(before.contacts[0]);
      expect(after.byId.get(10)).toBe(before.byId.get(10));
    } finally {
      page.mockRestore();
      paged.stop();
    }
  });

  it('re-reads a write of rows, their tags and a new company (a team join’s shard) in one read transaction', async () => {
    // Another page writing in a series of transactions (a team join) puts each read transaction of this page behind one
    // of its writes: three reads in turn would wait for three writes before the rows show.
    const watched = createDb(`store-${++n}`);
    const transactions = watchRoundTrips(watched);
    await watched.tags.add({ id: 4, name: 'VIP', key: 'vip', color: '#1a73e8' });
    const paged = new WorkspaceStore(watched, 5);
    try {
      await paged.start();
      const published = new Promise<void>((resolve) => {
        const off = paged.subscribe(() => paged.snapshot()!.contacts.length === 40 && (off(), resolve()));
      });
      const before = transactions.length;
      await watched.transaction('rw', [...contactStoreOf(watched).tables, watched.companies], async () => {
        const companyId = await watched.companies.add({ name: 'Beta', domain: 'beta.example', fields: {} });
        await contactStoreOf(watched).addMany(Array.from({ length: 40 }, (_, i) => ({ ...contact(0), id: undefined, email: `j${i}@beta.example`, companyId, tags: [4] }) as unknown as Contact));
      });
      await published;
      const reads = transactions.slice(before).filter((t) => t.mode === 'readonly');
      expect(reads).toHaveLength(1);
      const snap = paged.snapshot()!;
      expect(snap.contacts.every((c) => c.companyName === 'Beta' && c.tags.includes(4))).toBe(true);
    } finally {
      paged.stop();
      await watched.delete();
    }
  });

  it('reads the first rows written into an empty book at once (no debounce), only those rows (a team join’s first write)', { timeout: 10_000 }, async () => {
    // Waiting out the debounce, the page's read would queue behind the writer's next transaction (IndexedDB runs a read
    // after the writes made before it), not only the one that wrote the first rows (issue 17: the join's first rows).
    const empty = createDb(`store-${++n}`);
    const read: SeenRequest[] = [];
    watchRequests(empty, (r) => r.table === 'contacts' && r.op !== 'mutate' && read.push(r));
    // A debounce of ten minutes: rows that show within the test's ten seconds were read without it.
    const paged = new WorkspaceStore(empty, 600_000);
    try {
      await paged.start();
      expect(paged.snapshot()).toMatchObject({ complete: true, contacts: [] });
      const published = new Promise<void>((resolve) => {
        const off = paged.subscribe(() => paged.snapshot()!.contacts.length === 40 && (off(), resolve()));
      });
      const before = read.length;
      await contactStoreOf(empty).addMany(Array.from({ length: 40 }, (_, i) => ({ ...contact(0), id: undefined, email: `j${i}@beta.example` }) as unknown as Contact));
      await published;
      // The written rows in one range read of their ids (the write's own checks read a row at most).
      const rows = read.slice(before).flatMap((r) => (r.values ? [r.op === 'query' ? r.rows : r.keys] : []));
      expect(rows.filter((count) => count > 1)).toEqual([40]);
    } finally {
      paged.stop();
      await empty.delete();
    }
  });

  it("shows the page's own writes at once and holds re-reads until released", async () => {
    await store.start();
    const release = store.hold();
    store.applyLocal([contact(3, { owner: 'local' })], [4]);
    expect(store.snapshot()!.byId.get(3)!.owner).toBe('local');
    expect(store.snapshot()!.byId.has(4)).toBe(false);
    await db.contacts.bulkPut(Array.from({ length: 60 }, (_, i) => contact(i + 1)));
    await new Promise((r) => setTimeout(r, 30));
    expect(store.snapshot()!.contacts).toHaveLength(29);
    const next = changed();
    release();
    await next;
    expect(store.snapshot()!.contacts).toHaveLength(60);
  });

  it("after a hold, re-reads the contacts once (other pages' edits included)", async () => {
    await store.start();
    const release = store.hold();
    const mine = Array.from({ length: 60 }, (_, i) => contact(i + 1, { owner: 'me', updatedAt: Date.now() }));
    await db.contacts.bulkPut(mine);
    store.applyLocal(mine.slice(0, 30));
    expect(store.snapshot()!.contacts.filter((c) => c.owner === 'me')).toHaveLength(30);
    const next = changed();
    release();
    await next;
    expect(store.snapshot()!.contacts).toHaveLength(60);
    expect(store.snapshot()!.contacts.every((c) => c.owner === 'me')).toBe(true);
    expect(store.snapshot()!.byId.get(1)!.companyName).toBe(undefined);
  });

  it('lists contacts staged by a large import at once, and filing them into ordinary rows publishes nothing new', async () => {
    await store.start();
    let next = changed();
    await contactStoreOf(db).addMany(
      Array.from({ length: 1500 }, (_, i) => ({ ...contact(0), id: undefined, email: `s${i}@x.com` }) as unknown as Contact),
      { packed: true },
    );
    await next;
    const staged = store.snapshot()!;
    expect(staged.contacts).toHaveLength(1530);
    expect(staged.byId.get(1530)!.email).toBe('s1499@x.com');
    await contactStoreOf(db).fileStaged();
    await new Promise((r) => setTimeout(r, 50));
    expect(await db.contactStage.count()).toBe(0);
    expect(store.snapshot()!.version).toBe(staged.version);
    // A real change after filing still shows.
    next = changed();
    await db.contacts.update(1500, { name: 'Filed' });
    await next;
    expect(store.snapshot()!.byId.get(1500)!.name).toBe('Filed');
  });

  it('publishes the first page of contacts before the rest of the book is read, then the whole book, with the writes made meanwhile', async () => {
    await storedScores(db).put({ contactId: 2, score: 40, band: 'medium', at: 1, basis: 'b', history: [] });
    await contactStoreOf(db).update(2, { stage: 'customer' });
    let releaseRest!: () => void;
    const rest = new Promise<void>((resolve) => (releaseRest = resolve));
    store.stop();
    store = new WorkspaceStore(db, 5, { firstPage: 10, beforeRest: () => rest });
    const firstShown = changed();
    const started = store.start();
    await firstShown;
    const first = store.snapshot()!;
    expect(first.complete).toBe(false);
    expect(first.contacts.map((c) => c.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(first.byId.get(1)!.companyName).toBe('Acme');
    expect(first.byId.get(2)!.risk).toBe(40);

    // Written while the rest is held: in the full list once it is in.
    await contactStoreOf(db).update(25, { name: 'Late' });
    await contactStoreOf(db).update(3, { name: 'Early' });
    releaseRest();
    await started;
    expect(store.snapshot()!.complete).toBe(true);
    expect(store.snapshot()!.contacts.map((c) => c.id)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(store.snapshot()!.byId.get(25)!.name).toBe('Late');
    await vi.waitFor(() => expect(store.snapshot()!.byId.get(3)!.name).toBe('Early'));
  });

  it('reads only the first page’s companies before its rows show, and every company with the rest of the book (issue 16)', async () => {
    const big = createDb(`store-companies-${++n}`);
    const { read } = countRows(big);
    try {
      await big.companies.bulkAdd(Array.from({ length: 300 }, (_, i) => ({ id: i + 1, name: `Co ${i + 1}`, domain: `co${i + 1}.com`, fields: {} })));
      // Ten contacts a page, two to a company: the first page names 5 of the 300 companies.
      await contactStoreOf(big).restore(Array.from({ length: 40 }, (_, i) => contact(i + 1, { companyId: 1 + Math.floor(i / 2) })));
      read.clear();
      let releaseRest!: () => void;
      const rest = new Promise<void>((resolve) => (releaseRest = resolve));
      const paged = new WorkspaceStore(big, 5, { firstPage: 10, beforeRest: () => rest });
      const firstShown = new Promise<void>((resolve) => paged.subscribe(resolve));
      const started = paged.start();
      await firstShown;
      expect(read.get('companies')).toBe(5);
      expect(paged.snapshot()!.byId.get(10)!.companyName).toBe('Co 5');
      releaseRest();
      await started;
      paged.stop();
      expect(paged.snapshot()!.companies.size).toBe(300);
      expect(paged.snapshot()!.byId.get(40)!.companyName).toBe('Co 20');
    } finally {
      big.close();
      await big.delete();
    }
  });

  it('reads the rest of the book in ranges of ids, all asked for at once, with gaps, and the rows added past the last id meanwhile', async () => {
    const dexie = contactStoreOf(db);
    await dexie.delete([12, 13, 14, 15, 16, 22]);
    await storedScores(db).bulkPut([3, 17, 29].map((contactId) => ({ contactId, score: 80, band: 'high' as const, at: 1, basis: 'b', history: [] })));
    for (const id of [3, 17, 29]) await dexie.update(id, { stage: 'customer' });
    const list = dexie.list.bind(dexie);
    // Each ranged read of contacts, with how many reads were running when it started.
    const reads: { after?: number; upTo?: number; running: number }[] = [];
    let running = 0;
    const spy = vi.spyOn(dexie, 'list').mockImplementation(async (options = {}) => {
      reads.push({ after: options.after, upTo: options.upTo, running: running++ });
      // A contact written while the ranges are read, past the last id there was.
      if (options.upTo === 30) await dexie.restore([contact(31)]);
      try {
        return await list(options);
      } finally {
        running--;
      }
    });
    try {
      store.stop();
      store = new WorkspaceStore(db, 5, { firstPage: 5, page: 8 });
      await store.start();
      const ranged = reads.filter((r) => r.upTo !== undefined);
      expect(ranged.map((r) => [r.after, r.upTo])).toEqual([
        [5, 13],
        [13, 21],
        [21, 29],
        [29, 30],
      ]);
      // The second range is asked for before the first one is in.
      expect(ranged[1].running).toBeGreaterThan(0);
      const snap = store.snapshot()!;
      expect(snap.contacts.map((c) => c.id)).toEqual([...Array.from({ length: 31 }, (_, i) => i + 1)].filter((id) => ![12, 13, 14, 15, 16, 22].includes(id)));
      expect([3, 17, 29].map((id) => snap.byId.get(id)!.risk)).toEqual([80, 80, 80]);
    } finally {
      spy.mockRestore();
    }
  });

  it('publishes a book smaller than one page once, complete', async () => {
    store.stop();
    store = new WorkspaceStore(db, 5, { firstPage: 31, beforeRest: () => new Promise(() => {}) });
    const seen: boolean[] = [];
    store.subscribe(() => seen.push(store.snapshot()!.complete));
    await store.start();
    expect(seen).toEqual([true]);
    expect(store.snapshot()!.contacts).toHaveLength(30);
  });

  it('publishes a new tag definition without rebuilding the contacts list', async () => {
    await store.start();
    const before = store.snapshot()!;
    const next = changed();
    await contactStoreOf(db).tags.ensure(['Fresh']);
    await next;
    expect([...store.snapshot()!.tags.values()].map((t) => t.name)).toContain('Fresh');
    expect(store.snapshot()!.contacts).toBe(before.contacts);
  });

  it('holds a re-read timed just before a hold until the hold is released', async () => {
    await store.start();
    const version = store.snapshot()!.version;
    await contactStoreOf(db).tags.ensure(['During']);
    const release = store.hold();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(store.snapshot()!.version).toBe(version);
    const next = changed();
    release();
    await next;
    expect([...store.snapshot()!.tags.values()].map((t) => t.name)).toContain('During');
  });

  it('builds the full list as the ranges arrive: the first page’s rows are the same objects in the complete list (no rebuild)', async () => {
    store.stop();
    store = new WorkspaceStore(db, 5, { firstPage: 10, page: 8 });
    const firstShown = changed();
    const started = store.start();
    await firstShown;
    const first = store.snapshot()!;
    expect(first.complete).toBe(false);
    await started;
    const full = store.snapshot()!;
    expect(full.complete).toBe(true);
    expect(full.contacts.map((c) => c.id)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    // Contact 1 has a company: a rebuild would have projected it (and every other row) again.
    expect(full.byId.get(1)!.companyName).toBe('Acme');
    for (const c of first.contacts) expect(full.byId.get(c.id)).toBe(c);
    expect(full.contacts[0]).toBe(first.contacts[0]);
  });

  it('patches a write of a few rows, a delete and a new contact into the list: the other rows stay the same objects', async () => {
    await store.start();
    const before = store.snapshot()!;
    let next = changed();
    await db.contacts.update(2, { name: 'Bea' });
    await db.contacts.bulkDelete([5, 6]);
    await db.contacts.add(contact(31, { name: 'New' }));
    await next;
    await vi.waitFor(() => expect(store.snapshot()!.byId.has(31)).toBe(true));
    const after = store.snapshot()!;
    expect(after.contacts.map((c) => c.id)).toEqual([...Array.from({ length: 31 }, (_, i) => i + 1)].filter((id) => id !== 5 && id !== 6));
    expect(after.byId.get(2)!.name).toBe('Bea');
    expect(after.byId.has(5)).toBe(false);
    // Contact 1 (with its company's name) was not projected again.
    expect(after.contacts[0]).toBe(before.contacts[0]);
    expect(after.byId.get(30)).toBe(before.byId.get(30));
    next = changed();
    await db.contacts.update(30, { name: 'Last' });
    await next;
    expect(store.snapshot()!.contacts[store.snapshot()!.contacts.length - 2].name).toBe('Last');
  });

  describe('the rest of a larger book (issue 16)', () => {
    let big: KizunaDb;
    const requests: SeenRequest[] = [];
    beforeEach(async () => {
      big = createDb(`store-rest-${++n}`);
      watchRequests(big, (r) => requests.push(r));
      await big.companies.bulkAdd(Array.from({ length: 10 }, (_, i) => ({ id: i + 1, name: `Co ${i + 1}`, domain: `co${i + 1}.com`, fields: {} })));
      // 600 contacts, each with a company; every other one a customer with a stored score (6 score blocks).
      await contactStoreOf(big).restore(Array.from({ length: 600 }, (_, i) => contact(i + 1, { companyId: 1 + (i % 10), stage: i % 2 ? 'customer' : 'lead' })));
      await storedScores(big).bulkPut(Array.from({ length: 300 }, (_, i) => ({ contactId: 2 * i + 2, score: i % 100, band: 'low' as const, at: 1, basis: 'b', history: [] })));
      requests.length = 0;
    });
    afterEach(async () => {
      big.close();
      await big.delete();
    });

    it('reads every score of the rest in one request, and asks for all its ranges of contacts at once', async () => {
      const dexie = contactStoreOf(big);
      const list = dexie.list.bind(dexie);
      let running = 0;
      let most = 0;
      const spy = vi.spyOn(dexie, 'list').mockImplementation(async (options) => {
        most = Math.max(most, ++running);
        try {
          return await list(options);
        } finally {
          running--;
        }
      });
      let releaseRest!: () => void;
      const rest = new Promise<void>((resolve) => (releaseRest = resolve));
      const paged = new WorkspaceStore(big, 5, { firstPage: 60, page: 60, beforeRest: () => rest });
      const firstShown = new Promise<void>((resolve) => paged.subscribe(resolve));
      const started = paged.start();
      try {
        await firstShown;
        requests.length = 0;
        most = 0;
        releaseRest();
        await started;
        const snap = paged.snapshot()!;
        expect(snap.contacts).toHaveLength(600);
        expect(snap.byId.get(600)!.risk).toBe(99);
        expect(snap.byId.get(599)!.score).toBeUndefined();
        // Scores: one range read of the blocks past the first page (the old read asked per range of contacts: 9).
        expect(requests.filter((r) => r.table === 'scoreBlocks')).toHaveLength(1);
        // The 9 ranges of 60 ids were all asked for at once (the old read had two at a time).
        expect(most).toBe(9);
      } finally {
        paged.stop();
        spy.mockRestore();
      }
    });

    it('lists each row read as it was read: its company and score put on it, no copy per contact', async () => {
      const dexie = contactStoreOf(big);
      const [page, list] = [dexie.page.bind(dexie), dexie.list.bind(dexie)];
      const read = new Map<number, Contact>();
      const seen = (rows: Contact[]) => (rows.forEach((row) => read.set(row.id, row)), rows);
      // The first page is read from the rows, the rest from the list pages.
      const spies = [
        vi.spyOn(dexie, 'page').mockImplementation(async (options) => seen(await page(options))),
        vi.spyOn(dexie, 'list').mockImplementation(async (options) => seen(await list(options))),
      ];
      const paged = new WorkspaceStore(big, 5, { firstPage: 60, page: 100 });
      try {
        await paged.start();
        const snap = paged.snapshot()!;
        expect(snap.contacts).toHaveLength(600);
        for (const c of snap.contacts) expect(c).toBe(read.get(c.id));
        expect(snap.byId.get(2)).toMatchObject({ companyName: 'Co 2', risk: 0 });
        // The lists' map and the snapshot's are one.
        expect(snap.contacts.every((c) => snap.byId.get(c.id) === c)).toBe(true);
        // A change is still a new object, without the stale score of a contact no longer scored.
        const [two, four] = [snap.byId.get(2), snap.byId.get(4)];
        const next = new Promise<void>((resolve) => {
          const off = paged.subscribe(() => (off(), resolve()));
        });
        await dexie.update(2, { stage: 'lead' });
        await next;
        const after = paged.snapshot()!.byId.get(2)!;
        expect(after).not.toBe(two);
        expect(after.risk).toBeUndefined();
        expect(after.score).toBeUndefined();
        expect(after.companyName).toBe('Co 2');
        expect(paged.snapshot()!.byId.get(4)).toBe(four);
      } finally {
        paged.stop();
        for (const spy of spies) spy.mockRestore();
      }
    });
  });

  it('reads the full list of N contacts as about N / 100 list pages: no row of contacts past the first page (issue 16)', async () => {
    // IndexedDB's cost is per record: 2,000 contacts (with gaps: 1,500 ids over 1–2,999, and 300 staged by an import)
    // are read as 32 list pages, not 1,740 rows.
    const big = createDb(`store-list-${++n}`);
    const requests: SeenRequest[] = [];
    watchRequests(big, (r) => requests.push(r));
    try {
      const dexie = contactStoreOf(big);
      await dexie.restore(Array.from({ length: 1500 }, (_, i) => contact(2 * i + 1, { custom: { plan: `P${i % 3}` } })));
      await dexie.addMany(
        Array.from({ length: 300 }, (_, i) => ({ ...contact(0), id: undefined, email: `s${i}@x.com` }) as unknown as Contact),
        { packed: true },
      );
      requests.length = 0;
      const paged = new WorkspaceStore(big, 5);
      await paged.start();
      paged.stop();
      const rowsOf = (table: string) => requests.filter((r) => r.table === table && r.op !== 'mutate' && r.values).reduce((sum, r) => sum + r.rows, 0);
      // The first page (60 rows) and the highest id (1 row); every other contact from its page.
      const [rows, pages, staged] = [rowsOf('contacts'), rowsOf('contactList'), rowsOf('contactStage')];
      const snap = paged.snapshot()!;
      expect(snap.contacts).toHaveLength(1800);
      expect(snap.contacts.map((c) => c.id)).toEqual((await dexie.all()).map((c) => c.id));
      expect(snap.byId.get(2999)).toMatchObject({ email: 'c2999@x.com', custom: { plan: 'P2' } });
      expect(rows).toBe(61);
      // 33 pages (blocks 0–32); the first page's rows (ids 1–119) end in block 1, where the rest starts.
      expect(pages).toBe(32);
      expect(staged).toBeLessThanOrEqual(4);
    } finally {
      big.close();
      await big.delete();
    }
  });

  it('reads single keys from an interval tree, and null for a range', () => {
    const leaf = (k: number) => ({ from: k, to: k, d: 1 });
    expect(keysOfRangeTree({ ...leaf(5), l: leaf(2), r: leaf(9), d: 2 })).toEqual([2, 5, 9]);
    expect(keysOfRangeTree({ from: 1, to: 100, d: 1 })).toBeNull();
    expect(keysOfRangeTree({ d: 0 })).toEqual([]);
  });
});
