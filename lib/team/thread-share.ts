// Which of this browser's Gmail threads the team sees (issue #17: "the history of messages is private by default; a
// user may share subject, date and direction of a thread with the team, per thread or by a setting"). Both choices
// are `contactMeta` rows, written with an outbox row in one transaction: the setting (`teamShareThreads`, 1 = on) and
// one row per thread the user chose for (`teamThread␟<id>`, 1 shared, 0 kept private), which wins over the setting.
import type { KizunaDb } from '../db/schema';
import { recordOutbox, refuseWhenReadOnly } from './outbox';

/** The `contactMeta` row of the "share the subject, date and direction of my threads" setting (absent: off). */
export const SHARE_THREADS = 'teamShareThreads';
// The book's separator (lib/team/book-doc.ts SEP), not imported: the side panel reads these rows, and book-doc brings Yjs.
const PREFIX = 'teamThread\u241f';
const choiceKey = (threadId: string) => PREFIX + threadId;

/** What this browser shares of its threads: the setting, and the threads chosen one by one. */
export interface ThreadSharing {
  all: boolean;
  /** Thread id → shared (true) or kept private (false), for the threads the user chose for. */
  chosen: Map<string, boolean>;
}

/** Whether a thread is shared: its own choice, else the setting. */
export function isThreadShared(sharing: ThreadSharing, threadId: string): boolean {
  return sharing.chosen.get(threadId) ?? sharing.all;
}

/** The setting and the choices for these threads (all chosen threads when `threadIds` is absent). */
export async function readThreadSharing(db: KizunaDb, threadIds?: readonly string[]): Promise<ThreadSharing> {
  const all = !!(await db.contactMeta.get(SHARE_THREADS))?.value;
  const rows = threadIds ? (await db.contactMeta.bulkGet(threadIds.map(choiceKey))).filter((r) => r !== undefined) : await db.contactMeta.where('key').startsWith(PREFIX).toArray();
  return { all, chosen: new Map(rows.map((r) => [r.key.slice(PREFIX.length), r.value === 1])) };
}

/** Turns the setting on or off (a viewer's or a removed member's browser refuses: TeamReadOnlyError). */
export async function setThreadSharing(db: KizunaDb, on: boolean): Promise<void> {
  await db.transaction('rw', [db.contactMeta, db.teamOutbox], async (tx) => {
    await refuseWhenReadOnly(tx);
    if (on) await db.contactMeta.put({ key: SHARE_THREADS, value: 1 });
    else await db.contactMeta.delete(SHARE_THREADS);
    await recordOutbox(tx, () => [{ op: 'threads' }]);
  });
}

/** Shares one thread with the team, or keeps it private (and takes it out of the team book). */
export async function setThreadShared(db: KizunaDb, threadId: string, shared: boolean): Promise<void> {
  if (!threadId) throw new Error('a thread id is needed');
  await db.transaction('rw', [db.contactMeta, db.teamOutbox], async (tx) => {
    await refuseWhenReadOnly(tx);
    await db.contactMeta.put({ key: choiceKey(threadId), value: shared ? 1 : 0 });
    await recordOutbox(tx, () => [{ op: 'thread', threadId }]);
  });
}
