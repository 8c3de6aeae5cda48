// One member's edit on its way into another member's local book (issue 17: p50 ≤ 200 ms from an edit to the other
// member's side panel): no timer on the way, no re-read of what did not change, and a burst still batched.
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { contactStoreOf } from '../../../lib/contacts/dexie-store';
import { addTag } from '../../../lib/contacts/tags';
import { pullTasks } from '../../../lib/team/task-sync';
import { pullThreads } from '../../../lib/team/thread-sync';
import { pullPlaybooks } from '../../../lib/team/playbook-sync';
import { pullTemplates } from '../../../lib/team/template-sync';
import { saveTemplate } from '../../../lib/templates/store';
import { SEP, shardName } from '../../../lib/team/book-doc';
import type { Company } from '../../../lib/db/types';
import { person } from '../contacts/store-contract';
import * as Y from 'yjs';
import { link, replica, sync, teamMembers, until } from './replicas';

vi.mock('../../../lib/team/task-sync', async (original) => {
  const m = await original<typeof import('../../../lib/team/task-sync')>();
  return { ...m, pullTasks: vi.fn(m.pullTasks) };
});
vi.mock('../../../lib/team/thread-sync', async (original) => {
  const m = await original<typeof import('../../../lib/team/thread-sync')>();
  return { ...m, pullThreads: vi.fn(m.pullThreads) };
});

vi.mock('../../../lib/team/playbook-sync', async (original) => {
  const m = await original<typeof import('../../../lib/team/playbook-sync')>();
  return { ...m, pullPlaybooks: vi.fn(m.pullPlaybooks) };
});
vi.mock('../../../lib/team/template-sync', async (original) => {
  const m = await original<typeof import('../../../lib/team/template-sync')>();
  return { ...m, pullTemplates: vi.fn(m.pullTemplates) };
});

const member = teamMembers('live-update');

async function team() {
  const [docsA, docsB] = [replica(), replica()];
  link(docsA, docsB);
  const a = await member('Ann', docsA);
  const b = await member('Ben', docsB);
  return { a: { ...a, docs: docsA, store: contactStoreOf(a.db) }, b: { ...b, docs: docsB, store: contactStoreOf(b.db) } };
}

/** Polls with setImmediate: the test holds setTimeout. */
async function untilImmediate(check: () => Promise<boolean>, what: string) {
  const end = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

/** Follows every IndexedDB transaction made from now on (before a database opens: Dexie binds `transaction` as it opens). */
const idbTransactions = () => vi.spyOn(IDBDatabase.prototype, 'transaction');
/** The calls of `spy` made on this database's connection. */
const transactionsOf = (spy: ReturnType<typeof idbTransactions>, db: { name: string }) => spy.mock.calls.filter((_, i) => (spy.mock.contexts[i] as IDBDatabase).name === db.name);

const tagNamesOf = async (store: ReturnType<typeof contactStoreOf>, email: string) => {
  const c = await store.byEmail(email);
  return c ? (await store.tags.getMany(c.tags)).map((t) => t?.name) : [];
};

describe('a remote edit on its way into the local book', { timeout: 60_000 }, () => {
  beforeEach(() => {
    vi.mocked(pullTasks).mockClear();
    vi.mocked(pullThreads).mockClear();
    vi.mocked(pullPlaybooks).mockClear();
    vi.mocked(pullTemplates).mockClear();
  });
  afterEach(() => vi.useRealTimers());

  it('lands with no timer on the way: the pull starts as soon as the change arrives, not a task later', async () => {
    const { a, b } = await team();
    const id = await a.store.add(person('dana@acme.example'));
    await until(async () => !!(await b.store.byEmail('dana@acme.example')), 'the contact to reach Ben');
    await Promise.all([a.bridge.idle(), b.bridge.idle()]);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await addTag(a.db, id, 'Renewal');
    await untilImmediate(async () => (await tagNamesOf(b.store, 'dana@acme.example')).includes('Renewal'), 'the tag to reach Ben with timers held');
  });

  it('an edit of a contact already here re-reads no tasks or shared threads (each a scan of every shard); a contact new here does', async () => {
    const { a, b } = await team();
    const id = await a.store.add(person('dana@acme.example'));
    await until(async () => !!(await b.store.byEmail('dana@acme.example')), 'the contact to reach Ben');
    await b.bridge.idle();
    // Added here: a task or thread that waited for this contact is pulled now.
    expect(vi.mocked(pullTasks)).toHaveBeenCalled();
    expect(vi.mocked(pullThreads)).toHaveBeenCalled();
    vi.mocked(pullTasks).mockClear();
    vi.mocked(pullThreads).mockClear();
    await addTag(a.db, id, 'Renewal');
    await a.store.update(id, { owner: 'ann' });
    await until(async () => (await b.store.byEmail('dana@acme.example'))?.owner === 'ann', 'the edits to reach Ben');
    await b.bridge.idle();
    expect(await tagNamesOf(b.store, 'dana@acme.example')).toEqual(['Renewal']);
    expect(vi.mocked(pullTasks)).not.toHaveBeenCalled();
    expect(vi.mocked(pullThreads)).not.toHaveBeenCalled();
  });

  it('a new tag definition from the team is looked up alone, not with every tag the book has', async () => {
    const { a, b } = await team();
    const id = await a.store.add(person('dana@acme.example'));
    await a.store.tags.ensure(Array.from({ length: 40 }, (_, i) => `Tag ${i}`));
    await until(async () => (await b.db.tags.count()) === 40, 'the 40 tags to reach Ben');
    await b.bridge.idle();
    const where = vi.spyOn(b.db.tags, 'where');
    try {
      await addTag(a.db, id, 'Renewal');
      await until(async () => (await tagNamesOf(b.store, 'dana@acme.example')).includes('Renewal'), 'the tag to reach Ben');
      await b.bridge.idle();
      // The new tag's lookup (and the store's own, making it); before, one lookup per tag in the book (41).
      expect(where.mock.calls.length).toBeLessThan(10);
    } finally {
      where.mockRestore();
    }
  });

  it('a bulk tag of 1,000 contacts reaches the other member in a few document updates (one per document and drain), not one per contact', async () => {
    const { a, b } = await team();
    const ids = await a.store.addMany(Array.from({ length: 1000 }, (_, i) => person(`p${i}@acme.example`)));
    await until(async () => (await b.store.count()) === 1000, 'the contacts to reach Ben');
    await Promise.all([a.bridge.idle(), b.bridge.idle()]);
    const [tag] = await a.store.tags.ensure(['Q1 renewal']);
    let updates = 0;
    const count = (_update: Uint8Array, origin: unknown) => void (origin !== undefined && updates++);
    for (const doc of a.docs.values()) doc.on('update', count);
    try {
      await a.store.addToTag(tag.id, ids);
      await until(async () => {
        const local = (await b.db.tags.where('key').equals(tag.key).first())?.id;
        return local !== undefined && (await b.store.members(local)).length === 1000;
      }, 'the bulk tag to reach Ben');
      // 1,000 outbox rows are drained in two batches of at most 500, each one transaction per document touched (17).
      expect(updates).toBeGreaterThan(0);
      expect(updates).toBeLessThanOrEqual(2 * 17 + 1);
    } finally {
      for (const doc of a.docs.values()) doc.off('update', count);
    }
  });
  it('a new tag on a contact pulls no playbooks when no team playbook names it (their pull went before the contact’s)', async () => {
    const { a, b } = await team();
    const id = await a.store.add(person('dana@acme.example'));
    await until(async () => !!(await b.store.byEmail('dana@acme.example')), 'the contact to reach Ben');
    await b.bridge.idle();
    vi.mocked(pullPlaybooks).mockClear();
    await addTag(a.db, id, 'Renewal');
    await until(async () => (await tagNamesOf(b.store, 'dana@acme.example')).includes('Renewal'), 'the tag to reach Ben');
    await b.bridge.idle();
    expect(vi.mocked(pullPlaybooks)).not.toHaveBeenCalled();
  });

  it('a contact changed while the pull runs other kinds (a template, then playbooks) is pulled before the next kind, not after all', async () => {
    const { a, b } = await team();
    const id = await a.store.add(person('dana@acme.example'));
    await until(async () => !!(await b.store.byEmail('dana@acme.example')), 'the contact to reach Ben');
    await b.bridge.idle();
    // Ben's template pull is held until Ann's owner change has reached Ben's documents.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered = false;
    const real = vi.mocked(pullTemplates).getMockImplementation()!;
    vi.mocked(pullTemplates).mockImplementationOnce(async (...args) => {
      entered = true;
      await held;
      return real(...args);
    });
    let ownerWhenPlaybooksPulled: string | undefined;
    const realPlaybooks = vi.mocked(pullPlaybooks).getMockImplementation()!;
    vi.mocked(pullPlaybooks).mockImplementationOnce(async (...args) => {
      ownerWhenPlaybooksPulled = (await b.store.byEmail('dana@acme.example'))?.owner;
      return realPlaybooks(...args);
    });
    // A team template: Ben pulls templates, then playbooks (a playbook may name a team template).
    const saved = await saveTemplate(a.db, { name: 'Renewal', subject: 'Hi', body: 'Body', language: 'en', createdAt: 1, updatedAt: 1, team: crypto.randomUUID() });
    expect(saved.ok).toBe(true);
    await until(() => entered, 'Ben’s template pull to start');
    await a.store.update(id, { owner: 'ann' });
    await until(() => b.docs.get('book') !== undefined && [...b.docs.values()].some((d) => JSON.stringify(d.toJSON()).includes('"ann"')), 'the owner change to reach Ben’s documents');
    release();
    await until(async () => (await b.store.byEmail('dana@acme.example'))?.owner === 'ann', 'the owner change to land at Ben');
    await b.bridge.idle();
    expect(vi.mocked(pullPlaybooks)).toHaveBeenCalled();
    expect(ownerWhenPlaybooksPulled).toBe('ann');
  });

  it('a contact’s tags are looked up in one read of the tags, not one lookup per tag', async () => {
    const { a, b } = await team();
    const id = await a.store.add(person('dana@acme.example'));
    const tags = await a.store.tags.ensure(Array.from({ length: 30 }, (_, i) => `Tag ${i}`));
    for (const tag of tags) await a.store.addToTag(tag.id, [id]);
    await until(async () => (await tagNamesOf(b.store, 'dana@acme.example')).length === 30, 'the 30 tags to reach Ben');
    await b.bridge.idle();
    const where = vi.spyOn(b.db.tags, 'where');
    try {
      await a.store.update(id, { owner: 'ann' });
      await until(async () => (await b.store.byEmail('dana@acme.example'))?.owner === 'ann', 'the owner change to reach Ben');
      await b.bridge.idle();
      // Before: one lookup by key for each of the contact's 30 tags.
      expect(where.mock.calls.length).toBeLessThan(5);
    } finally {
      where.mockRestore();
    }
  });

  it('a remote edit of many contacts is written in a few transactions, not one or two per contact', async () => {
    const { a, b } = await team();
    const ids = await a.store.addMany(Array.from({ length: 50 }, (_, i) => person(`p${i}@acme.example`)));
    await until(async () => (await b.store.count()) === 50, 'the contacts to reach Ben');
    await Promise.all([a.bridge.idle(), b.bridge.idle()]);
    const transaction = vi.spyOn(b.db, 'transaction');
    try {
      await a.db.transaction('rw', a.store.tables, async () => {
        const [tag] = await a.store.tags.ensure(['Q1 renewal']);
        await a.store.addToTag(tag.id, ids);
        for (const id of ids) await a.store.update(id, { owner: 'ann' });
      });
      await until(async () => (await b.store.all()).every((c) => c.owner === 'ann' && c.tags.length === 1), 'the edits to reach Ben');
      await b.bridge.idle();
      // Before: an update and a tag write of their own for each of the 50 contacts (over 100 transactions).
      expect(transaction.mock.calls.length).toBeLessThan(40);
    } finally {
      transaction.mockRestore();
    }
  });

  it('a local edit leaves for the team after one read: the outbox row, its contact and that contact’s own tags, together', async () => {
    const transaction = idbTransactions();
    const { a, b } = await team();
    const id = await a.store.add(person('dana@acme.example'));
    await a.store.tags.ensure(Array.from({ length: 40 }, (_, i) => `Tag ${i}`));
    await until(async () => (await b.db.tags.count()) === 40, 'the 40 tags to reach Ben');
    await Promise.all([a.bridge.idle(), b.bridge.idle()]);
    transaction.mockClear();
    const wholeTable = vi.spyOn(a.db.tags, 'toArray');
    // Ann's IndexedDB transactions when the contact's update leaves her documents: her write, then what the drain read.
    let atSend = -1;
    const shard = a.docs.get(shardName('dana@acme.example'))!;
    const sent = () => void (atSend < 0 && (atSend = transactionsOf(transaction, a.db).length));
    shard.on('update', sent);
    try {
      await addTag(a.db, id, 'Renewal');
      await until(async () => (await tagNamesOf(b.store, 'dana@acme.example')).includes('Renewal'), 'the tag to reach Ben');
      // Before: the outbox rows, the new tag, the contact, every tag of the book and the company, each in a read of its own (6).
      expect(atSend).toBe(2);
      expect(wholeTable).not.toHaveBeenCalled();
    } finally {
      shard.off('update', sent);
      transaction.mockRestore();
      wholeTable.mockRestore();
    }
  });

  it('a new tag on a contact lands at the other member in one write, the tag with the contact', async () => {
    const transaction = idbTransactions();
    const { a, b } = await team();
    const id = await a.store.add(person('dana@acme.example'));
    await until(async () => !!(await b.store.byEmail('dana@acme.example')), 'the contact to reach Ben');
    await Promise.all([a.bridge.idle(), b.bridge.idle()]);
    transaction.mockClear();
    try {
      await addTag(a.db, id, 'Renewal');
      await until(async () => (await tagNamesOf(b.store, 'dana@acme.example')).includes('Renewal'), 'the tag to reach Ben');
      await b.bridge.idle();
      // Before: the tag's definition in a write of its own, then the contact (two commits, each re-read by the side panel).
      expect(transactionsOf(transaction, b.db).filter((call) => call[1] === 'readwrite')).toHaveLength(1);
    } finally {
      transaction.mockRestore();
    }
  });

  it('a new tag on a contact with a company reports no write of the companies at the other member (each page that lists contacts re-read them all)', async () => {
    const { a, b } = await team();
    const companyId = await a.db.companies.add({ domain: 'acme.example', name: 'Acme', fields: {} } as Company);
    const id = await a.store.add(person('dana@acme.example', { companyId }));
    await until(async () => (await b.store.byEmail('dana@acme.example'))?.companyId !== undefined, 'the contact and its company to reach Ben');
    await Promise.all([a.bridge.idle(), b.bridge.idle()]);
    const written: string[] = [];
    const onMutated = (parts: Record<string, unknown>) => written.push(...Object.keys(parts).filter((part) => part.startsWith(`idb://${b.db.name}/`)));
    Dexie.on('storagemutated', onMutated);
    try {
      await addTag(a.db, id, 'Renewal');
      await until(async () => (await tagNamesOf(b.store, 'dana@acme.example')).includes('Renewal'), 'the tag to reach Ben');
      await b.bridge.idle();
      expect(written.some((part) => part.startsWith(`idb://${b.db.name}/tagMembers/`))).toBe(true);
      // Before: the pull's look-up of the contact's company added an empty list of companies, which Dexie reports as a write.
      expect(written.filter((part) => part.startsWith(`idb://${b.db.name}/companies/`))).toEqual([]);
      expect(await b.db.companies.count()).toBe(1);
    } finally {
      Dexie.on('storagemutated').unsubscribe(onMutated);
    }
  });

  it('a tag new to the team that arrives before its contact (another document, relayed apart) is made by the contact’s pull, not in a write of its own', async () => {
    const { transaction, a, b, storeB, id, sent, docsB } = await danaOnBoth();
    try {
      await addTag(a.db, id, 'Renewal');
      await until(() => sent.some(([name]) => name !== 'book'), 'Ann’s update of the contact');
      const relay = (book: boolean) => sent.filter(([name]) => (name === 'book') === book).forEach(([name, update]) => Y.applyUpdate(docsB.get(name)!, update));
      relay(true);
      await b.bridge.idle();
      const beforeContact = transactionsOf(transaction, b.db).filter((call) => call[1] === 'readwrite').length;
      relay(false);
      await until(async () => (await tagNamesOf(storeB, 'dana@acme.example')).includes('Renewal'), 'the tag to reach Ben');
      await b.bridge.idle();
      // Before: the tag's definition was written as it arrived, and the contact's pull waited behind that write.
      expect(beforeContact).toBe(0);
      expect(transactionsOf(transaction, b.db).filter((call) => call[1] === 'readwrite')).toHaveLength(1);
      const [mine, theirs] = await Promise.all([a.db.tags.where('key').equals('renewal').first(), b.db.tags.where('key').equals('renewal').first()]);
      expect(theirs?.color).toBe(mine?.color);
    } finally {
      transaction.mockRestore();
    }
  });

  it('the 2 s poll drains only an outbox with rows: a poll of an empty one reads none of the contacts’ tables (a pull waited behind that read)', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const transaction = idbTransactions();
    const { a } = await team();
    const [tag] = await a.store.tags.ensure(['Renewal']);
    await until(async () => (await a.db.teamOutbox.count()) === 0, 'the tag’s outbox row to be drained');
    await a.bridge.idle();
    transaction.mockClear();
    const scopes = () => transactionsOf(transaction, a.db).map(([stores]) => [stores].flat());
    for (let poll = 0; poll < 3; poll++) {
      vi.advanceTimersByTime(2000);
      await until(() => scopes().length > poll, 'the poll’s peek at the outbox');
      await a.bridge.idle();
    }
    // Before: each poll queued a drain, whose read spans the outbox, the contacts' tables, tags and companies.
    expect(scopes()).toEqual([['teamOutbox'], ['teamOutbox'], ['teamOutbox']]);
    // A row whose change event was missed (written past Dexie: no event) is still drained by the next poll.
    a.docs.get('book')!.getMap('tags').delete(`renewal${SEP}color`);
    await a.bridge.idle();
    await new Promise<void>((resolve, reject) => {
      const tx = a.db.backendDB().transaction('teamOutbox', 'readwrite');
      tx.objectStore('teamOutbox').add({ op: 'tag', tagId: tag.id });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    vi.advanceTimersByTime(2000);
    await until(async () => (await a.db.teamOutbox.count()) === 0, 'the poll to drain the row');
    await a.bridge.idle();
    expect(a.docs.get('book')!.getMap('tags').get(`renewal${SEP}color`)).toBe(tag.color);
  });

  it('a poll that comes between a new tag’s definition and its contact’s change makes no write of the tag alone', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { transaction, a, b, storeB, id, sent, docsB } = await danaOnBoth();
    try {
      await addTag(a.db, id, 'Renewal');
      await until(() => sent.some(([name]) => name !== 'book'), 'Ann’s update of the contact');
      const relay = (book: boolean) => sent.filter(([name]) => (name === 'book') === book).forEach(([name, update]) => Y.applyUpdate(docsB.get(name)!, update));
      relay(true);
      await b.bridge.idle();
      // Ben's poll ticks now, the contact's change still on its way.
      vi.advanceTimersByTime(2000);
      await b.bridge.idle();
      const beforeContact = transactionsOf(transaction, b.db).filter((call) => call[1] === 'readwrite').length;
      relay(false);
      await until(async () => (await tagNamesOf(storeB, 'dana@acme.example')).includes('Renewal'), 'the tag to reach Ben');
      await b.bridge.idle();
      // Before: that poll made the tag in a write of its own (two commits, each re-read by the side panel).
      expect(beforeContact).toBe(0);
      expect(transactionsOf(transaction, b.db).filter((call) => call[1] === 'readwrite')).toHaveLength(1);
    } finally {
      transaction.mockRestore();
    }
  });

  it('a tag new to the team that no contact carries is made by a poll that finds it still waiting (the second after it came)', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { a, b } = await team();
    await a.store.tags.ensure(['Lonely']);
    await until(() => b.docs.get('book')!.getMap('tags').size > 0, 'the tag’s definition to reach Ben’s documents');
    await b.bridge.idle();
    vi.advanceTimersByTime(2000);
    await b.bridge.idle();
    expect(await b.db.tags.where('key').equals('lonely').count()).toBe(0);
    vi.advanceTimersByTime(2000);
    await until(async () => (await b.db.tags.where('key').equals('lonely').count()) === 1, 'the tag to be made at Ben’s second poll');
  });
});

/**
 * Ann and Ben sharing Dana (made by Ann, synced to Ben, both bridges idle), with IndexedDB's transactions counted from
 * now and Ann's document updates collected, not relayed: a test relays them to Ben's documents itself.
 */
async function danaOnBoth() {
  const transaction = idbTransactions();
  const [docsA, docsB] = [replica(), replica()];
  const a = await member('Ann', docsA);
  const b = await member('Ben', docsB);
  const [storeA, storeB] = [contactStoreOf(a.db), contactStoreOf(b.db)];
  const id = await storeA.add(person('dana@acme.example'));
  const shard = docsA.get(shardName('dana@acme.example'))!;
  await until(() => shard.getMap('contacts').size > 0, 'the contact in Ann’s documents');
  sync(docsA, docsB);
  await until(async () => !!(await storeB.byEmail('dana@acme.example')), 'the contact to reach Ben');
  await Promise.all([a.bridge.idle(), b.bridge.idle()]);
  const sent: [string, Uint8Array][] = [];
  for (const [name, doc] of docsA) doc.on('update', (update: Uint8Array) => void sent.push([name, update]));
  transaction.mockClear();
  return { transaction, a, b, storeB, id, sent, docsB };
}
