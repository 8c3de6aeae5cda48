// The team server's own storage: one SQLite file in the data folder (Node's built-in node:sqlite,
// so no native module has to be compiled). It holds the Yjs documents and the team's members. The server reads the
// members through the async TeamStore interface: this file (teamStoreOf) or Postgres (server/postgres-team-store.ts),
// so that several instances on one Postgres share one team id and one member list.
import { createHash, randomBytes } from 'node:crypto';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

export type Role = 'admin' | 'member' | 'viewer';
export const ROLES: readonly Role[] = ['admin', 'member', 'viewer'];

export interface Member {
  id: number;
  name: string;
  role: Role;
  createdAt: number;
  /** An invitation not used by then is refused as expired; once used it stays valid. */
  expiresAt: number;
  firstUsedAt: number | null;
  removedAt: number | null;
}

/** Why a token was refused; the extension shows each in words. */
export type Refusal = 'token-malformed' | 'token-unknown' | 'other-team' | 'invitation-expired' | 'member-removed';

export type Verdict = { ok: true; member: Member } | { ok: false; reason: Refusal };

/** The team's id and members, wherever they are kept (SQLite here, or Postgres); one contract test for both. */
export interface TeamStore {
  /** 10 characters of base 36: the prefix of every document name and token of this team; kept in the database. */
  readonly teamId: string;
  /** A new member and the invitation token to hand them (shown once, stored only as a hash). */
  invite(name: string, role: Role, days?: number): Promise<{ member: Member; token: string }>;
  member(memberId: number): Promise<Member | undefined>;
  members(): Promise<Member[]>;
  /** Marks a member removed: their next connection is refused. */
  remove(memberId: number): Promise<Member>;
  /** A new token for a member; the old one is refused from now on. */
  rotate(memberId: number, days?: number): Promise<{ member: Member; token: string }>;
  /** Checks a token; the first use of an invitation is remembered, so it never expires after it. */
  verify(token: string): Promise<Verdict>;
  close(): Promise<void>;
}

/** The token's shape: `kzn1_<team id>_<secret>`. */
export const TOKEN = /^kzn1_([a-z0-9]{10})_([A-Za-z0-9_-]{43})$/;
/** A day in milliseconds (invitations last `days` of them). */
export const DAY = 86_400_000;

/** The stored form of a token's secret. */
export const hash = (secret: string) => createHash('sha256').update(secret).digest('hex');
/** A new team id: 10 characters of base 36. */
export const newTeamId = () => Array.from(randomBytes(10), (b) => (b % 36).toString(36)).join('');
/** A new token secret. */
export const newSecret = () => randomBytes(32).toString('base64url');

/** Refuses a data folder that cannot be created or written, with the reason in words. */
export function checkDataFolder(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw new Error(`The data folder ${dir} cannot be written: ${(error as Error).message}`, { cause: error });
  }
}

/** Opens (or creates) the team's SQLite file in `dir`, synchronously (the command line, tests); the server uses teamStoreOf. */
export function openTeamStore(dir: string, now: () => number = Date.now) {
  checkDataFolder(dir);
  const db = new DatabaseSync(join(dir, 'team.sqlite'));
  db.exec(`
    PRAGMA journal_mode = WAL;
    PRAGMA busy_timeout = 5000;
    CREATE TABLE IF NOT EXISTS team (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS documents (name TEXT PRIMARY KEY, state BLOB NOT NULL, updated_at INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS members (
      id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, role TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE,
      created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, first_used_at INTEGER, removed_at INTEGER
    );
  `);
  let teamId = (db.prepare('SELECT value FROM team WHERE key = ?').get('id') as { value: string } | undefined)?.value;
  if (!teamId) {
    // 10 characters of base 36: the prefix of every document name and token of this team.
    teamId = newTeamId();
    db.prepare('INSERT INTO team (key, value) VALUES (?, ?)').run('id', teamId);
  }
  const id = teamId;

  const toMember = (row: Record<string, unknown>): Member => ({
    id: Number(row.id),
    name: String(row.name),
    role: row.role as Role,
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    firstUsedAt: row.first_used_at == null ? null : Number(row.first_used_at),
    removedAt: row.removed_at == null ? null : Number(row.removed_at),
  });

  return {
    teamId: id,
    /** The stored Yjs state of a document, or null for a new one. */
    loadDocument(name: string): Uint8Array | null {
      const row = db.prepare('SELECT state FROM documents WHERE name = ?').get(name) as { state: Uint8Array } | undefined;
      return row ? new Uint8Array(row.state) : null;
    },
    storeDocument(name: string, state: Uint8Array): void {
      db.prepare('INSERT INTO documents (name, state, updated_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at').run(name, state, now());
    },
    /** A new member and the invitation token to hand them (shown once, stored only as a hash). */
    invite(name: string, role: Role, days = 14): { member: Member; token: string } {
      if (!ROLES.includes(role)) throw new Error(`Unknown role "${role}": use admin, member or viewer.`);
      const secret = newSecret();
      const at = now();
      const info = db.prepare('INSERT INTO members (name, role, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)').run(name, role, hash(secret), at, at + days * DAY);
      return { member: this.member(Number(info.lastInsertRowid))!, token: `kzn1_${id}_${secret}` };
    },
    member(memberId: number): Member | undefined {
      const row = db.prepare('SELECT * FROM members WHERE id = ?').get(memberId) as Record<string, unknown> | undefined;
      return row ? toMember(row) : undefined;
    },
    members(): Member[] {
      return (db.prepare('SELECT * FROM members ORDER BY id').all() as Record<string, unknown>[]).map(toMember);
    },
    /** Marks a member removed: their next connection is refused. */
    remove(memberId: number): Member {
      const found = this.member(memberId);
      if (!found) throw new Error(`No member ${memberId}.`);
      db.prepare('UPDATE members SET removed_at = ? WHERE id = ? AND removed_at IS NULL').run(now(), memberId);
      return this.member(memberId)!;
    },
    /** A new token for a member; the old one is refused from now on. */
    rotate(memberId: number, days = 14): { member: Member; token: string } {
      const found = this.member(memberId);
      if (!found || found.removedAt !== null) throw new Error(`No active member ${memberId}.`);
      const secret = newSecret();
      db.prepare('UPDATE members SET token_hash = ?, expires_at = ?, first_used_at = NULL WHERE id = ?').run(hash(secret), now() + days * DAY, memberId);
      return { member: this.member(memberId)!, token: `kzn1_${id}_${secret}` };
    },
    /** Checks a token; the first use of an invitation is remembered, so it never expires after it. */
    verify(token: string): Verdict {
      const match = TOKEN.exec(token.trim());
      if (!match) return { ok: false, reason: 'token-malformed' };
      if (match[1] !== id) return { ok: false, reason: 'other-team' };
      const row = db.prepare('SELECT * FROM members WHERE token_hash = ?').get(hash(match[2])) as Record<string, unknown> | undefined;
      if (!row) return { ok: false, reason: 'token-unknown' };
      const found = toMember(row);
      if (found.removedAt !== null) return { ok: false, reason: 'member-removed' };
      if (found.firstUsedAt === null) {
        if (now() > found.expiresAt) return { ok: false, reason: 'invitation-expired' };
        db.prepare('UPDATE members SET first_used_at = ? WHERE id = ?').run(now(), found.id);
        found.firstUsedAt = now();
      }
      return { ok: true, member: found };
    },
    close(): void {
      db.close();
    },
  };
}

/** The SQLite file's store, synchronous. */
export type SqliteTeamStore = ReturnType<typeof openTeamStore>;

/** The SQLite file's members as the async TeamStore. */
export function teamStoreOf(store: SqliteTeamStore): TeamStore {
  return {
    teamId: store.teamId,
    invite: async (name, role, days) => store.invite(name, role, days),
    member: async (id) => store.member(id),
    members: async () => store.members(),
    remove: async (id) => store.remove(id),
    rotate: async (id, days) => store.rotate(id, days),
    verify: async (token) => store.verify(token),
    close: async () => store.close(),
  };
}
