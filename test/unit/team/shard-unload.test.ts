// The sync host unloads idle contact shards (issue 17: the extension's memory with 50,000 shared contacts) and loads
// one again for a local edit or when the server says it changed: a real team server on 127.0.0.1, the host with its
// y-indexeddb copies and bridge (fake-indexeddb), and another member as a plain Yjs client of every document.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startTeamServer, type TeamServer } from '../../../server/team-server';
import { db } from '../../../lib/db';
import { contactStoreOf } from '../../../lib/contacts/dexie-store';
import { CONTACT_SHARDS } from '../../../lib/team/documents';
import { SEP, shardName, TeamBook } from '../../../lib/team/book-doc';
import type { TeamHealth } from '../../../lib/team/config';
import { startTeamHost, type TeamHost } from '../../../lib/team/host';
import { otherMember } from './other-member';
import { until } from './replicas';
import { openTeamStore } from '../../../server/team-store';
import { freePort, spawnTeamServer } from '../../support/team-server-process';

const CONTACTS = 160;
const IDLE_MS = 300;
const dirs: string[] = [];
const servers: TeamServer[] = [];
const hosts: TeamHost[] = [];
const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.stop();
  // One extension database for the file: each test joins with an empty local book.
  await Promise.all(db.tables.map((t) => t.clear()));
  for (const c of cleanups.splice(0)) c();
  for (const s of servers.splice(0)) await s.stop().catch(() => {});
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const people = (n: number) => Array.from({ length: n }, (_, i) => `person${i}@company${i % 9}.example`);
const seed = (book: TeamBook, emails: readonly string[]) =>
  book.batch(() =>
    emails.forEach((email, i) =>
      book.put({ email, name: `Person ${i}`, stage: 'customer', owner: 'Ben', custom: {}, doNotContact: 0, createdAt: 1, tags: [] }, { at: 1, by: 'Ben' }, { create: true }),
    ),
  );

/** Y items held in these documents (each map entry, live or deleted, is one). */
const items = (docs: ReadonlyMap<string, Y.Doc>) => [...docs.values()].reduce((n, d) => n + [...d.store.clients.values()].reduce((m, list) => m + list.length, 0), 0);

describe('the sync host’s idle shards', { timeout: 120_000 }, () => {
  it('are unloaded after the join and after edits, and a change on either side still reaches the other', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kizuna-unload-'));
    dirs.push(dir);
    const s = await startTeamServer({ dataDir: dir, port: 0, debounce: 50, log: () => {} });
    servers.push(s);
    const ben = await otherMember({ url: s.url, teamId: s.store.teamId }, (await s.store.invite('Ben', 'member')).token, cleanups);
    const stamp = { at: 1, by: 'Ben' };
    const emails = Array.from({ length: CONTACTS }, (_, i) => `person${i}@company${i % 9}.example`);
    ben.book.batch(() =>
      emails.forEach((email, i) => ben.book.put({ email, name: `Person ${i}`, stage: 'customer', owner: 'Ben', custom: {}, doNotContact: 0, createdAt: 1, tags: [] }, stamp, { create: true })),
    );
    expect(new Set(emails.map(shardName)).size).toBe(CONTACT_SHARDS);
    await until(ben.sent, 'the team book on the server');

    const health: TeamHealth[] = [];
    const config = { serverUrl: s.url, token: (await s.store.invite('Ann', 'member')).token, teamId: s.store.teamId, memberName: 'Ann', joinedAt: Date.now() };
    const h = startTeamHost({ config, persist: true, unloadIdleAfter: IDLE_MS, healthInterval: 20, minDelay: 100, maxDelay: 300, writeHealth: (x) => void health.push(x), onLeft: () => {} });
    hosts.push(h);
    const store = contactStoreOf(db);
    await until(async () => (await store.count()) === CONTACTS, 'the join to store every contact', 60_000);

    // After the join: only `book` stays loaded, and the Y items held are a small part of the team's.
    await until(() => h.docs.size === 1, 'the idle shards unloaded', 30_000);
    expect([...h.docs.keys()]).toEqual(['book']);
    expect(items(h.docs)).toBeLessThan(items(ben.docs) / 20);
    // Health stays true for an unloaded shard: nothing pending, synced, marked idle.
    await until(() => Object.values(health.at(-1)?.shards ?? {}).filter((x) => x.idle).length === CONTACT_SHARDS, 'the health to say so');
    for (const shard of Object.values(health.at(-1)!.shards)) (expect(shard.pending).toBe(0), expect(shard.state).toBe('connected'));

    // Another member's edit to an unloaded shard reaches this browser's book (the server's "shard changed" wakes it).
    const theirs = emails[5];
    ben.book.put({ ...ben.book.get(theirs)!, name: 'Renamed by Ben' }, { at: 2, by: 'Ben' });
    await until(async () => (await store.byEmail(theirs))?.name === 'Renamed by Ben', 'Ben’s edit in the local book');

    // A local edit to an unloaded shard reaches the other member (the drain loads the shard first).
    const mine = emails.find((email) => shardName(email) !== shardName(theirs))!;
    await until(() => !h.docs.has(shardName(mine)) && !h.docs.has(shardName(theirs)), 'both shards idle again', 30_000);
    await store.update((await store.byEmail(mine))!.id, { name: 'Renamed by Ann' });
    const benShard = ben.docs.get(shardName(mine))!.getMap('contacts');
    await until(() => benShard.get(mine + SEP + 'name') === 'Renamed by Ann', 'Ann’s edit at Ben');

    // And after the edits, the shards go idle again.
    await until(() => h.docs.size === 1, 'the edited shards unloaded again', 30_000);
    expect(items(h.docs)).toBeLessThan(items(ben.docs) / 20);
    // Nothing was lost on the way: both books agree on every name.
    const names = new Map((await store.all()).map((c) => [c.email, c.name]));
    for (const email of emails) expect(names.get(email)).toBe(ben.book.get(email)!.name);
  });

  it('keeps an edit made offline to an unloaded shard, and both sides’ offline edits meet once the server is back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kizuna-unload-offline-'));
    dirs.push(dir);
    const store0 = openTeamStore(dir);
    const { teamId } = store0;
    const [annToken, benToken] = [store0.invite('Ann', 'member').token, store0.invite('Ben', 'member').token];
    store0.close();
    const port = await freePort();
    let server = await spawnTeamServer(dir, port);
    cleanups.push(() => void server.kill());
    const ben = await otherMember({ url: server.url, teamId }, benToken, cleanups);
    const emails = people(48);
    seed(ben.book, emails);
    await until(ben.sent, 'the team book on the server');
    const health: TeamHealth[] = [];
    const h = startTeamHost({
      config: { serverUrl: server.url, token: annToken, teamId, memberName: 'Ann', joinedAt: Date.now() },
      persist: true,
      unloadIdleAfter: IDLE_MS,
      healthInterval: 20,
      minDelay: 100,
      maxDelay: 300,
      writeHealth: (x) => void health.push(x),
      onLeft: () => {},
    });
    hosts.push(h);
    const store = contactStoreOf(db);
    await until(async () => (await store.count()) === emails.length, 'the join to store every contact', 60_000);
    await until(() => h.docs.size === 1, 'the idle shards unloaded', 30_000);

    await server.kill();
    await until(() => Object.values(health.at(-1)?.shards ?? {}).every((x) => x.state === 'offline'), 'every shard offline');
    const mine = emails[1];
    const theirs = emails.find((email) => shardName(email) !== shardName(mine))!;
    await store.update((await store.byEmail(mine))!.id, { name: 'Offline by Ann' });
    ben.book.put({ ...ben.book.get(theirs)!, name: 'Offline by Ben' }, { at: 2, by: 'Ben' });
    // The edit is in the shard, loaded for it from this browser's copy, and pending until the server has it.
    await until(
      () =>
        h.docs
          .get(shardName(mine))
          ?.getMap('contacts')
          .get(mine + SEP + 'name') === 'Offline by Ann',
      'the offline edit in its shard',
    );
    await until(() => (health.at(-1)?.shards[shardName(mine)]?.pending ?? 0) > 0, 'the offline edit pending');

    server = await spawnTeamServer(dir, port);
    const benShard = ben.docs.get(shardName(mine))!.getMap('contacts');
    await until(() => benShard.get(mine + SEP + 'name') === 'Offline by Ann', 'Ann’s offline edit at Ben', 30_000);
    await until(async () => (await store.byEmail(theirs))?.name === 'Offline by Ben', 'Ben’s offline edit in Ann’s book', 30_000);
    await until(() => h.docs.size === 1, 'the shards idle again', 30_000);
    expect(Object.values(health.at(-1)!.shards).every((x) => x.pending === 0)).toBe(true);
  });
});
