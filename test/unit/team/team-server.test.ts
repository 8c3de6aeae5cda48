// The team server on 127.0.0.1 with real Hocuspocus providers (Node's WebSocket): tokens, roles,
// other teams, persistence across a restart, and a data folder it cannot write.
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startTeamServer, type TeamServer } from '../../../server/team-server';
import { openTeamStore } from '../../../server/team-store';

const dirs: string[] = [];
const servers: TeamServer[] = [];
const providers: HocuspocusProvider[] = [];
afterEach(async () => {
  for (const p of providers.splice(0)) (p.destroy(), p.configuration.websocketProvider.destroy());
  for (const s of servers.splice(0)) await s.stop().catch(() => {});
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const dataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'kizuna-team-'));
  dirs.push(dir);
  return dir;
};
const start = async (dir: string, redis?: { host: string; port: number }) => {
  const lines: string[] = [];
  const s = await startTeamServer({ dataDir: dir, port: 0, debounce: 50, redis, log: (l) => lines.push(l) });
  servers.push(s);
  return Object.assign(s, { lines });
};

type Outcome = { status: 'authenticated'; readOnly: boolean } | { status: 'refused'; reason: string };

/** Connects one document; resolves when the server accepts (and the first sync is done) or refuses. */
function connect(url: string, name: string, token: string, doc = new Y.Doc()) {
  return new Promise<{ outcome: Outcome; doc: Y.Doc; provider: HocuspocusProvider }>((resolve) => {
    const websocketProvider = new HocuspocusProviderWebsocket({ url, delay: 1000, maxAttempts: 1 });
    let readOnly = false;
    const provider: HocuspocusProvider = new HocuspocusProvider({
      websocketProvider,
      name,
      token,
      document: doc,
      onAuthenticated: ({ scope }) => {
        readOnly = scope === 'readonly';
      },
      onSynced: () => resolve({ outcome: { status: 'authenticated', readOnly }, doc, provider }),
      onAuthenticationFailed: ({ reason }) => resolve({ outcome: { status: 'refused', reason }, doc, provider }),
    });
    provider.attach();
    providers.push(provider);
  });
}

/** Waits for a condition the server or a peer brings about (no fixed sleep, no default poll). */
const until = async (check: () => boolean, what: string, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('the team server', { timeout: 60_000 }, () => {
  it('lets two members share a document: an edit by one reaches the other', async () => {
    const s = await start(dataDir());
    const a = (await s.store.invite('Ann', 'member')).token;
    const b = (await s.store.invite('Ben', 'member')).token;
    const doc = `${s.store.teamId}/contacts-0`;
    const one = await connect(s.url, doc, a);
    const two = await connect(s.url, doc, b);
    expect(one.outcome).toEqual({ status: 'authenticated', readOnly: false });
    one.doc.getMap('contacts').set('ann@x.example\u241fname', 'Ann Example');
    await until(() => two.doc.getMap('contacts').get('ann@x.example\u241fname') === 'Ann Example', 'the edit to reach the other member');
  });

  it('refuses a malformed token, an unknown one and another team’s, each with its reason', async () => {
    const s = await start(dataDir());
    const other = openTeamStore(dataDir());
    const foreign = other.invite('Eve', 'admin').token;
    other.close();
    const doc = `${s.store.teamId}/contacts-0`;
    expect((await connect(s.url, doc, 'not a token')).outcome).toEqual({ status: 'refused', reason: 'token-malformed' });
    const real = (await s.store.invite('Ann', 'member')).token;
    const forged = real.slice(0, -4) + (real.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect((await connect(s.url, doc, forged)).outcome).toEqual({ status: 'refused', reason: 'token-unknown' });
    expect((await connect(s.url, doc, foreign)).outcome).toEqual({ status: 'refused', reason: 'other-team' });
    // This team's token never opens a document of another team.
    const otherTeamDoc = `${'z'.repeat(10)}/contacts-0`;
    expect((await connect(s.url, otherTeamDoc, real)).outcome).toEqual({ status: 'refused', reason: 'other-team' });
    expect((await connect(s.url, '../etc/passwd', real)).outcome).toEqual({ status: 'refused', reason: 'document-name' });
    expect(s.lines.filter((l) => l.includes(' refused ')).length).toBe(5);
  });

  it('refuses a removed member and an invitation past its date, but not an invitation used in time', async () => {
    let now = Date.UTC(2026, 11, 1);
    const dir = dataDir();
    const store = openTeamStore(dir, () => now);
    const late = store.invite('Late', 'member', 7).token;
    const early = store.invite('Early', 'member', 7).token;
    expect(store.verify(early).ok).toBe(true);
    now += 8 * 86_400_000;
    expect(store.verify(late)).toEqual({ ok: false, reason: 'invitation-expired' });
    expect(store.verify(early).ok).toBe(true);
    const earlyId = store.members().find((m) => m.name === 'Early')!.id;
    store.remove(earlyId);
    expect(store.verify(early)).toEqual({ ok: false, reason: 'member-removed' });
    store.close();

    // Through the server, removal made by the command line (another process, same file) is seen at once.
    const s = await start(dir);
    const ann = await s.store.invite('Ann', 'member');
    const doc = `${s.store.teamId}/contacts-0`;
    expect((await connect(s.url, doc, ann.token)).outcome.status).toBe('authenticated');
    const cli = openTeamStore(dir);
    cli.remove(ann.member.id);
    cli.close();
    expect((await connect(s.url, doc, ann.token)).outcome).toEqual({ status: 'refused', reason: 'member-removed' });
  });

  it('serves a viewer read-only: their edits never reach the server or other members', async () => {
    const s = await start(dataDir());
    const doc = `${s.store.teamId}/contacts-0`;
    const viewer = await connect(s.url, doc, (await s.store.invite('Vic', 'viewer')).token);
    expect(viewer.outcome).toEqual({ status: 'authenticated', readOnly: true });
    const member = await connect(s.url, doc, (await s.store.invite('Mia', 'member')).token);
    viewer.doc.getMap('contacts').set('x@x.example\u241fname', 'from the viewer');
    member.doc.getMap('contacts').set('y@y.example\u241fname', 'from the member');
    // The member's later edit reaches the viewer; the viewer's earlier one has not reached the member.
    await until(() => viewer.doc.getMap('contacts').get('y@y.example\u241fname') === 'from the member', 'the member’s edit at the viewer');
    // A viewer's update goes out with its next message; a ping through the awareness channel flushes the socket.
    viewer.provider.setAwarenessField('ping', 1);
    await until(() => member.provider.awareness!.getStates().size === 2, 'the viewer’s later message at the member');
    expect(member.doc.getMap('contacts').has('x@x.example\u241fname')).toBe(false);
    // A newcomer reads the server's copy: the member's edit, not the viewer's.
    const late = await connect(s.url, doc, (await s.store.invite('Lee', 'member')).token);
    expect(late.doc.getMap('contacts').get('y@y.example\u241fname')).toBe('from the member');
    expect(late.doc.getMap('contacts').has('x@x.example\u241fname')).toBe(false);
  });

  it('keeps the documents across a restart, and a rotated token replaces the old one', async () => {
    const dir = dataDir();
    let s = await start(dir);
    const ann = await s.store.invite('Ann', 'admin');
    const doc = `${s.store.teamId}/contacts-3`;
    const first = await connect(s.url, doc, ann.token);
    first.doc.getMap('contacts').set('c@c.example\u241fstage', 'customer');
    await until(() => s.lines.some((l) => l.includes(' stored ') && l.includes('contacts-3')), 'the document to be stored');
    for (const p of providers.splice(0)) (p.destroy(), p.configuration.websocketProvider.destroy());
    await s.stop();
    servers.splice(0);

    s = await start(dir);
    const again = await connect(s.url, doc, ann.token);
    expect(again.doc.getMap('contacts').get('c@c.example\u241fstage')).toBe('customer');
    const rotated = (await s.store.rotate(ann.member.id)).token;
    expect((await connect(s.url, doc, ann.token)).outcome).toEqual({ status: 'refused', reason: 'token-unknown' });
    expect((await connect(s.url, doc, rotated)).outcome.status).toBe('authenticated');
  });

  it('refuses to start on a data folder it cannot write, saying which', async () => {
    const parent = dataDir();
    const file = join(parent, 'a-file');
    writeFileSync(file, 'not a folder');
    await expect(startTeamServer({ dataDir: join(file, 'data'), port: 0, log: () => {} })).rejects.toThrow(`The data folder ${join(file, 'data')} cannot be written`);
    if (process.getuid?.() !== 0) {
      const locked = join(parent, 'locked');
      rmSync(locked, { force: true });
      const { mkdirSync } = await import('node:fs');
      mkdirSync(locked);
      chmodSync(locked, 0o500);
      await expect(startTeamServer({ dataDir: locked, port: 0, log: () => {} })).rejects.toThrow('cannot be written');
    }
  });

  it('relays edits between two instances behind Redis: a member on each sees the other’s edits', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const redis: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve, reject) => {
        redis.once('error', reject);
        redis.stdout!.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('Ready to accept connections')) resolve();
        });
      });
      const dir = dataDir();
      const one = await start(dir, { host: '127.0.0.1', port });
      const two = await start(dir, { host: '127.0.0.1', port });
      const doc = `${one.store.teamId}/contacts-1`;
      const ann = await connect(one.url, doc, (await one.store.invite('Ann', 'member')).token);
      const ben = await connect(two.url, doc, (await two.store.invite('Ben', 'member')).token);
      ann.doc.getMap('contacts').set('a@a.example\u241fowner', 'Ann');
      ben.doc.getMap('contacts').set('b@b.example\u241fowner', 'Ben');
      await until(() => ben.doc.getMap('contacts').get('a@a.example\u241fowner') === 'Ann', 'Ann’s edit through Redis');
      await until(() => ann.doc.getMap('contacts').get('b@b.example\u241fowner') === 'Ben', 'Ben’s edit through Redis');
    } finally {
      for (const p of providers.splice(0)) (p.destroy(), p.configuration.websocketProvider.destroy());
      for (const s of servers.splice(0)) await s.stop().catch(() => {});
      redis.kill('SIGTERM');
    }
  });
});
