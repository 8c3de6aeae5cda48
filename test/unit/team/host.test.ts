// The sync host against a real team server on 127.0.0.1 (Node's WebSocket, fake-indexeddb): it
// connects every document, reports health, leaves the team on a lasting refusal, counts edits made
// offline as pending, and reports the reconnection once they are through.
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { startTeamServer, type TeamServer } from '../../../server/team-server';
import { openTeamStore } from '../../../server/team-store';
import { freePort, spawnTeamServer } from '../../support/team-server-process';
import { teamDocumentNames, type TeamConfig, type TeamHealth } from '../../../lib/team/config';
import { TeamBook } from '../../../lib/team/book-doc';
import { ATTACHED_AT_ONCE, startTeamHost, type LastingRefusal, type TeamHost } from '../../../lib/team/host';
import { db } from '../../../lib/db';
import { contactStoreOf } from '../../../lib/contacts/dexie-store';
import { otherMember } from './other-member';

const dirs: string[] = [];
const servers: TeamServer[] = [];
const hosts: TeamHost[] = [];
const cleanups: (() => void)[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const h of hosts.splice(0)) await h.stop();
  for (const c of cleanups.splice(0)) c();
  for (const s of servers.splice(0)) await s.stop().catch(() => {});
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const dataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'kizuna-host-'));
  dirs.push(dir);
  return dir;
};
const start = async (dir: string, port = 0) => {
  const s = await startTeamServer({ dataDir: dir, port, debounce: 50, log: () => {} });
  servers.push(s);
  return s;
};

/** Waits for a condition the server or the host brings about (no fixed sleep). */
const until = async (check: () => boolean, what: string, ms = 30_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

const configFor = (s: TeamServer, token: string): TeamConfig => ({ serverUrl: s.url, token, teamId: s.store.teamId, memberName: 'Ann', joinedAt: Date.now() });

function host(config: TeamConfig, extra: { persist?: boolean; onPassDone?: () => void } = {}) {
  const written: TeamHealth[] = [];
  const left: LastingRefusal[] = [];
  const h = startTeamHost({
    config,
    persist: extra.persist ?? false,
    healthInterval: 20,
    minDelay: 100,
    maxDelay: 300,
    writeHealth: (health) => void written.push(health),
    onLeft: (reason) => void left.push(reason),
    onPassDone: extra.onPassDone,
  });
  hosts.push(h);
  const last = () => written.at(-1);
  const states = () => new Set(Object.values(last()?.shards ?? {}).map((s) => s.state));
  return { h, written, left, last, states };
}

/** Another member's client on one document, to see what reached the server. */
function peer(url: string, name: string, token: string) {
  const doc = new Y.Doc();
  const websocketProvider = new HocuspocusProviderWebsocket({ url });
  const provider = new HocuspocusProvider({ websocketProvider, name, token, document: doc });
  provider.attach();
  cleanups.push(() => (provider.destroy(), websocketProvider.destroy()));
  return doc;
}

describe('the sync host', { timeout: 90_000 }, () => {
  it('connects every document of the team and reports it synced, with nothing pending', async () => {
    const s = await start(dataDir());
    const t = host(configFor(s, (await s.store.invite('Ann', 'member')).token));
    await until(() => t.states().size === 1 && t.states().has('connected'), 'every shard connected');
    const shards = t.last()!.shards;
    expect(Object.keys(shards).sort()).toEqual(teamDocumentNames().sort());
    await until(() => Object.values(t.last()!.shards).every((sh) => sh.pending === 0 && sh.lastSyncedAt !== undefined), 'every shard synced');
    expect(t.last()!.scope).toBe('read-write');
    expect(t.last()!.log).toEqual([]);
    // Its documents are the server's: an edit reaches another member.
    const other = peer(s.url, `${s.store.teamId}/contacts-03`, (await s.store.invite('Ben', 'member')).token);
    t.h.docs.get('contacts-03')!.getMap('contacts').set('a@a.example\u241fname', 'Aiko');
    await until(() => other.getMap('contacts').get('a@a.example\u241fname') === 'Aiko', 'the edit at the other member');
  });

  it('says when the bridge’s first pass (the join) is done, once: the page then asks the background to file what a big join staged', async () => {
    const s = await start(dataDir());
    const ben = await otherMember({ url: s.url, teamId: s.store.teamId }, (await s.store.invite('Ben', 'member')).token, cleanups);
    ben.book.put({ email: 'dana@acme.example', name: 'Dana', stage: 'customer', owner: 'Ben', custom: {}, doNotContact: 0, createdAt: 1, tags: [] }, { at: 1, by: 'Ben' }, { create: true });
    await until(ben.sent, 'the team book on the server');
    const stored = async () => (await contactStoreOf(db).byEmail('dana@acme.example')) !== undefined;
    let passes = 0;
    let storedAtPass: Promise<boolean> | undefined;
    host(configFor(s, (await s.store.invite('Ann', 'member')).token), { onPassDone: () => ((passes += 1), (storedAtPass ??= stored())) });
    await until(() => passes > 0, 'the first pass to be done');
    // The join's contacts are written by then.
    expect(await storedAtPass).toBe(true);
    expect(passes).toBe(1);
  });

  it('asks the server for a few documents at once, the book first, and for the next one as one has synced', async () => {
    const s = await start(dataDir());
    // Each document's first answer is awaited before the next is asked for beyond the first few: were all asked at once,
    // their decoding would hold up the first shard's contacts (bench/team.ts, "usable").
    const attached: { name: string; waiting: number }[] = [];
    const synced = new Set<string>();
    const attach = HocuspocusProvider.prototype.attach;
    vi.spyOn(HocuspocusProvider.prototype, 'attach').mockImplementation(function (this: HocuspocusProvider) {
      const name = this.configuration.name;
      if (!this.isAttached) {
        this.on('synced', () => synced.add(name));
        attached.push({ name, waiting: attached.length - synced.size });
      }
      return attach.call(this);
    });
    const t = host(configFor(s, (await s.store.invite('Ann', 'member')).token));
    await until(() => synced.size === teamDocumentNames().length, 'every document synced');
    expect(attached.map((a) => a.name.split('/')[1])).toEqual(teamDocumentNames());
    expect(Math.max(...attached.map((a) => a.waiting))).toBeLessThan(ATTACHED_AT_ONCE);
    await until(() => t.states().size === 1 && t.states().has('connected'), 'every shard connected');
  });

  it('starts the bridge once for a member: the server’s first answer restarts it only when the access differs (a viewer)', async () => {
    const s = await start(dataDir());
    // Each bridge's sync follows its own TeamBook (BookSync.start calls onChange once): the books followed, counted here
    // (a book another test's host is still tearing down is never followed again).
    const followed = vi.spyOn(TeamBook.prototype, 'onChange');
    const books = () => new Set(followed.mock.contexts).size;
    let passes = 0;
    host(configFor(s, (await s.store.invite('Ann', 'member')).token), { onPassDone: () => void (passes += 1) });
    await until(() => passes > 0, 'the member’s join to be done');
    expect(books()).toBe(1);
    let viewerPasses = 0;
    const viewer = host(configFor(s, (await s.store.invite('Vic', 'viewer')).token), { onPassDone: () => void (viewerPasses += 1) });
    await until(() => viewer.last()?.scope === 'readonly' && viewerPasses > 0, 'the viewer’s read-only join');
    // The viewer's bridge, started as a member's (no scope known yet), and again read-only.
    expect(books()).toBe(3);
  });

  it('tells a viewer’s read-only scope', async () => {
    const s = await start(dataDir());
    const t = host(configFor(s, (await s.store.invite('Vic', 'viewer')).token));
    await until(() => t.last()?.scope === 'readonly', 'the read-only scope');
    expect(t.last()!.role).toBe('viewer');
    expect(t.last()!.log.map((e) => e.code)).toEqual(['read-only']);
  });

  it('leaves the team when the server refuses a removed member, saying why, and stops', async () => {
    const s = await start(dataDir());
    const ann = await s.store.invite('Ann', 'member');
    await s.store.remove(ann.member.id);
    const t = host(configFor(s, ann.token));
    await until(() => t.left.length > 0, 'the member to leave');
    expect(t.left).toEqual(['member-removed']);
    expect(t.states().has('refused')).toBe(true);
    expect(t.last()!.log.filter((e) => e.code === 'member-removed')).toHaveLength(1);
    const count = t.written.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(t.written.length).toBe(count);
  });

  it('refuses a forged token as lasting (token-unknown), saying so', async () => {
    const s = await start(dataDir());
    const real = (await s.store.invite('Ann', 'member')).token;
    const forged = real.slice(0, -4) + (real.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    const t = host(configFor(s, forged));
    await until(() => t.left.length > 0, 'the member to leave');
    expect(t.left).toEqual(['token-unknown']);
    expect(t.last()!.log[0]!.code).toBe('token-unknown');
  });

  it('goes offline when the server dies, counts edits as pending, and reconnects with them', async () => {
    const dir = dataDir();
    const store = openTeamStore(dir);
    const { teamId } = store;
    const token = store.invite('Ann', 'member').token;
    const benToken = store.invite('Ben', 'member').token;
    store.close();
    const port = await freePort();
    let server = await spawnTeamServer(dir, port);
    cleanups.push(() => void server.kill());
    const t = host({ serverUrl: server.url, token, teamId, memberName: 'Ann', joinedAt: Date.now() });
    await until(() => t.states().size === 1 && t.states().has('connected'), 'every shard connected');
    await server.kill();
    await until(() => t.states().size === 1 && t.states().has('offline'), 'every shard offline');
    expect(t.last()!.log[0]!.code).toBe('server-unreachable');
    const since = t.last()!.shards['contacts-07']!.since!;
    expect(since).toBeGreaterThan(0);

    t.h.docs.get('contacts-07')!.getMap('contacts').set('b@b.example\u241fstage', 'customer');
    await until(() => t.last()!.shards['contacts-07']!.pending > 0, 'the offline edit to be pending');
    expect(t.last()!.shards['contacts-07']!.state).toBe('offline');
    // Retrying does not add a log line per attempt, and the outage keeps its start.
    await new Promise((r) => setTimeout(r, 500));
    expect(t.last()!.log.filter((e) => e.code === 'server-unreachable')).toHaveLength(1);
    expect(t.last()!.shards['contacts-07']!.since).toBe(since);

    server = await spawnTeamServer(dir, port);
    await until(() => t.states().size === 1 && t.states().has('connected') && t.last()!.shards['contacts-07']!.pending === 0, 'reconnected with nothing pending');
    expect(t.last()!.log.map((e) => e.code)).toEqual(['reconnected', 'server-unreachable']);
    const other = peer(server.url, `${teamId}/contacts-07`, benToken);
    await until(() => other.getMap('contacts').get('b@b.example\u241fstage') === 'customer', 'the offline edit at the other member');
  });

  it('keeps the documents in IndexedDB: an edit made with no server is there after the host is reopened', async () => {
    const config: TeamConfig = { serverUrl: 'ws://127.0.0.1:9', token: 'kzn1_abcdefghij_x', teamId: 'abcdefghij', memberName: 'Ann', joinedAt: 1 };
    const first = host(config, { persist: true });
    await first.h.ready;
    first.h.docs.get('book')!.getMap('tags').set('renewal', 'Renewal 2027');
    await first.h.stop();
    const second = host(config, { persist: true });
    await second.h.ready;
    expect(second.h.docs.get('book')!.getMap('tags').get('renewal')).toBe('Renewal 2027');
  });
});
