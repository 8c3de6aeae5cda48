// The team's Yjs documents in PostgreSQL (the `--postgres` option), for teams that already run and back up
// a Postgres server. The `pg` client is the maintained standard for Node; one small table, one row per document.
import pg from 'pg';

/** Where the documents are kept: the SQLite file of the data folder, or Postgres. */
export interface DocumentStore {
  load(name: string): Promise<Uint8Array | null>;
  store(name: string, state: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/**
 * Taken first in a multi-statement query (one implicit transaction) that creates tables: instances starting at once
 * create them one after the other.
 */
export const SCHEMA_LOCK = 'SELECT pg_advisory_xact_lock(461700117)';

/** A connection string without its password, for logs and errors. */
export function redactConnection(connection: string): string {
  try {
    const url = new URL(connection);
    if (url.password) url.password = '***';
    return url.href;
  } catch {
    return '(a connection string that is not a URL)';
  }
}

/** Connects to Postgres (`postgres://user:password@host:port/database`) and makes the documents table if needed. */
export async function openPostgresDocuments(connection: string): Promise<DocumentStore> {
  const pool = new pg.Pool({ connectionString: connection, max: 4, connectionTimeoutMillis: 10_000 });
  // An idle client's error (the server restarted) must not end the process: the next query reconnects.
  pool.on('error', (error) => console.error(`postgres: ${error.message}`));
  try {
    // Two instances starting at once would race in CREATE TABLE IF NOT EXISTS (a duplicate pg_type row): one at a time.
    await pool.query(`${SCHEMA_LOCK}; CREATE TABLE IF NOT EXISTS kizuna_documents (name TEXT PRIMARY KEY, state BYTEA NOT NULL, updated_at BIGINT NOT NULL)`);
  } catch (error) {
    await pool.end().catch(() => {});
    throw new Error(`The Postgres database ${redactConnection(connection)} cannot be used: ${(error as Error).message}`, { cause: error });
  }
  return {
    async load(name) {
      const { rows } = await pool.query<{ state: Buffer }>('SELECT state FROM kizuna_documents WHERE name = $1', [name]);
      return rows[0] ? new Uint8Array(rows[0].state) : null;
    },
    async store(name, state) {
      await pool.query('INSERT INTO kizuna_documents (name, state, updated_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at', [
        name,
        Buffer.from(state.buffer, state.byteOffset, state.byteLength),
        Date.now(),
      ]);
    },
    close: () => pool.end(),
  };
}
