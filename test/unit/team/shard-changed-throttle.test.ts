// The server's "shard changed" broadcasts (docs/team-server.md, "Idle shards") are throttled per shard: a burst of edits
// to one shard is announced twice (at once, and once after the wait), not once per edit, so a busy team does not keep
// every member's idle shards loaded.
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startTeamServer, type TeamServer } from '../../../server/team-server';
import { serverDocumentName, shardChangedIn } from '../../../lib/team/documents';
import { until } from './replicas';

const EVERY = 3000;
const EDITS = 20;
const dirs: string[] = [];
const servers: TeamServer[] = [];
const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) c();
  for (const s of servers.splice(0)) await s.stop().catch(() => {});
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the server’s “shard changed” broadcasts', { timeout: 60_000 }, () => {
  it('announce a burst of edits to one shard at once and once more after the wait, not once per edit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kizuna-shard-changed-'));
    dirs.push(dir);
    const s = await startTeamServer({ dataDir: dir, port: 0, debounce: 50, shardChangedEvery: EVERY, log: () => {} });
    servers.push(s);
    const token = (await s.store.invite('Ann', 'member')).token;
    const socket = new HocuspocusProviderWebsocket({ url: s.url, minDelay: 100, delay: 100, maxDelay: 300 });
    const heard: string[] = [];
    const book = new HocuspocusProvider({ websocketProvider: socket, name: serverDocumentName(s.store.teamId, 'book'), token, document: new Y.Doc() });
    book.on('stateless', ({ payload }: { payload: string }) => void heard.push(shardChangedIn(payload) ?? ''));
    const doc = new Y.Doc();
    const shard = new HocuspocusProvider({ websocketProvider: socket, name: serverDocumentName(s.store.teamId, 'contacts-03'), token, document: doc });
    for (const p of [book, shard]) p.attach();
    cleanups.push(() => (book.destroy(), shard.destroy(), socket.destroy()));
    await until(() => book.isSynced && shard.isSynced, 'both documents synced');

    // Each edit its own update, sent at once.
    for (let i = 0; i < EDITS; i++) doc.getMap('contacts').set(`person${i}@acme.example\u241fname`, `Person ${i}`);
    await until(() => shard.unsyncedChanges === 0, 'the edits on the server');
    await until(() => heard.length >= 2, 'the announcement after the wait', 4 * EVERY);
    // One more wait: nothing changed since the second, so no third comes.
    await new Promise((r) => setTimeout(r, EVERY + 500));
    expect(heard).toEqual(['contacts-03', 'contacts-03']);
  });
});
