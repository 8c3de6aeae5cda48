// The team server with its documents in PostgreSQL (`--postgres`): a real throwaway cluster on 127.0.0.1
// (test/support/postgres-cluster.ts). A document written through one server instance is read back by the
// next one, and a database that cannot be reached stops the start with a clear error.
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startTeamServer } from '../../../server/team-server';
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

/** Opens one document as a member; resolves once it is synced with the server. */
function open(url: string, name: string, token: string) {
  return new Promise<{ doc: Y.Doc; close(): void }>((resolve, reject) => {
    const doc = new Y.Doc();
    const websocketProvider = new HocuspocusProviderWebsocket({ url, delay: 1000, maxAttempts: 1 });
    const provider = new HocuspocusProvider({
      websocketProvider,
      name,
      token,
      document: doc,
      onSynced: () => resolve({ doc, close: () => (provider.destroy(), websocketProvider.destroy()) }),
      onAuthenticationFailed: ({ reason }) => reject(new Error(reason)),
    });
    provider.attach();
  });
}

const until = async (check: () => boolean | Promise<boolean>, what: string, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('the team server on Postgres', { timeout: 60_000 }, () => {
  it('keeps a document in Postgres: written through one instance, read back after a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kizuna-team-pg-'));
    dirs.push(dataDir);
    const lines: string[] = [];
    let server = await startTeamServer({ dataDir, port: 0, debounce: 50, postgres: cluster.url, log: (l) => lines.push(l) });
    const token = (await server.store.invite('Ann', 'member')).token;
    const name = `${server.store.teamId}/contacts-05`;
    const first = await open(server.url, name, token);
    first.doc.getMap('contacts').set('ann@x.example\u241fowner', 'Ann');
    await until(() => lines.some((l) => l.includes(' stored ') && l.includes('contacts-05')), 'the document to be stored');
    first.close();
    await server.stop();

    // The row is in Postgres itself, not in the data folder's SQLite file.
    const client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    const { rows } = await client.query<{ name: string }>('SELECT name FROM kizuna_documents');
    await client.end();
    expect(rows.map((r) => r.name)).toEqual([name]);

    server = await startTeamServer({ dataDir, port: 0, postgres: cluster.url, log: () => {} });
    try {
      const again = await open(server.url, name, token);
      expect(again.doc.getMap('contacts').get('ann@x.example\u241fowner')).toBe('Ann');
      again.close();
    } finally {
      await server.stop();
    }
  });

  it('refuses to start when the database cannot be reached, naming it without its password', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kizuna-team-pg-'));
    dirs.push(dataDir);
    const port = await freePort();
    const start = startTeamServer({ dataDir, port: 0, postgres: `postgres://kizuna:secret@127.0.0.1:${port}/postgres`, log: () => {} });
    await expect(start).rejects.toThrow(`The Postgres database postgres://kizuna:***@127.0.0.1:${port}/postgres cannot be used`);
    await expect(start).rejects.not.toThrow('secret');
  });
});
