// The team's id and members in PostgreSQL (the `--postgres` option): several server instances on one database (behind
// Redis) then share one team id and one member list, and an admin command run against any of them is seen by all.
// Two small tables next to kizuna_documents; the team id is made once, by whichever instance comes first.
import pg from 'pg';
import { redactConnection, SCHEMA_LOCK } from './postgres-documents';
import { DAY, hash, newSecret, newTeamId, ROLES, TOKEN, type Member, type Role, type TeamStore } from './team-store';

interface Row {
  id: number;
  name: string;
  role: string;
  created_at: string;
  expires_at: string;
  first_used_at: string | null;
  removed_at: string | null;
}

const toMember = (row: Row): Member => ({
  id: Number(row.id),
  name: row.name,
  role: row.role as Role,
  createdAt: Number(row.created_at),
  expiresAt: Number(row.expires_at),
  firstUsedAt: row.first_used_at === null ? null : Number(row.first_used_at),
  removedAt: row.removed_at === null ? null : Number(row.removed_at),
});

/** Connects to Postgres and opens (or creates) the team's tables; the team id is kept there. */
export async function openPostgresTeamStore(connection: string, now: () => number = Date.now): Promise<TeamStore> {
  const pool = new pg.Pool({ connectionString: connection, max: 4, connectionTimeoutMillis: 10_000 });
  pool.on('error', (error) => console.error(`postgres: ${error.message}`));
  let teamId: string;
  try {
    await pool.query(`${SCHEMA_LOCK};
      CREATE TABLE IF NOT EXISTS kizuna_team (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS kizuna_members (
        id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE,
        created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, first_used_at BIGINT, removed_at BIGINT
      );`);
    // Two instances starting at once: one insert wins, both read the same id.
    await pool.query("INSERT INTO kizuna_team (key, value) VALUES ('id', $1) ON CONFLICT (key) DO NOTHING", [newTeamId()]);
    teamId = (await pool.query<{ value: string }>("SELECT value FROM kizuna_team WHERE key = 'id'")).rows[0].value;
  } catch (error) {
    await pool.end().catch(() => {});
    throw new Error(`The Postgres database ${redactConnection(connection)} cannot be used: ${(error as Error).message}`, { cause: error });
  }
  const one = async (sql: string, params: unknown[]) => {
    const row = (await pool.query<Row>(sql, params)).rows[0];
    return row ? toMember(row) : undefined;
  };
  const store: TeamStore = {
    teamId,
    async invite(name, role, days = 14) {
      if (!ROLES.includes(role)) throw new Error(`Unknown role "${role}": use admin, member or viewer.`);
      const secret = newSecret();
      const at = now();
      const member = (await one('INSERT INTO kizuna_members (name, role, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING *', [
        name,
        role,
        hash(secret),
        at,
        at + days * DAY,
      ]))!;
      return { member, token: `kzn1_${teamId}_${secret}` };
    },
    member: (memberId) => one('SELECT * FROM kizuna_members WHERE id = $1', [memberId]),
    async members() {
      return (await pool.query<Row>('SELECT * FROM kizuna_members ORDER BY id')).rows.map(toMember);
    },
    async remove(memberId) {
      if (!(await store.member(memberId))) throw new Error(`No member ${memberId}.`);
      await pool.query('UPDATE kizuna_members SET removed_at = $1 WHERE id = $2 AND removed_at IS NULL', [now(), memberId]);
      return (await store.member(memberId))!;
    },
    async rotate(memberId, days = 14) {
      const secret = newSecret();
      const member = await one('UPDATE kizuna_members SET token_hash = $1, expires_at = $2, first_used_at = NULL WHERE id = $3 AND removed_at IS NULL RETURNING *', [
        hash(secret),
        now() + days * DAY,
        memberId,
      ]);
      if (!member) throw new Error(`No active member ${memberId}.`);
      return { member, token: `kzn1_${teamId}_${secret}` };
    },
    async verify(token) {
      const match = TOKEN.exec(token.trim());
      if (!match) return { ok: false, reason: 'token-malformed' };
      if (match[1] !== teamId) return { ok: false, reason: 'other-team' };
      const found = await one('SELECT * FROM kizuna_members WHERE token_hash = $1', [hash(match[2])]);
      if (!found) return { ok: false, reason: 'token-unknown' };
      if (found.removedAt !== null) return { ok: false, reason: 'member-removed' };
      if (found.firstUsedAt === null) {
        if (now() > found.expiresAt) return { ok: false, reason: 'invitation-expired' };
        // Two instances verifying the first use at once: the first write stays.
        await pool.query('UPDATE kizuna_members SET first_used_at = $1 WHERE id = $2 AND first_used_at IS NULL', [now(), found.id]);
        found.firstUsedAt = now();
      }
      return { ok: true, member: found };
    },
    close: () => pool.end(),
  };
  return store;
}
