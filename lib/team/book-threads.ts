// Thread summaries a member shares with the team (docs/team-book.md, "Shared threads"): in the contact's shard, Y.Map
// `threads`, one whole value per contact and Gmail thread (`contactKey␟threadId` → subject, date, direction, who
// shared it). Never the body or a snippet: the summary has no field for them. Unsharing is a tombstone (`deletedAt`),
// so the other members' copies go too. A Gmail thread id belongs to one mailbox: two members never write one key.
import type * as Y from 'yjs';
import { z } from 'zod';
import { SEP, shardName, type Stamp } from './book-doc';

/** A shared thread's summary as the book holds it (`deletedAt`: unshared). */
export interface BookThread {
  contact: string;
  threadId: string;
  subject: string;
  /** The newest message's date and direction. */
  at: number;
  direction: 'in' | 'out';
  /** The member who shared it. */
  by: string;
  deletedAt?: number;
}

// A value written by another member's browser is untrusted: read only what has this shape.
const ThreadValue = z.object({
  contact: z.string().min(1).max(320),
  threadId: z.string().min(1).max(1000),
  subject: z.string().max(10_000),
  at: z.number(),
  direction: z.enum(['in', 'out']),
  by: z.string().max(200),
  deletedAt: z.number().optional(),
});

/** The flat key of a contact's thread (`ann@x.example␟18c1…`). */
export const threadBookKey = (contact: string, threadId: string): string => contact + SEP + threadId;

const mapOf = (docs: ReadonlyMap<string, Y.Doc>, contact: string): { doc: Y.Doc; map: Y.Map<unknown> } => {
  const doc = docs.get(shardName(contact));
  if (!doc) throw new Error(`the team documents lack ${shardName(contact)}`);
  return { doc, map: doc.getMap('threads') };
};

/** Every thread summary of the team (all shards), by flat key, unshared ones included (with `deletedAt`). */
export function readThreads(docs: ReadonlyMap<string, Y.Doc>): Map<string, BookThread> {
  const out = new Map<string, BookThread>();
  for (const [name, doc] of docs) {
    if (name === 'book') continue;
    for (const [flat, value] of doc.getMap('threads').entries()) {
      const parsed = ThreadValue.safeParse(value);
      if (parsed.success && flat === threadBookKey(parsed.data.contact, parsed.data.threadId)) out.set(flat, parsed.data);
    }
  }
  return out;
}

/** Shares (or updates) a thread's summary for one contact; writes nothing when the book has it as it is. */
export function shareThread(docs: ReadonlyMap<string, Y.Doc>, thread: Omit<BookThread, 'deletedAt'>, origin: object): void {
  const { doc, map } = mapOf(docs, thread.contact);
  const key = threadBookKey(thread.contact, thread.threadId);
  const now = ThreadValue.safeParse(map.get(key));
  const value: BookThread = { contact: thread.contact, threadId: thread.threadId, subject: thread.subject, at: thread.at, direction: thread.direction, by: thread.by };
  if (now.success && now.data.deletedAt === undefined && (Object.keys(value) as (keyof BookThread)[]).every((k) => now.data[k] === value[k])) return;
  doc.transact(() => map.set(key, value), origin);
}

/** Takes a thread out of the team book for one contact: a tombstone, the subject gone with it. */
export function unshareThread(docs: ReadonlyMap<string, Y.Doc>, contact: string, threadId: string, stamp: Stamp, origin: object): void {
  const { doc, map } = mapOf(docs, contact);
  const key = threadBookKey(contact, threadId);
  const now = ThreadValue.safeParse(map.get(key));
  if (!now.success || now.data.deletedAt !== undefined) return;
  doc.transact(() => map.set(key, { contact, threadId, subject: '', at: now.data.at, direction: now.data.direction, by: stamp.by, deletedAt: stamp.at }), origin);
}
