// The team server: Hocuspocus (Yjs over WebSocket) with the team's SQLite file (or Postgres) for the
// documents, token checks per connection, read-only viewers, and optionally Redis to run several instances.
import { Database } from '@hocuspocus/extension-database';
import { Redis } from '@hocuspocus/extension-redis';
import { Server, type Extension } from '@hocuspocus/server';
import { serverDocumentName, shardChangedMessage } from '../lib/team/documents';
import { openPostgresDocuments, redactConnection, type DocumentStore } from './postgres-documents';
import { openPostgresTeamStore } from './postgres-team-store';
import { checkDataFolder, openTeamStore, teamStoreOf, type Member, type Refusal, type TeamStore } from './team-store';

export interface TeamServerOptions {
  /** The folder that holds team.sqlite; it must be writable. */
  dataDir: string;
  host?: string;
  /** 0 picks a free port (tests). */
  port?: number;
  /** Relay edits between several instances that share one database. */
  redis?: { host: string; port: number };
  /** Keep the documents, the team id and the members in this Postgres database (a connection string) instead of the data folder's SQLite file. */
  postgres?: string;
  /** One line per event; console.log by default. */
  log?: (line: string) => void;
  /** Milliseconds before a change is written to SQLite (Hocuspocus's debounce). */
  debounce?: number;
  /**
   * At most one "shard changed" broadcast per contact shard in this many milliseconds: the first change's at once, then
   * one after the wait if the shard changed again meanwhile (default SHARD_CHANGED_EVERY_MS). A busy team then does not
   * keep every member's idle shards loaded by a stream of broadcasts.
   */
  shardChangedEvery?: number;
}

/** The default of `shardChangedEvery`. */
export const SHARD_CHANGED_EVERY_MS = 1000;

export interface TeamContext {
  member: Pick<Member, 'id' | 'name' | 'role'>;
}

/** A refusal sent to the client: Hocuspocus passes `reason` on as the authentication failure. */
class Refused extends Error {
  constructor(readonly reason: Refusal | 'document-name') {
    super(reason);
  }
}

const DOCUMENT = /^([a-z0-9]{10})\/([a-z0-9-]{1,64})$/;

/** Starts a team server; resolves once it listens. */
export async function startTeamServer(options: TeamServerOptions) {
  let store: TeamStore;
  let documents: DocumentStore;
  if (options.postgres) {
    // The data folder must still be writable (the command's promise), though nothing of the team is kept in it.
    checkDataFolder(options.dataDir);
    documents = await openPostgresDocuments(options.postgres);
    try {
      store = await openPostgresTeamStore(options.postgres);
    } catch (error) {
      await documents.close();
      throw error;
    }
  } else {
    const file = openTeamStore(options.dataDir);
    store = teamStoreOf(file);
    documents = { load: async (name) => file.loadDocument(name), store: async (name, state) => file.storeDocument(name, state), close: async () => {} };
  }
  const log = options.log ?? ((line: string) => console.log(line));
  const event = (what: string, fields: Record<string, unknown> = {}) =>
    log(
      [
        new Date().toISOString(),
        what,
        ...Object.entries(fields)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => `${k}=${JSON.stringify(v)}`),
      ].join(' '),
    );

  const extensions: Extension[] = [
    new Database({
      fetch: ({ documentName }) => documents.load(documentName),
      store: async ({ documentName, state }) => {
        await documents.store(documentName, state);
        event('stored', { doc: documentName, bytes: state.byteLength });
      },
    }),
  ];
  if (options.redis) extensions.push(new Redis({ host: options.redis.host, port: options.redis.port }));

  const every = options.shardChangedEvery ?? SHARD_CHANGED_EVERY_MS;
  /** The contact shards announced in the last `every` ms, and whether they changed again since. */
  const announcing = new Map<string, { again: boolean; timer: ReturnType<typeof setTimeout> }>();
  const server = new Server<TeamContext>({
    name: `kizuna-team-${store.teamId}`,
    address: options.host ?? '127.0.0.1',
    port: options.port ?? 1234,
    quiet: true,
    stopOnSignals: false,
    debounce: options.debounce ?? 2000,
    extensions,
    async onAuthenticate({ token, documentName, connectionConfig }) {
      const doc = DOCUMENT.exec(documentName);
      if (!doc) {
        event('refused', { doc: documentName, reason: 'document-name' });
        throw new Refused('document-name');
      }
      const verdict = await store.verify(token ?? '');
      if (!verdict.ok) {
        event('refused', { doc: documentName, reason: verdict.reason });
        throw new Refused(verdict.reason);
      }
      // Another team's document, asked for with this team's token: never served.
      if (doc[1] !== store.teamId) {
        event('refused', { doc: documentName, member: verdict.member.id, reason: 'other-team' });
        throw new Refused('other-team');
      }
      // A viewer's edits would be dropped silently by the server: the extension blocks editing for them.
      if (verdict.member.role === 'viewer') connectionConfig.readOnly = true;
      event('authenticated', { doc: documentName, member: verdict.member.id, role: verdict.member.role });
      const { id, name, role } = verdict.member;
      return { member: { id, name, role } };
    },
    // A contact shard changed: every member hears of it on the team's `book` document, which each sync host keeps open,
    // so a host that has unloaded that shard (idle) loads it again (docs/team-server.md, "Memory of the sync host").
    // The Redis extension relays the message to the other instances' members.
    // At most one per shard in `shardChangedEvery` ms: a host loads the shard for the first, and hears the later changes
    // on the shard itself while it is loaded; the one after the wait covers a host that unloaded it in between.
    async onChange({ documentName, instance }) {
      const doc = DOCUMENT.exec(documentName);
      if (!doc || !doc[2].startsWith('contacts-')) return;
      const held = announcing.get(documentName);
      if (held) return void (held.again = true);
      const announce = () => {
        instance.documents.get(serverDocumentName(doc[1], 'book'))?.broadcastStateless(shardChangedMessage(doc[2]));
        const hold = {
          again: false,
          timer: setTimeout(() => {
            announcing.delete(documentName);
            if (hold.again) announce();
          }, every),
        };
        announcing.set(documentName, hold);
      };
      announce();
    },
    async onDisconnect({ documentName, context }) {
      event('disconnected', { doc: documentName, member: context?.member?.id });
    },
  });
  await server.listen();
  event('listening', {
    url: server.webSocketURL,
    team: store.teamId,
    data: options.dataDir,
    redis: options.redis ? `${options.redis.host}:${options.redis.port}` : undefined,
    postgres: options.postgres ? redactConnection(options.postgres) : undefined,
  });
  return {
    server,
    store,
    url: server.webSocketURL,
    port: server.address.port,
    /** Stops listening, writes every open document, and closes the SQLite file (and Postgres). */
    async stop() {
      for (const { timer } of announcing.values()) clearTimeout(timer);
      announcing.clear();
      await server.destroy();
      await documents.close();
      await store.close();
      event('stopped');
    },
  };
}

export type TeamServer = Awaited<ReturnType<typeof startTeamServer>>;
