import Dexie from 'dexie';
import type { KizunaDb } from '@/lib/db';
import { activityStoreOf } from '@/lib/activities/dexie-store';
import { contactStoreOf } from '@/lib/contacts/dexie-store';
import { recordThread, type RecordResult } from '@/lib/contacts/record-thread';
import type { ThreadSnapshot } from '@/lib/protocol';
import type { Settings } from '@/lib/settings';

// Threads (with the settings recordThread reads) this page recorded, and the change count of the tables recordThread
// reads when it did. Gmail shows the same few threads again and again (back to the inbox and in, back and forth):
// each switch read the thread's contacts and messages again to find nothing to write, beside the profile's read on
// the switch's path (issue 13). Bounded: the threads seen last.
const REMEMBERED = 32;

/** What `recordThread` reads of a snapshot and settings, as one key. */
const keyOf = (thread: ThreadSnapshot, settings: Settings) =>
  JSON.stringify([thread.threadId, thread.subject, thread.userEmail, thread.messages, settings.autoCreate, settings.neverLog, settings.aliases, settings.gmailAccounts]);

/**
 * `recordThread` for one page: a thread it recorded already is not read again while nothing in the tables it reads
 * has changed since (Dexie's `storagemutated`, which reports this page's writes and every other context's). Then the
 * result is the one of last time: recording it again would find everything recorded and write nothing.
 */
export function recordOnce(db: KizunaDb): (thread: ThreadSnapshot, settings: Settings) => Promise<RecordResult> {
  const tables = new Set([...contactStoreOf(db).readTables, db.companies, ...activityStoreOf(db).readTables].map((t) => t.name));
  const prefix = `idb://${db.name}/`;
  let changes = 0;
  let watching = false;
  const recorded = new Map<string, { changes: number; result: RecordResult }>();
  const onMutated = (parts: Record<string, unknown>) => {
    if (Object.keys(parts).some((part) => part === 'all' || (part.startsWith(prefix) && tables.has(part.slice(prefix.length).split('/')[0])))) changes++;
  };
  return async (thread, settings) => {
    if (!watching) {
      watching = true;
      Dexie.on('storagemutated', onMutated);
    }
    const key = keyOf(thread, settings);
    const seen = recorded.get(key);
    if (seen && seen.changes === changes) return seen.result;
    const before = changes;
    const result = await recordThread(db, thread, settings);
    recorded.delete(key);
    // A write of its own (or anyone's) while it ran counts as a change: the next visit reads again and finds it recorded.
    recorded.set(key, { changes: before, result });
    if (recorded.size > REMEMBERED) recorded.delete(recorded.keys().next().value!);
    return result;
  };
}
