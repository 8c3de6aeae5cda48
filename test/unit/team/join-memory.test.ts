// Joining a big team holds a few contact shards in memory at once, not the whole book (issue 17: the extension page's
// peak with 50,000 shared contacts): each shard is unloaded as soon as its pull is written to the local book and the
// server has everything of it, without waiting for the idle sweep. A real team server on 127.0.0.1, the sync host with
// its y-indexeddb copies (fake-indexeddb), and another member as a plain Yjs client of every document.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HocuspocusProvider } from '@hocuspocus/provider';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { startTeamServer, type TeamServer } from '../../../server/team-server';
import { db } from '../../../lib/db';
import { contactStoreOf } from '../../../lib/contacts/dexie-store';
import { CONTACT_SHARDS, LOADED_AT_ONCE } from '../../../lib/team/documents';
import { SEP, shardName } from '../../../lib/team/book-doc';
import { localDocumentName, startTeamHost, type TeamHost } from '../../../lib/team/host';
import { person } from '../contacts/store-contract';
import { otherMember } from './other-member';
import { until } from './replicas';

const CONTACTS = 320;
const dirs: string[] = [];
const servers: TeamServer[] = [];
const hosts: TeamHost[] = [];
const cleanups: (() => void)[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const h of hosts.splice(0)) await h.stop();
  await Promise.all(db.tables.map((t) => t.clear()));
  for (const c of cleanups.splice(0)) c();
  for (const s of servers.splice(0)) await s.stop().catch(() => {});
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Counts the most contact shards the host held at once: every load puts the shard in `docs` (lib/team/host.ts). */
function countLoaded(h: TeamHost) {
  const docs = h.docs as Map<string, Y.Doc>;
  let most = [...docs.keys()].filter((name) => name !== 'book').length;
  const set = docs.set.bind(docs);
  docs.set = (name, doc) => {
    set(name, doc);
    most = Math.max(most, [...docs.keys()].filter((n) => n !== 'book').length);
    return docs;
  };
  return () => most;
}

describe('joining a big team', { timeout: 120_000 }, () => {
  it('holds at most a few shards at once, unloads each right after its pull, and edits on either side still cross', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kizuna-join-memory-'));
    dirs.push(dir);
    const s = await startTeamServer({ dataDir: dir, port: 0, debounce: 50, log: () => {} });
    servers.push(s);
    const ben = await otherMember({ url: s.url, teamId: s.store.teamId }, (await s.store.invite('Ben', 'member')).token, cleanups);
    const emails = Array.from({ length: CONTACTS }, (_, i) => `person${i}@company${i % 9}.example`);
    ben.book.batch(() =>
      emails.forEach((email, i) =>
        ben.book.put({ email, name: `Person ${i}`, stage: 'customer', owner: 'Ben', custom: {}, doNotContact: 0, createdAt: 1, tags: [] }, { at: 1, by: 'Ben' }, { create: true }),
      ),
    );
    expect(new Set(emails.map(shardName)).size).toBe(CONTACT_SHARDS);
    await until(ben.sent, 'the team book on the server');
    // Ann's book before joining: one contact the team has (merged into its shard), and some only she has (sent to it),
    // so that a shard is unloaded only once the server has acknowledged what the join wrote into it.
    const store = contactStoreOf(db);
    const hers = Array.from({ length: 24 }, (_, i) => `ann-only${i}@example.org`);
    await store.addMany([person(emails[0], { owner: 'Ann' }), ...hers.map((email) => person(email))]);

    const config = { serverUrl: s.url, token: (await s.store.invite('Ann', 'member')).token, teamId: s.store.teamId, memberName: 'Ann', joinedAt: Date.now() };
    // The idle sweep waits a minute: every unload in this test is the join's own.
    const h = startTeamHost({ config, persist: true, unloadIdleAfter: 60_000, healthInterval: 20, minDelay: 100, maxDelay: 300, writeHealth: () => {}, onLeft: () => {} });
    hosts.push(h);
    const most = countLoaded(h);
    await until(async () => (await store.count()) === CONTACTS + hers.length, 'the join to store every contact', 60_000);
    expect(most()).toBeGreaterThan(0);
    expect(most()).toBeLessThanOrEqual(LOADED_AT_ONCE);
    await until(() => h.docs.size === 1, 'every shard unloaded once the join is done', 20_000);
    // What Ann had alone reached the team, and the contact both had was merged.
    await until(() => hers.every((email) => ben.book.get(email) !== undefined), 'Ann’s contacts at Ben');
    expect(ben.book.get(emails[0])?.name).toBe('Person 0');

    // A local edit to a shard unloaded right after its join pull reaches the other member (the drain loads it again).
    const mine = emails[7];
    expect(h.docs.has(shardName(mine))).toBe(false);
    await store.update((await store.byEmail(mine))!.id, { name: 'Renamed by Ann' });
    const benShard = ben.docs.get(shardName(mine))!.getMap('contacts');
    await until(() => benShard.get(mine + SEP + 'name') === 'Renamed by Ann', 'Ann’s edit at Ben');
    // And the other member's edit to an unloaded shard lands in the local book (the server's "shard changed").
    const theirs = emails.find((email) => !h.docs.has(shardName(email)))!;
    ben.book.put({ ...ben.book.get(theirs)!, name: 'Renamed by Ben' }, { at: 2, by: 'Ben' });
    await until(async () => (await store.byEmail(theirs))?.name === 'Renamed by Ben', 'Ben’s edit in the local book');
  });

  it('asks the server for the first contact shard alone, with the book, and for the others once its first write has committed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kizuna-join-first-'));
    dirs.push(dir);
    const s = await startTeamServer({ dataDir: dir, port: 0, debounce: 50, log: () => {} });
    servers.push(s);
    const ben = await otherMember({ url: s.url, teamId: s.store.teamId }, (await s.store.invite('Ben', 'member')).token, cleanups);
    const emails = Array.from({ length: 160 }, (_, i) => `person${i}@company${i % 9}.example`);
    ben.book.batch(() =>
      emails.forEach((email, i) =>
        ben.book.put({ email, name: `Person ${i}`, stage: 'customer', owner: 'Ben', custom: {}, doNotContact: 0, createdAt: 1, tags: [] }, { at: 1, by: 'Ben' }, { create: true }),
      ),
    );
    await until(ben.sent, 'the team book on the server');
    const config = { serverUrl: s.url, token: (await s.store.invite('Ann', 'member')).token, teamId: s.store.teamId, memberName: 'Ann', joinedAt: Date.now() };
    const h = startTeamHost({ config, persist: true, unloadIdleAfter: 60_000, healthInterval: 20, minDelay: 100, maxDelay: 300, writeHealth: () => {}, onLeft: () => {} });
    hosts.push(h);
    // Each contact shard as it is loaded (and attached to the socket), with the contacts stored by then: a read made at
    // that moment runs after any write made before it.
    const loads: { name: string; stored: Promise<number> }[] = [];
    const docs = h.docs as Map<string, Y.Doc>;
    const set = docs.set.bind(docs);
    docs.set = (name, doc) => (name !== 'book' && loads.push({ name, stored: db.contacts.count() }), set(name, doc));
    await until(async () => (await contactStoreOf(db).count()) === emails.length, 'the join to store every contact', 60_000);
    const seen = await Promise.all(loads.map(async ({ name, stored }) => ({ name, stored: await stored })));
    expect(seen[0]).toEqual({ name: 'contacts-00', stored: 0 });
    expect(seen.slice(1).filter((load) => load.stored === 0)).toEqual([]);
    expect(new Set(seen.map((load) => load.name)).size).toBe(CONTACT_SHARDS);
  });

  it('opens the first contact shard’s local copy beside the book’s, and asks the server for it right after the book', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kizuna-join-first-open-'));
    dirs.push(dir);
    const s = await startTeamServer({ dataDir: dir, port: 0, debounce: 50, log: () => {} });
    servers.push(s);
    const config = { serverUrl: s.url, token: (await s.store.invite('Ann', 'member')).token, teamId: s.store.teamId, memberName: 'Ann', joinedAt: Date.now() };
    // In order: each team document's local copy opened (y-indexeddb opens its database in its constructor), each attached.
    const events: string[] = [];
    const open = indexedDB.open.bind(indexedDB);
    vi.spyOn(indexedDB, 'open').mockImplementation((name: string, version?: number) => {
      if (name.startsWith(localDocumentName(config.teamId, ''))) events.push(`open ${name.slice(localDocumentName(config.teamId, '').length)}`);
      return open(name, version);
    });
    const attach = HocuspocusProvider.prototype.attach;
    vi.spyOn(HocuspocusProvider.prototype, 'attach').mockImplementation(function (this: HocuspocusProvider) {
      events.push(`attach ${this.configuration.name.split('/')[1]}`);
      return attach.call(this);
    });
    const h = startTeamHost({ config, persist: true, unloadIdleAfter: 60_000, healthInterval: 20, minDelay: 100, maxDelay: 300, writeHealth: () => {}, onLeft: () => {} });
    hosts.push(h);
    await h.ready;
    await until(() => events.includes('attach contacts-00'), 'the first contact shard attached');
    expect(events.slice(0, 4)).toEqual(['open book', 'open contacts-00', 'attach book', 'attach contacts-00']);
  });

  it('opens again a few shards at a time too, and pulls what changed on the server while the page was closed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kizuna-join-memory-reopen-'));
    dirs.push(dir);
    const s = await startTeamServer({ dataDir: dir, port: 0, debounce: 50, log: () => {} });
    servers.push(s);
    const ben = await otherMember({ url: s.url, teamId: s.store.teamId }, (await s.store.invite('Ben', 'member')).token, cleanups);
    const emails = Array.from({ length: 160 }, (_, i) => `person${i}@company${i % 9}.example`);
    ben.book.batch(() =>
      emails.forEach((email, i) =>
        ben.book.put({ email, name: `Person ${i}`, stage: 'customer', owner: 'Ben', custom: {}, doNotContact: 0, createdAt: 1, tags: [] }, { at: 1, by: 'Ben' }, { create: true }),
      ),
    );
    await until(ben.sent, 'the team book on the server');
    const store = contactStoreOf(db);
    const config = { serverUrl: s.url, token: (await s.store.invite('Ann', 'member')).token, teamId: s.store.teamId, memberName: 'Ann', joinedAt: Date.now() };
    const open = () => startTeamHost({ config, persist: true, unloadIdleAfter: 60_000, healthInterval: 20, minDelay: 100, maxDelay: 300, writeHealth: () => {}, onLeft: () => {} });
    const first = open();
    await until(async () => (await store.count()) === emails.length, 'the join to store every contact', 60_000);
    await until(() => first.docs.size === 1, 'every shard unloaded once the join is done', 20_000);
    await first.stop();

    // While Ann's page is closed, Ben renames a contact in every shard.
    const renamed = [...new Map(emails.map((email) => [shardName(email), email])).values()];
    ben.book.batch(() => renamed.forEach((email) => ben.book.put({ ...ben.book.get(email)!, name: `Closed ${email}` }, { at: 2, by: 'Ben' })));
    await until(ben.sent, 'Ben’s edits on the server');

    const again = open();
    hosts.push(again);
    const most = countLoaded(again);
    for (const email of renamed) await until(async () => (await store.byEmail(email))?.name === `Closed ${email}`, `Ben’s edit of ${email} in the local book`, 30_000);
    await until(() => again.docs.size === 1, 'every shard unloaded once the pass is done', 20_000);
    expect(most()).toBeGreaterThan(0);
    expect(most()).toBeLessThanOrEqual(LOADED_AT_ONCE);
  });
});
