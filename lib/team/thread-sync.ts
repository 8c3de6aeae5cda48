// Shared thread summaries between this browser's mail history and the team book (lib/team/book-threads.ts). Pushed:
// this browser's own Gmail threads (email activities), as its sharing choices say (lib/team/thread-share.ts). Pulled:
// the other members' shared threads, as `team-thread` activities of the contact (shown in its history with who shared
// them; never counted as mail by the churn signals, which read `email` rows only).
import type * as Y from 'yjs';
import type { KizunaDb } from '../db/schema';
import type { Activity } from '../db/types';
import { activityStoreOf } from '../activities/dexie-store';
import { contactStoreOf } from '../contacts/dexie-store';
import { contactKey, type Stamp } from './book-doc';
import { readThreads, shareThread, threadBookKey, unshareThread } from './book-threads';
import { markFromTeam } from './outbox';
import { isThreadShared, readThreadSharing } from './thread-share';

const ownEmails = async (db: KizunaDb, threadIds?: readonly string[]): Promise<Activity[]> =>
  (threadIds ? await db.activities.where('threadId').anyOf(threadIds).toArray() : await db.activities.where('kind').equals('email').toArray()).filter((a) => a.kind === 'email' && !!a.threadId);

/**
 * Writes these threads (every thread of this browser when `threadIds` is absent) into the book as the sharing choices
 * say: a shared one's summary under each of its contacts, a private one taken out (a tombstone) where the book has it.
 * `only`: write under these contacts only (by contact key; a join writes one loaded shard at a time).
 */
export async function pushThreads(
  db: KizunaDb,
  docs: ReadonlyMap<string, Y.Doc>,
  threadIds: readonly string[] | undefined,
  stamp: Stamp,
  origin: object,
  only: (contact: string) => boolean = () => true,
): Promise<void> {
  const emails = await ownEmails(db, threadIds);
  const byThread = new Map<string, Activity[]>();
  for (const a of emails) byThread.set(a.threadId!, [...(byThread.get(a.threadId!) ?? []), a]);
  if (!byThread.size) return;
  const sharing = await readThreadSharing(db, [...byThread.keys()]);
  const store = contactStoreOf(db);
  const contacts = new Map((await store.getMany([...new Set(emails.flatMap((a) => a.contactIds))])).flatMap((c) => (c ? [[c.id, contactKey(c.email)] as const] : [])));
  for (const [threadId, messages] of byThread) {
    const newest = messages.reduce((x, y) => (y.at > x.at ? y : x));
    const shared = isThreadShared(sharing, threadId);
    for (const contact of new Set(messages.flatMap((m) => m.contactIds.flatMap((id) => contacts.get(id) ?? [])))) {
      if (!only(contact)) continue;
      if (shared) shareThread(docs, { contact, threadId, subject: newest.subject ?? '', at: newest.at, direction: newest.direction ?? 'in', by: stamp.by }, origin);
      else unshareThread(docs, contact, threadId, stamp, origin);
    }
  }
}

/** Makes the local copies of the other members' shared threads equal to the book's: added, updated, removed when unshared. */
export async function pullThreads(db: KizunaDb, docs: ReadonlyMap<string, Y.Doc>): Promise<void> {
  const team = readThreads(docs);
  const store = contactStoreOf(db);
  const history = activityStoreOf(db);
  await db.transaction('rw', [...history.tables, db.teamOutbox, db.contactMeta, ...store.readTables], async (tx) => {
    markFromTeam(tx);
    const copies = new Map((await db.activities.where('kind').equals('team-thread').toArray()).map((a) => [a.teamNoteId ?? '', a]));
    // A thread this browser has itself is its own (shared from here, or from another browser of the same mailbox).
    const mine = new Set((await ownEmails(db, [...new Set([...team.values()].map((t) => t.threadId))])).map((a) => a.threadId));
    const contacts = new Map((await store.byEmails([...new Set([...team.values()].map((t) => t.contact))])).map((c) => [contactKey(c.email), c.id]));
    for (const [key, thread] of team) {
      const copy = copies.get(key);
      const contactId = contacts.get(thread.contact);
      if (thread.deletedAt !== undefined || mine.has(thread.threadId) || contactId === undefined) {
        if (copy) await history.delete([copy.id]);
        continue;
      }
      const row = {
        kind: 'team-thread' as const,
        contactIds: [contactId],
        at: thread.at,
        threadId: thread.threadId,
        direction: thread.direction,
        subject: thread.subject,
        author: thread.by,
        teamNoteId: threadBookKey(thread.contact, thread.threadId),
      };
      if (!copy) await history.add(row);
      else if ((Object.keys(row) as (keyof typeof row)[]).some((k) => JSON.stringify(copy[k]) !== JSON.stringify(row[k]))) await history.put([{ ...row, id: copy.id } as Activity]);
    }
  });
}
