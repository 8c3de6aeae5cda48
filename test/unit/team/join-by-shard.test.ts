// Joining a big team: each shard is merged and written into the local book as soon as it holds the server's state
// (not once all have), never before; and the sync events the join itself brought in are not pulled a second time.
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { contactStoreOf } from '../../../lib/contacts/dexie-store';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import { shardName } from '../../../lib/team/book-doc';
import { BookSync, FIRST_WRITE } from '../../../lib/team/book-sync';
import { CONTACT_SHARDS, LOADED_AT_ONCE } from '../../../lib/team/documents';
import { startTeamBridge, type TeamBridge, type TeamBridgeOptions } from '../../../lib/team/bridge';
import { listConflicts } from '../../../lib/team/conflicts';
import { TEAM_JOINED } from '../../../lib/team/outbox';
import { person } from '../contacts/store-contract';
import { joining, replica, until } from './replicas';

let n = 0;
const bridges: TeamBridge[] = [];
const dbs: KizunaDb[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const b of bridges.splice(0)) (b.stop(), await b.idle());
  for (const db of dbs.splice(0)) await db.delete();
});

function localBook(name: string): KizunaDb {
  const db = createDb(`join-${name}-${++n}`);
  dbs.push(db);
  return db;
}

/** An email in the shard `shard`, the first of `prefix0`, `prefix1`, … that falls there. */
function emailIn(shard: string, prefix: string): string {
  for (let i = 0; ; i++) if (shardName(`${prefix}${i}@acme.example`) === shard) return `${prefix}${i}@acme.example`;
}

/** Ann's team book (her bridge ran: the documents hold her contacts), and a server that hands it out one document at a time. */
async function teamOf(emails: { email: string; owner: string }[]) {
  const docs = replica();
  const db = localBook('Ann');
  await contactStoreOf(db).addMany(emails.map((e) => person(e.email, { owner: e.owner })));
  const bridge = startTeamBridge({ docs, memberName: 'Ann', readOnly: false, db });
  bridges.push(bridge);
  await bridge.ready;
  await bridge.idle();
  return docs;
}

/** Ben's bridge joining through `server` (the team's documents, each delivered by the test), with `options` over the defaults. */
function benJoins(server: ReturnType<typeof joining>, db: KizunaDb, options: Partial<TeamBridgeOptions> = {}): TeamBridge {
  const bridge = startTeamBridge({ docs: server.docs, memberName: 'Ben', readOnly: false, db, firstSync: server.firstSync, ...options });
  bridges.push(bridge);
  return bridge;
}

/** The bridge follows the documents and has started joining (it marks the book joined first). */
const joinStarted = (db: KizunaDb) => until(async () => (await db.contactMeta.get(TEAM_JOINED)) !== undefined, 'the join to start');

describe('joining a team shard by shard', { timeout: 30_000 }, () => {
  it('reads the local book while it waits for the team’s book document, and joins it whole when the documents arrive', async () => {
    const emails = ['contacts-00', 'contacts-05', 'contacts-11'].map((shard, i) => emailIn(shard, `mine${i}-`));
    const team = await teamOf([{ email: emailIn('contacts-03', 'team'), owner: 'ann' }]);
    const db = localBook('Ben');
    const store = contactStoreOf(db);
    await store.addMany(emails.map((email) => person(email, { owner: 'ben' })));
    // The local book's read ends with its tasks (BookSync.localByShard), which nothing else in a join reads before the end.
    const tasksRead = vi.spyOn(db.tasks, 'toArray');
    const server = joining(team);
    const bridge = benJoins(server, db);
    await joinStarted(db);
    // Nothing has come from the server yet.
    await until(() => tasksRead.mock.calls.length > 0, 'the local book read before the book document has synced', 5_000);
    for (const name of server.docs.keys()) server.deliver(name);
    await bridge.ready;
    expect(tasksRead).toHaveBeenCalledTimes(1);
    expect(await store.count()).toBe(4);
    for (const email of emails) expect(server.docs.get(shardName(email))!.getMap('contacts').get(`${email}\u241fowner`)).toBe('ben');
  });

  it('writes a synced shard’s contacts at once, before another shard has synced, and merges that one only once it has', async () => {
    // The first shard the join asks for (it asks for the others once that one's first write has committed).
    const [early, late] = ['contacts-00', 'contacts-11'];
    const first = emailIn(early, 'first');
    const dana = emailIn(late, 'dana');
    const team = await teamOf([
      { email: first, owner: 'ann' },
      { email: dana, owner: 'ann' },
    ]);
    const db = localBook('Ben');
    const store = contactStoreOf(db);
    await store.add(person(dana, { owner: 'ben' }));
    const server = joining(team);
    const bridge = benJoins(server, db);
    let ready = false;
    void bridge.ready.then(() => (ready = true));
    await joinStarted(db);

    server.deliver('book');
    server.deliver(early);
    await until(async () => (await store.byEmail(first)) !== undefined, 'the synced shard’s contact in the local book');
    expect((await store.byEmail(first))?.owner).toBe('ann');
    // The other shard has not heard from the server: Ben's contact there is not merged into it yet, nor listed.
    expect(ready).toBe(false);
    expect(server.docs.get(late)!.getMap('contacts').size).toBe(0);
    expect(await listConflicts(db)).toEqual([]);

    for (const name of server.docs.keys()) if (name !== 'book' && name !== early) server.deliver(name);
    await bridge.ready;
    // Merged against the server's state: the team's value kept, the difference listed.
    expect((await store.byEmail(dana))?.owner).toBe('ann');
    expect(await listConflicts(db)).toEqual([expect.objectContaining({ key: dana, field: 'owner', local: 'ben', team: 'ann' })]);
  });

  it('pulls each contact once: the sync events that arrived during the join are not pulled again after it', async () => {
    const emails = Array.from({ length: 40 }, (_, i) => ({ email: `p${i}@acme.example`, owner: 'ann' }));
    const team = await teamOf(emails);
    const db = localBook('Ben');
    const pulls = vi.spyOn(BookSync.prototype as unknown as { pullNow: (keys: readonly string[]) => Promise<void> }, 'pullNow');
    const server = joining(team);
    const bridge = benJoins(server, db);
    await joinStarted(db);
    // Each delivery is a remote change the bridge hears about while the join runs.
    for (const name of server.docs.keys()) server.deliver(name);
    await bridge.ready;
    await until(async () => (await contactStoreOf(db).count()) === emails.length, 'every contact in the local book');
    // The sync events' pull is queued from a timer (one pull per burst): let a pending timer fire, then wait for it.
    await new Promise((r) => setTimeout(r, 0));
    await bridge.idle();
    const pulled = pulls.mock.calls.flatMap(([keys]) => keys);
    expect(pulled.sort()).toEqual(emails.map((e) => e.email).sort());
  });

  it('adds the first shard’s new contacts in one write, then those of the shards loaded meanwhile together, with no read per contact, when the local book is empty', async () => {
    const emails = Array.from({ length: 60 }, (_, i) => ({ email: `p${i}@acme.example`, owner: 'ann' }));
    const team = await teamOf(emails);
    const db = localBook('Ben');
    const store = contactStoreOf(db);
    const byEmails = vi.spyOn(store, 'byEmails');
    const addMany = vi.spyOn(store, 'addMany');
    const server = joining(team);
    const bridge = benJoins(server, db);
    await joinStarted(db);
    for (const name of server.docs.keys()) server.deliver(name);
    await bridge.ready;
    expect(await store.count()).toBe(emails.length);
    // (The tasks' pull asks for the contacts of its tasks: none here.)
    expect(byEmails.mock.calls.flatMap(([keys]) => keys)).toEqual([]);
    const shards = new Set(emails.map((e) => shardName(e.email)));
    // Every shard synced at once: the first to sync alone (its rows show sooner), then those loaded by each write
    // together (at most LOADED_AT_ONCE are loaded at a time: the join's memory peak), not one write each.
    const perWrite = addMany.mock.calls.map(([list]) => new Set(list.map((c) => shardName(c.email))).size);
    expect(perWrite[0]).toBe(1);
    expect(Math.max(...perWrite)).toBeLessThanOrEqual(LOADED_AT_ONCE);
    expect(perWrite.reduce((a, b) => a + b)).toBe(shards.size);
    expect(perWrite.length).toBeLessThan(shards.size);
    expect(addMany.mock.calls.flatMap(([list]) => list.map((c) => c.email)).sort()).toEqual(emails.map((e) => e.email).sort());
  });

  it('asks for no other shard until the first shard’s first write, of at most FIRST_WRITE contacts, has committed', async () => {
    const emails = Array.from({ length: 80 }, (_, i) => ({ email: `p${i}@acme.example`, owner: 'ann' }));
    const team = await teamOf(emails);
    const db = localBook('Ben');
    const addMany = vi.spyOn(contactStoreOf(db), 'addMany');
    // Each ask with the contacts stored by then: a read made at the ask runs after any write made before it.
    const asked: { names: readonly string[]; stored: Promise<number> }[] = [];
    const server = joining(team);
    // Every document already holds the server's state: nothing but the join's own order decides what is asked for when.
    for (const name of server.docs.keys()) server.deliver(name);
    const bridge = benJoins(server, db, {
      loadShards: async (names) => void asked.push({ names, stored: db.contacts.count() }),
    });
    await bridge.ready;
    expect(await contactStoreOf(db).count()).toBe(emails.length);
    const first = emails.filter((e) => shardName(e.email) === 'contacts-00').map((e) => e.email);
    expect(first.length).toBeGreaterThan(0);
    // The first write: the first shard's contacts only, at most FIRST_WRITE of them.
    const [written] = addMany.mock.calls[0];
    expect(written.length).toBeLessThanOrEqual(FIRST_WRITE);
    expect(written.map((c) => c.email).sort()).toEqual(first.sort());
    // The first shard asked for alone; every other shard only after that write committed.
    const shardsAsked = await Promise.all(asked.map(async (a) => ({ names: a.names, stored: await a.stored })));
    expect(shardsAsked[0]).toEqual({ names: ['contacts-00'], stored: 0 });
    for (const later of shardsAsked.slice(1)) expect(later.stored).toBeGreaterThan(0);
    expect(new Set(shardsAsked.flatMap((a) => a.names)).size).toBe(CONTACT_SHARDS);
  });

  it('after the first write, writes nothing more and asks for no other shard until a page shows those rows', async () => {
    // More than one write's worth in the first shard, and a few contacts in others.
    const emails: { email: string; owner: string }[] = [];
    for (let i = 0; emails.length < 2 * FIRST_WRITE; i++) if (shardName(`p${i}@acme.example`) === 'contacts-00') emails.push({ email: `p${i}@acme.example`, owner: 'ann' });
    for (let i = 0; i < 40; i++) emails.push({ email: `q${i}@acme.example`, owner: 'ann' });
    const team = await teamOf(emails);
    const db = localBook('Ben');
    const addMany = vi.spyOn(contactStoreOf(db), 'addMany');
    const asked: string[] = [];
    const shown = Promise.withResolvers<string>();
    let questions = 0;
    const server = joining(team);
    for (const name of server.docs.keys()) server.deliver(name);
    const bridge = benJoins(server, db, {
      loadShards: async (names) => void asked.push(...names),
      firstRowsShown: () => (questions++, shown.promise),
    });
    try {
      await until(() => questions > 0, 'the join to ask whether a page shows its first rows');
      // Only the first write is in, and only the first shard was asked for.
      await new Promise((r) => setTimeout(r, 200));
      expect(addMany).toHaveBeenCalledTimes(1);
      expect(await db.contacts.count()).toBe(FIRST_WRITE);
      expect(asked).toEqual(['contacts-00']);
    } finally {
      shown.resolve('shown');
    }
    await bridge.ready;
    expect(await contactStoreOf(db).count()).toBe(emails.length);
    expect(new Set(asked).size).toBe(CONTACT_SHARDS);
    // Asked once a join, not once a write.
    expect(questions).toBe(1);
  });

  it('reads each shard’s new contacts out of its document in one pass, not with a lookup per field of each contact', async () => {
    const emails = Array.from({ length: 60 }, (_, i) => ({ email: `p${i}@acme.example`, owner: 'ann' }));
    const team = await teamOf(emails);
    const db = localBook('Ben');
    const server = joining(team);
    const gets = vi.spyOn(Y.Map.prototype, 'get');
    const bridge = benJoins(server, db);
    await joinStarted(db);
    for (const name of server.docs.keys()) server.deliver(name);
    await bridge.ready;
    expect(await contactStoreOf(db).count()).toBe(emails.length);
    expect((await contactStoreOf(db).byEmail(emails[7].email))?.owner).toBe('ann');
    // A lookup per field would be over ten per contact.
    expect(gets.mock.calls.length).toBeLessThan(emails.length);
  });

  it('reads one by one only the contacts the local book already has', async () => {
    const emails = Array.from({ length: 60 }, (_, i) => ({ email: `p${i}@acme.example`, owner: 'ann' }));
    const team = await teamOf(emails);
    const db = localBook('Ben');
    const store = contactStoreOf(db);
    const mine = [emails[3].email, emails[17].email];
    await store.addMany(mine.map((email) => person(email, { owner: 'ben' })));
    const byEmails = vi.spyOn(store, 'byEmails');
    const server = joining(team);
    const bridge = benJoins(server, db);
    await joinStarted(db);
    for (const name of server.docs.keys()) server.deliver(name);
    await bridge.ready;
    expect(await store.count()).toBe(emails.length);
    expect(byEmails.mock.calls.flatMap(([keys]) => keys).sort()).toEqual([...mine].sort());
    // Merged: the team's owner kept, the difference listed.
    expect((await store.byEmail(mine[0]))?.owner).toBe('ann');
  });

  it('writes a large shard in the pull’s own transaction: nothing of it goes back to the team as a local edit', async () => {
    // Enough contacts in one shard that a long run of awaits inside the pull's transaction would lose it.
    const emails: { email: string; owner: string }[] = [];
    for (let i = 0; emails.length < 400; i++) if (shardName(`big${i}@acme.example`) === 'contacts-05') emails.push({ email: `big${i}@acme.example`, owner: 'ann' });
    const team = await teamOf(emails);
    const db = localBook('Ben');
    const pushed = vi.spyOn(BookSync.prototype as unknown as { push: (rows: readonly { op: string }[]) => Promise<void> }, 'push');
    const server = joining(team);
    const bridge = benJoins(server, db);
    await joinStarted(db);
    for (const name of server.docs.keys()) server.deliver(name);
    await bridge.ready;
    await bridge.idle();
    expect(await contactStoreOf(db).count()).toBe(emails.length);
    expect(pushed.mock.calls.flatMap(([rows]) => rows).filter((row) => row.op === 'add')).toEqual([]);
    expect(await db.teamOutbox.count()).toBe(0);
  });
});
