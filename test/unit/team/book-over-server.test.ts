// Two members' local books joined through a real team server (`scripts/team-server.ts`, a child process on
// 127.0.0.1) with HocuspocusProviders: edits reach the other member, and a server killed (SIGKILL) right after
// an edit, before it saved it, loses nothing once the author reconnects (the author's documents keep it).
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { contactStoreOf } from '../../../lib/contacts/dexie-store';
import { addNote, notesOf } from '../../../lib/contacts/notes';
import { addTag } from '../../../lib/contacts/tags';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import { startTeamBridge, type TeamBridge } from '../../../lib/team/bridge';
import { serverDocumentName, teamDocumentNames } from '../../../lib/team/config';
import { openTeamStore } from '../../../server/team-store';
import { person } from '../contacts/store-contract';
import { until } from './replicas';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

/** Runs the team server as `npm run team-server` does; resolves once it listens. */
function serve(dir: string, port: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    // One process (tsx's CLI would run the server in a child that a SIGKILL of the parent leaves running).
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/team-server.ts', '--data', dir, '--host', '127.0.0.1', '--port', String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
    cleanups.push(() => void child.kill('SIGKILL'));
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`the team server exited (${code})`)));
  });
}

/** A member: a local book, the team's documents over one socket, and a bridge between them. */
async function member(name: string, url: string, teamId: string, token: string) {
  const db: KizunaDb = createDb(`over-server-${name}-${Math.random()}`);
  cleanups.push(() => db.delete());
  const socket = new HocuspocusProviderWebsocket({ url, delay: 1000, maxDelay: 2000 });
  const docs = new Map<string, Y.Doc>();
  const providers: HocuspocusProvider[] = [];
  const synced: Promise<void>[] = [];
  for (const doc of teamDocumentNames()) {
    docs.set(doc, new Y.Doc());
    synced.push(
      new Promise((resolve) => {
        const provider = new HocuspocusProvider({ websocketProvider: socket, name: serverDocumentName(teamId, doc), token, document: docs.get(doc)!, onSynced: () => resolve() });
        provider.attach();
        providers.push(provider);
      }),
    );
  }
  cleanups.push(() => {
    for (const p of providers) p.destroy();
    socket.destroy();
  });
  await Promise.all(synced);
  const bridge: TeamBridge = startTeamBridge({ docs, memberName: name, readOnly: false, db });
  cleanups.push(() => (bridge.stop(), bridge.idle()));
  await bridge.ready;
  return { db, store: contactStoreOf(db), socket, providers, bridge };
}

describe('the team book over a real server', { timeout: 90_000 }, () => {
  it('shares a new contact, a tag, a note and an owner change, and keeps an edit the server was killed before saving', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kizuna-book-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const team = openTeamStore(dir);
    const [ann, ben] = [team.invite('Ann', 'member').token, team.invite('Ben', 'member').token];
    const teamId = team.teamId;
    team.close();
    const port = await freePort();
    const url = `ws://127.0.0.1:${port}`;
    let server = await serve(dir, port);
    const a = await member('Ann', url, teamId, ann);
    const b = await member('Ben', url, teamId, ben);

    const id = await a.store.add(person('dana@acme.example', { name: 'Dana' }));
    await addTag(a.db, id, 'VIP');
    await addNote(a.db, id, 'Renewal in March');
    await a.store.update(id, { owner: 'ann' });
    await until(async () => (await b.store.byEmail('dana@acme.example'))?.owner === 'ann', 'the owner change to reach Ben');
    await until(async () => (await notesOf(b.db, (await b.store.byEmail('dana@acme.example'))!.id)).length === 1, 'the note to reach Ben');
    const dana = (await b.store.byEmail('dana@acme.example'))!;
    expect((await b.store.tags.getMany(dana.tags)).map((t) => t!.name)).toEqual(['VIP']);

    // Ben is away; Ann edits; the server takes the edit and is killed before its save (2 s debounce).
    b.socket.disconnect();
    await a.store.update(id, { owner: 'ann-after' });
    await a.store.add(person('late@acme.example'));
    await until(async () => (await a.db.teamOutbox.count()) === 0 && a.providers.every((p) => !p.hasUnsyncedChanges), 'the server to acknowledge Ann’s edits');
    server.kill('SIGKILL');
    await new Promise((resolve) => server.once('exit', resolve));
    server = await serve(dir, port);
    await b.socket.connect();
    await until(
      async () => (await b.store.byEmail('late@acme.example')) !== undefined && (await b.store.byEmail('dana@acme.example'))?.owner === 'ann-after',
      'Ann’s edits to reach Ben after the restart',
      60_000,
    );
  });
});
