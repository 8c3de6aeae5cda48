// The bridge between the team's live Yjs documents and this browser's database. The sync host (the page
// that holds the documents and their connections) starts one bridge when the team's documents are open,
// and stops it when it closes them. The work is done by lib/team/book-sync.ts over lib/team/book-doc.ts.
import type * as Y from 'yjs';
import type { KizunaDb } from '../db/schema';
import { TeamBook } from './book-doc';
import { BookSync, type ShardRelease } from './book-sync';

export interface TeamBridgeOptions {
  /** The team's documents by name (`teamDocumentNames()` in lib/team/config.ts), each loaded from y-indexeddb. */
  docs: ReadonlyMap<string, Y.Doc>;
  /** The name other members see on notes and "changed by". */
  memberName: string;
  /** A viewer, or a member the server removed: remote changes still land here, local ones are not sent. */
  readOnly: boolean;
  /** The local book (default: the extension's database). */
  db?: KizunaDb;
  /**
   * Resolves once the documents hold the server's state: one promise for all, or one per document name (`book`,
   * `contacts-07`). A book joining the team merges each shard only once it is synced: merged into a document that has
   * not heard from the server yet, it would find no team contact to compare with, record no difference, and race the
   * team's values field by field. Per document, a synced shard is merged and written at once, before the others
   * arrive. Absent: the documents are complete now.
   */
  firstSync?: Promise<void> | ((name: string) => Promise<void>);
  /**
   * Resolves once every document update made so far is stored in this browser (the host waits for y-indexeddb's
   * write). The outbox rows a drain sent are deleted only then: a crash in between must not lose the edit.
   */
  persisted?: () => Promise<void>;
  /** Loads contact shards the host has unloaded (idle), before a drain writes into them. Absent: every shard is loaded. */
  loadShards?: (names: readonly string[]) => Promise<void>;
  /** Unloads contact shards during the bridge's pass over the book (lib/team/book-sync.ts, `ShardRelease`). Absent: none is. */
  shards?: ShardRelease;
  /**
   * After a join's first write of new contacts, resolves (with what it heard) once a page that lists contacts shows
   * them, or none does (lib/team/first-rows.ts): the join writes nothing more and asks for no other shard until then.
   * Absent: the join goes straight on.
   */
  firstRowsShown?: () => Promise<string>;
}

export interface TeamBridge {
  /** Resolves once the local book and the documents have been merged for the first time. */
  ready: Promise<void>;
  /** Stops following both sides; the documents stay as they are. */
  stop(): void;
  /** Resolves when every change seen so far is written on both sides. */
  idle(): Promise<void>;
  /** Runs `task` between pulls and drains, told whether a pull of remote changes waits (lib/team/book-sync.ts, `exclusive`). */
  exclusive<T>(task: (pullWaiting: boolean) => T | Promise<T>): Promise<T>;
  /** Follows a contact shard the host has loaded again (in `docs` now, with its local copy, not yet synced). */
  attachShard(name: string): void;
  /** Stops following a contact shard the host is unloading (already out of `docs`' use). */
  detachShard(name: string): void;
}

/** Starts mirroring the local book into the team's documents and theirs into the local book. */
export function startTeamBridge(options: TeamBridgeOptions): TeamBridge {
  const book = new TeamBook(options.docs);
  const db = options.db ? Promise.resolve(options.db) : import('../db').then((m) => m.db);
  const { firstSync } = options;
  const synced = typeof firstSync === 'function' ? firstSync : () => firstSync ?? Promise.resolve();
  const sync = db.then((d) => new BookSync(d, book, options.memberName, options.readOnly, synced, Date.now, options.persisted, options.loadShards, options.shards, options.firstRowsShown));
  const ready = sync.then((s) => s.start());
  return {
    ready,
    stop() {
      void sync.then((s) => s.stop()).finally(() => book.destroy());
    },
    idle: () => sync.then((s) => s.idle()).then(() => undefined),
    exclusive: (task) => sync.then((s) => s.exclusive(task)),
    attachShard: (name) => book.attachShard(name),
    detachShard: (name) => book.detachShard(name),
  };
}
