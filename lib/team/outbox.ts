// The team outbox: what a local write tells the page that holds the team's documents. Writes happen in
// every extension context (app, side panel, background) while the documents live in one page, so each
// store write adds a row here in its own transaction (durable, crash-safe; the count is "pending
// changes"). A row names what changed, not how: the bridge reads the contact as it is now and writes
// only the fields that differ into the documents.
import Dexie, { type Transaction } from 'dexie';
import type { KizunaDb } from '../db/schema';

/** One committed local write the team's documents have not taken yet. */
export type OutboxRow =
  | { seq?: number; op: 'add'; id: number }
  /** `email`: the contact's email before this write, when the write changed it. */
  | { seq?: number; op: 'write'; id: number; email?: string }
  | { seq?: number; op: 'delete'; id: number; email: string }
  | { seq?: number; op: 'tag'; tagId: number }
  /** A note of contact `id` was added, edited or deleted (`noteKey`: the deleted note's team id). */
  | { seq?: number; op: 'note'; id: number; noteId: number; noteKey?: string }
  /** Template `templateId` (team key `key`) was saved, unmarked "team" or deleted: the bridge reads it as it is now. */
  | { seq?: number; op: 'template'; templateId: number; key: string }
  /** Saved segment `segmentId` was saved or deleted (`key`: its team key, when it had one). */
  | { seq?: number; op: 'segment'; segmentId: number; key?: string }
  /** Task `taskId` (stable key `key`, of contact `contactId`) was added, changed (only `fields`, when named) or deleted. */
  | { seq?: number; op: 'task'; taskId: number; key: string; contactId: number; fields?: string[] }
  /** Playbook `playbookId` was saved, switched (only `fields`, when named) or deleted (lib/team/playbook-sync.ts). */
  | { seq?: number; op: 'playbook'; playbookId: string; fields?: string[] }
  /** Sequence `sequenceId` was saved or deleted. */
  | { seq?: number; op: 'sequence'; sequenceId: string }
  /** Gmail thread `threadId` got messages, or its sharing choice changed (lib/team/thread-share.ts). */
  | { seq?: number; op: 'thread'; threadId: string }
  /** The "share my threads" setting changed: every thread is looked at again. */
  | { seq?: number; op: 'threads' };

/** A field whose local and team values differed when the local book joined the team: the team's value was kept. */
export interface TeamConflict {
  id?: number;
  /** The contact's key (its email). */
  key: string;
  /** `name`, `owner`, `custom.plan`… */
  field: string;
  local: unknown;
  team: unknown;
  at: number;
}

/** The `contactMeta` row that says a team is joined (1) and its first merge is done (2). */
export const TEAM_JOINED = 'teamJoined';

// The transactions in which the bridge writes the team's changes into the local book: they are not local writes.
const fromTeam = new WeakSet<object>();
// The transactions that write what reading mail found (a thread seen in Gmail, a send, a reply, a mailbox import).
const fromMail = new WeakSet<object>();
const idbOf = (tx: Transaction): object => (tx as unknown as { idbtrans: object }).idbtrans;

/**
 * The `contactMeta` row that says this browser may not change what the team shares: 1 for a viewer, 2 for a
 * member the server refused for good. Written by the sync (and the background on a refusal), removed on leaving.
 */
export const TEAM_READ_ONLY = 'teamReadOnly';

/** Why a store refused a write to what the team shares. */
export class TeamReadOnlyError extends Error {
  constructor(readonly reason: 'viewer' | 'left') {
    super(reason === 'viewer' ? 'A viewer cannot change what the team shares.' : 'This browser left the team: its copy of the team book is read-only.');
    this.name = 'TeamReadOnlyError';
  }
}

/**
 * Throws TeamReadOnlyError when this browser may not change what the team shares (the transaction must include
 * `contactMeta`). The bridge's own writes pass: the team's changes still land in a read-only copy.
 */
export async function refuseWhenReadOnly(tx: Transaction): Promise<void> {
  if (fromTeam.has(idbOf(tx))) return;
  const { readOnly } = await teamFlags(tx);
  if (readOnly !== undefined) throw new TeamReadOnlyError(readOnly === 2 ? 'left' : 'viewer');
}

// The team's two flags, read once per transaction: a tag add's store calls asked for them nine times, one round trip
// each (issue 17: one edit's local write waited for 26). No transaction that writes what the team shares also writes
// these flags (the sync host and the background write them in transactions of their own), so a transaction's first
// read holds for all of it.
const flagsOf = new WeakMap<object, Promise<{ joined: boolean; readOnly?: number }>>();
function teamFlags(tx: Transaction): Promise<{ joined: boolean; readOnly?: number }> {
  const key = idbOf(tx);
  let flags = flagsOf.get(key);
  if (!flags) {
    flags = (tx.table('contactMeta').bulkGet([TEAM_JOINED, TEAM_READ_ONLY]) as Promise<({ value: number } | undefined)[]>).then(([joined, readOnly]) => ({
      joined: joined !== undefined,
      readOnly: readOnly?.value,
    }));
    flagsOf.set(key, flags);
  }
  return flags;
}

/**
 * Refuses a user's edit of contacts, tags or notes in a read-only copy (TeamReadOnlyError), like refuseWhenReadOnly,
 * but lets through the bridge's writes and those of a transaction marked with markFromMail: a viewer keeps reading
 * mail, and what that writes (a new contact, last-contact dates, do-not-contact on an unsubscribe) stays local.
 */
export async function refuseEditWhenReadOnly(tx: Transaction): Promise<void> {
  if (fromMail.has(idbOf(tx))) return;
  await refuseWhenReadOnly(tx);
}

/** Marks a transaction (default: the current one) as writing what reading mail found: allowed in a read-only copy, and kept local there. */
export function markFromMail(tx: Transaction | null = Dexie.currentTransaction): void {
  if (tx) fromMail.add(idbOf(tx));
}

/** Marks a transaction as the bridge's (its store writes add no outbox rows: no echo). */
export function markFromTeam(tx: Transaction): void {
  fromTeam.add(idbOf(tx));
}

/**
 * Adds outbox rows in the writing transaction (which must include `teamOutbox` and `contactMeta`), when a team
 * is joined, the write is not the bridge's own and this copy is not read-only (what a read-only member's browser
 * may still write, such as what reading mail found, stays local: it never enters the team book). `rows` is called
 * only then, so a local-only book pays one read.
 */
export async function recordOutbox(tx: Transaction, rows: () => OutboxRow[] | Promise<OutboxRow[]>): Promise<void> {
  if (fromTeam.has(idbOf(tx))) return;
  const { joined, readOnly } = await teamFlags(tx);
  if (!joined || readOnly !== undefined) return;
  const list = await rows();
  if (list.length) await tx.table('teamOutbox').bulkAdd(list);
}

/** How many local changes have not reached the team's documents yet. */
export function pendingChanges(db: KizunaDb): Promise<number> {
  return db.teamOutbox.count();
}

/**
 * Forgets the team in the local book when leaving: local writes stop adding outbox rows, the rows not sent are
 * dropped with the join's conflicts, and a later join merges the book with the team's again (its first sync).
 */
export async function leaveTeamBook(db: KizunaDb): Promise<void> {
  await db.transaction('rw', [db.contactMeta, db.teamOutbox, db.teamConflicts], async () => {
    await db.contactMeta.delete(TEAM_JOINED);
    await db.contactMeta.delete(TEAM_READ_ONLY);
    await db.teamOutbox.clear();
    await db.teamConflicts.clear();
  });
}
