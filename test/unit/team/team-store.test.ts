// The team's members through the async TeamStore: one contract run against the data folder's SQLite file and against
// Postgres (a throwaway cluster, one fresh database per case), and two server instances on one Postgres behind Redis
// that share one team id and one member list (an invitation made through one is accepted by the other, a removal on
// one is refused by the other).
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openPostgresTeamStore } from '../../../server/postgres-team-store';
import { startTeamServer } from '../../../server/team-server';
import { openTeamStore, teamStoreOf, type TeamStore } from '../../../server/team-store';
import { startPostgres } from '../../support/postgres-cluster';
import { freePort } from '../../support/team-server-process';

let cluster: Awaited<ReturnType<typeof startPostgres>>;
const dirs: string[] = [];
beforeAll(async () => {
  cluster = await startPostgres();
}, 90_000);
afterAll(() => {
  cluster?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const dataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'kizuna-team-store-'));
  dirs.push(dir);
  return dir;
};
let databases = 0;
/** A fresh database of the cluster (each case its own team). */
async function freshDatabase(): Promise<string> {
  const name = `team_${++databases}_${Date.now()}`;
  const client = new pg.Client({ connectionString: cluster.url });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  return cluster.url.replace(/\/postgres$/, `/${name}`);
}

const DAY = 86_400_000;
type Open = (now: () => number) => Promise<{ store: TeamStore; reopen(): Promise<TeamStore> }>;
const kinds: [string, Open][] = [
  [
    'SQLite',
    async (now) => {
      const dir = dataDir();
      return { store: teamStoreOf(openTeamStore(dir, now)), reopen: async () => teamStoreOf(openTeamStore(dir, now)) };
    },
  ],
  [
    'Postgres',
    async (now) => {
      const url = await freshDatabase();
      return { store: await openPostgresTeamStore(url, now), reopen: () => openPostgresTeamStore(url, now) };
    },
  ],
];

describe.each(kinds)('the TeamStore contract (%s)', { timeout: 60_000 }, (_kind, open) => {
  it('invites, verifies (first use remembered), expires an unused invitation, removes and rotates; the team id stays', async () => {
    let now = Date.UTC(2026, 11, 1);
    const { store, reopen } = await open(() => now);
    try {
      expect(store.teamId).toMatch(/^[a-z0-9]{10}$/);
      const ann = await store.invite('Ann', 'admin', 7);
      const late = await store.invite('Late', 'member', 7);
      const vic = await store.invite('Vic', 'viewer');
      expect(ann.token.startsWith(`kzn1_${store.teamId}_`)).toBe(true);
      await expect(store.invite('Eve', 'owner' as never)).rejects.toThrow('Unknown role');
      expect(await store.verify(ann.token)).toMatchObject({ ok: true, member: { name: 'Ann', role: 'admin', firstUsedAt: now } });
      expect((await store.verify(vic.token)).ok).toBe(true);
      now += 8 * DAY;
      expect(await store.verify(late.token)).toEqual({ ok: false, reason: 'invitation-expired' });
      expect((await store.verify(ann.token)).ok).toBe(true);
      expect(await store.verify('nonsense')).toEqual({ ok: false, reason: 'token-malformed' });
      expect(await store.verify(ann.token.replace(store.teamId, 'zzzzzzzzzz'))).toEqual({ ok: false, reason: 'other-team' });
      expect(await store.verify(ann.token.slice(0, -4) + 'AAAA')).toEqual({ ok: false, reason: 'token-unknown' });

      const rotated = await store.rotate(ann.member.id);
      expect(await store.verify(ann.token)).toEqual({ ok: false, reason: 'token-unknown' });
      expect((await store.verify(rotated.token)).ok).toBe(true);
      expect((await store.remove(vic.member.id)).removedAt).toBe(now);
      expect(await store.verify(vic.token)).toEqual({ ok: false, reason: 'member-removed' });
      await expect(store.rotate(vic.member.id)).rejects.toThrow(`No active member ${vic.member.id}`);
      await expect(store.remove(999)).rejects.toThrow('No member 999');
      expect((await store.members()).map((m) => [m.name, m.role, m.removedAt !== null])).toEqual([
        ['Ann', 'admin', false],
        ['Late', 'member', false],
        ['Vic', 'viewer', true],
      ]);
      expect(await store.member(ann.member.id)).toMatchObject({ name: 'Ann' });

      // Opened again (a restart, or another instance): the same team, the same members.
      const again = await reopen();
      try {
        expect(again.teamId).toBe(store.teamId);
        expect((await again.verify(rotated.token)).ok).toBe(true);
        expect(await again.verify(vic.token)).toEqual({ ok: false, reason: 'member-removed' });
      } finally {
        await again.close();
      }
    } finally {
      await store.close();
    }
  });
});

/** Connects one document; resolves with 'authenticated' (after the first sync) or the refusal's reason. */
function connect(url: string, name: string, token: string): Promise<{ outcome: string; close(): void }> {
  return new Promise((resolve) => {
    const websocketProvider = new HocuspocusProviderWebsocket({ url, delay: 1000, maxAttempts: 1 });
    const close = () => (provider.destroy(), websocketProvider.destroy());
    const provider: HocuspocusProvider = new HocuspocusProvider({
      websocketProvider,
      name,
      token,
      document: new Y.Doc(),
      onSynced: () => resolve({ outcome: 'authenticated', close }),
      onAuthenticationFailed: ({ reason }) => resolve({ outcome: reason, close }),
    });
    provider.attach();
  });
}

describe('two server instances on one Postgres behind Redis', { timeout: 90_000 }, () => {
  it('share one team id and one member list: invited through one, accepted by the other; removed on one, refused by the other', async () => {
    const url = await freshDatabase();
    const port = await freePort();
    const redis: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const servers: Awaited<ReturnType<typeof startTeamServer>>[] = [];
    try {
      await new Promise<void>((resolve, reject) => {
        redis.once('error', reject);
        redis.stdout!.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('Ready to accept connections')) resolve();
        });
      });
      // Each instance has a data folder of its own: nothing of the team may come from it.
      const [one, two] = await Promise.all(
        [dataDir(), dataDir()].map((dir) => startTeamServer({ dataDir: dir, port: 0, debounce: 50, postgres: url, redis: { host: '127.0.0.1', port }, log: () => {} })),
      );
      servers.push(one, two);
      expect(two.store.teamId).toBe(one.store.teamId);
      const doc = `${one.store.teamId}/contacts-02`;
      const ann = await one.store.invite('Ann', 'member');
      const atTwo = await connect(two.url, doc, ann.token);
      expect(atTwo.outcome).toBe('authenticated');
      atTwo.close();
      await two.store.remove(ann.member.id);
      const atOne = await connect(one.url, doc, ann.token);
      expect(atOne.outcome).toBe('member-removed');
      atOne.close();
    } finally {
      for (const s of servers) await s.stop().catch(() => {});
      redis.kill('SIGTERM');
    }
  });
});
