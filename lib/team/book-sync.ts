// Keeps the local book (Dexie, through the ContactStore) and the team book (Yjs documents) equal: local
// writes reach the documents through the outbox, remote changes land in the local book, each side
// written only where a field differs (a whole-row write could undo a just-committed edit: pitfall 5).
import Dexie, { type Table } from 'dexie';
import type { KizunaDb } from '../db/schema';
import type { Activity, Contact, Tag } from '../db/types';
import type { ContactRow, NewContact } from '../contacts/store';
import { contactStoreOf } from '../contacts/dexie-store';
import { activityStoreOf } from '../activities/dexie-store';
import { cleanTagName, tagKey } from '../contacts/tags';
import { contactKey, shardName, type BookContact, type BookTag, type SharedContact, type Stamp, type TeamBook } from './book-doc';
import { markFromTeam, TEAM_JOINED, TEAM_READ_ONLY, type OutboxRow, type TeamConflict } from './outbox';
import { pullTemplates, pushAllTeamTemplates, pushTemplates } from './template-sync';
import { pullSegments, pushAllSegments, pushSegments } from './segment-sync';
import { pullTasks, pushTasks } from './task-sync';
import { pullThreads, pushThreads } from './thread-sync';
import { playbooksNameTags, pullPlaybooks, pushAllPlaybooks, pushPlaybooks } from './playbook-sync';
import { companyIdsFrom, companyIdsOf, emptyCompanyIndex, mergeShared, patchFrom, toShared, type CompanyIndex } from './shared-contact';
import { hop, phaseSince, timed } from './phases';
import { contactShardNames, LOADED_AT_ONCE, teamDocumentNames } from './documents';

const BATCH = 200;
/** Outbox rows one drain reads and sends at most. */
const DRAIN_ROWS = 500;
/** A join writes its first shard's new contacts in transactions of 100, 400, 1,600 … so the contacts page shows rows before that shard ends. */
export const FIRST_WRITE = 100;
/**
 * A join pulls the shards synced while it wrote the one before together, up to about this many contacts, and writes at
 * most this many per transaction: a page that lists contacts is told a write's ids one by one up to 5,000
 * (keysOfRangeTree, lib/contacts/dexie-store.ts) and patches them in; past that it re-reads its whole list.
 */
export const JOIN_WRITE = 4000;
/**
 * A join's write of this many new contacts or more stores them packed, a hundred per row, as a large import does
 * (`addMany(…, { packed: true })`, lib/contacts/staging.ts; the background files them afterwards): one IndexedDB row
 * and one email index entry per contact was most of a big join's write (issue 17). The same count as an import's (STAGE_FROM).
 */
export const JOIN_PACKED_FROM = 1000;

/**
 * What a pull has looked up already: the team's tag definitions, local tag ids by team key, company ids by name. A join
 * keeps one for all its shards, with the local tags (`localTags`) and companies (`companyIndex`) each read once.
 */
interface PullCache {
  defs: Map<string, BookTag>;
  tags: Map<string, number>;
  companies: Map<string, number | undefined>;
  localTags?: Map<string, Tag>;
  companyIndex?: CompanyIndex;
}
/**
 * The local book before joining, by shard: its contacts' ids and emails, notes, stage changes, tasks and the Gmail
 * threads they are in (read once, not once per shard).
 */
type LocalByShard = Map<string, LocalShard>;
interface LocalShard {
  ids: number[];
  emails: Set<string>;
  notes: Activity[];
  stages: Activity[];
  tasks: { taskId: number; key: string; contactId: number }[];
  threads: Set<string>;
}
/**
 * How the sync host lets a pass over the whole book (BookSync.shardByShard) unload each contact shard once it is done
 * with it (lib/team/host.ts). Absent: every shard stays loaded.
 */
export interface ShardRelease {
  /** Resolves true once the server has every change of the shard (it may be unloaded), false when it cannot now (offline). */
  settled(name: string): Promise<boolean>;
  /** Unloads the shard now if it is settled; true when it is no longer loaded (or is never unloaded), false when it must stay. */
  release(name: string): boolean;
}
const ALL_LOADED: ShardRelease = { settled: () => Promise.resolve(true), release: () => true };
/** One or more shards of a join, as their pull needs them. */
interface JoinShard {
  /** The shards' live contacts, read in one pass when their keys were taken (TeamBook.contactsIn), instead of one read per key. */
  teams: ReadonlyMap<string, BookContact>;
  /** The shards' emails stored here when the join began (from LocalByShard). */
  stored: ReadonlySet<string>;
  /** Write the new contacts in growing transactions (the join's first shard: rows on the contacts page sooner). */
  stepped?: boolean;
  /** Called as each write of new contacts has committed, with how many it added; awaited before the next write. */
  written?: (added: number) => Promise<void> | void;
}
/** One drain's outbox rows and what they name, read together (BookSync.readOutbox). */
interface OutboxRead {
  rows: OutboxRow[];
  /** How many contacts the rows name. */
  contactRows: number;
  /** Each named contact as stored now (undefined: deleted since), by id. */
  contacts: Map<number, Contact | undefined>;
  /** The shared form of each stored one, by id. */
  shared: Map<number, SharedContact>;
  /** The tags of the rows that name a tag (created, renamed, recoloured). */
  tags: Tag[];
}
const chunks = <T>(list: readonly T[], size: number): T[][] => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));
const newNoteId = () => crypto.randomUUID();

/** The two-way sync of one local book with one team book (lib/team/bridge.ts starts it). */
export class BookSync {
  private readonly store;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly dirty = new Set<string>();
  private readonly dirtyNotes = new Set<string>();
  /** Tag definitions changed by others: their keys, or all of them (`true`). */
  private tagsDirty: boolean | Set<string> = false;
  /** A pull added contacts here that were not here before: the tasks and threads waiting for them are pulled too. */
  private added = false;
  private templatesDirty = false;
  private segmentsDirty = false;
  private tasksDirty = false;
  private threadsDirty = false;
  private playbooksDirty = false;
  /** A pull is queued and has not started: changes arriving now are taken by it. */
  private pullQueued = false;
  private stopped = false;
  private readonly stops: (() => void)[] = [];
  /**
   * Tags new to the book, not made here yet: a contact's pull makes them, else a poll that finds them still waiting
   * (markTags). The value: a poll has seen the tag already.
   */
  private readonly freshTags = new Map<string, boolean>();
  /** A poll's fresh tags wait in the queue (it was busy): one such wait at a time. */
  private freshQueued = false;
  /**
   * Team tag keys whose local tag a pull made before their definition came (a contact's shard synced before `book`, as
   * after a reconnect): named by the key ("from a") until then. Their definition is pulled as soon as it arrives, not
   * left to the poll as a fresh tag's is.
   */
  private readonly keyNamed = new Set<string>();
  /** Tasks queued or running (run): the poll drains only when there are none. */
  private busy = 0;
  /** Keys a join's pull left alone because their contact had local edits not sent yet: pulled after the drain. */
  private readonly deferred = new Set<string>();
  /** Contact shards with remote changes since a pass over the book pulled them (shardByShard pulls them again before unloading). */
  private readonly changedShards = new Set<string>();
  private readonly stopping = Promise.withResolvers<void>();

  constructor(
    private readonly db: KizunaDb,
    private readonly book: TeamBook,
    private readonly member: string,
    private readonly readOnly: boolean,
    /** Resolves once this document (`book`, `contacts-07`) holds the server's state: a join merges each shard only then. */
    private readonly firstSync: (name: string) => Promise<void> = () => Promise.resolve(),
    private readonly now: () => number = Date.now,
    /** Resolves once every document update made so far is stored in this browser (y-indexeddb): the outbox rows go only then. */
    private readonly persisted: () => Promise<void> = () => Promise.resolve(),
    /** Loads these contact shards if the sync host has unloaded them (idle): a drain writes only into loaded shards. */
    private readonly loadShards: (names: readonly string[]) => Promise<void> = () => Promise.resolve(),
    /** Unloads each shard a pass over the book is done with (the join: a few shards in memory at once, not the book). */
    private readonly shards: ShardRelease = ALL_LOADED,
    /** After a join's first write of new contacts: resolves once a page that lists contacts shows them (lib/team/first-rows.ts). */
    private readonly firstRowsShown: () => Promise<string> = () => Promise.resolve('not asked'),
  ) {
    this.store = contactStoreOf(db);
  }

  /** Follows both sides; resolves once the local book joined the team book (first time) and both are equal. */
  start(): Promise<void> {
    this.stops.push(
      this.book.onChange((change) => {
        if (change.shard) this.changedShards.add(change.shard);
        for (const key of change.contacts) this.dirty.add(key);
        for (const key of change.notes) this.dirtyNotes.add(key);
        if (change.tags) this.markTags(change.tagKeys, change.newTagKeys);
        this.templatesDirty ||= !!change.templates;
        this.segmentsDirty ||= !!change.segments;
        // A task or a shared thread whose contact is not here yet waits for it: the pull that adds the contact pulls
        // them again (`added`). An edit of a contact already here re-reads neither (both scan every shard).
        this.tasksDirty ||= !!change.tasks;
        this.threadsDirty ||= !!change.threads;
        // A playbook names tags and team templates: pulled after them (below), also when only they changed; a tag only
        // when a team playbook names it (a new tag on a contact must not put the playbooks' pull before the contact's).
        this.playbooksDirty ||= !!change.playbooks || !!change.templates || (change.tags && playbooksNameTags(this.book, change.tagKeys));
        this.schedulePull();
      }),
    );
    // Local writes of every context: Dexie's cross-context change event wakes the drain, a poll covers a missed one.
    const onMutated = (parts: Record<string, unknown>) => {
      if (Object.keys(parts).some((part) => part === 'all' || part.startsWith(`idb://${this.db.name}/teamOutbox`))) {
        hop('outbox noticed');
        void this.drain();
      }
    };
    Dexie.on('storagemutated', onMutated);
    this.stops.push(() => Dexie.on('storagemutated').unsubscribe(onMutated));
    // The poll: the fallback for a missed change event, and the fresh tags no contact carried (markTags). It drains only
    // when nothing is queued: a drain put ahead of a remote edit's pull would delay it for an outbox that is usually empty.
    let skipped = 0;
    const poll = setInterval(() => {
      // Only those an earlier poll saw: a definition that came just before this tick is usually a tag just put on a
      // contact whose change is a few ms behind it (another document); made now, it was a write of its own that the
      // contact's pull waited behind. And not before a pull queued or running now: it may be the pull of that contact.
      const due = [...this.freshTags].flatMap(([key, seen]) => (seen ? [key] : []));
      for (const key of this.freshTags.keys()) this.freshTags.set(key, true);
      if (due.length) this.takeFreshTags(due);
      // Never skipped more than four times in a row: a queue that stays busy still gets its fallback drain.
      if (this.busy === 0 || ++skipped >= 5) (void this.drainPending(), (skipped = 0));
    }, 2000);
    this.stops.push(() => clearInterval(poll));
    return this.run('start', async () => {
      hop('bridge: start');
      // The stores refuse a viewer's writes to what the team shares (lib/team/outbox.ts, refuseWhenReadOnly).
      if (this.readOnly) await this.db.contactMeta.put({ key: TEAM_READ_ONLY, value: 1 });
      else await this.db.contactMeta.delete(TEAM_READ_ONLY);
      const flag = await this.db.contactMeta.get(TEAM_JOINED);
      // From here on every local write is in the outbox: none made during the merge is missed.
      if (!flag) await this.db.contactMeta.put({ key: TEAM_JOINED, value: 1 });
      if (flag?.value !== 2) {
        await this.joinShardByShard();
        if (this.stopped) return;
        await this.db.contactMeta.put({ key: TEAM_JOINED, value: 2 });
        await this.drainNow();
        const later = [...this.deferred];
        this.deferred.clear();
        await this.loadShards([...new Set(later.map(shardName))]);
        await this.pullNow(this.takeDirty(later), new Set(later), false);
      } else {
        await this.drainNow();
        // Every shard compared with the local book, from its copy here (also offline), a few loaded at a time: a remote
        // change stored in a shard's copy may not have reached the local book before the page closed.
        await this.pullNow([], new Set(), this.takeTags());
        await this.shardByShard(false, async ([name]) => {
          this.changedShards.delete(name);
          await this.pullNow(this.takeDirty(this.book.keys(name)), this.book.noteKeys(name), false);
          await this.pullShardTasksAndThreads(name);
        });
      }
      this.templatesDirty = this.segmentsDirty = false;
      await pullTemplates(this.db, this.book.bookDoc());
      await pullSegments(this.db, this.book);
      this.tasksDirty = this.added = false;
      await pullTasks(this.db, this.book.documents());
      this.threadsDirty = false;
      await pullThreads(this.db, this.book.documents());
      this.playbooksDirty = false;
      await pullPlaybooks(this.db, this.book);
    });
  }

  /** Stops following both sides (what is queued still runs). */
  stop(): Promise<unknown> {
    this.stopped = true;
    this.stopping.resolve();
    for (const stop of this.stops.splice(0)) stop();
    return this.queue;
  }

  /**
   * Runs `task` in this sync's queue, between pulls and drains, with whether a pull of remote changes is waiting (the
   * host unloads idle shards only then: a pull reads the shards its changes came from).
   */
  exclusive<T>(task: (pullWaiting: boolean) => T | Promise<T>): Promise<T> {
    return this.run('shards', async () => task(this.pullQueued || this.dirty.size > 0 || this.dirtyNotes.size > 0));
  }

  /** Waits until everything queued so far is done (tests, the host before it closes). */
  idle(): Promise<unknown> {
    return this.queue;
  }

  private run<T>(label: string, task: () => Promise<T>): Promise<T> {
    hop(`queue: ${label} queued`);
    this.busy++;
    const next = this.queue.then(async () => {
      hop(`queue: ${label} start`);
      try {
        return await task();
      } finally {
        this.busy--;
        hop(`queue: ${label} end`);
      }
    });
    this.queue = next.catch((error: unknown) => console.error('team sync', error));
    return next;
  }

  private stamp(): Stamp {
    return { at: this.now(), by: this.member };
  }

  /**
   * Marks tag definitions to pull. A tag new to the book (`fresh`) is usually one just put on a contact: its definition
   * arrives first (TeamBook.batch) and the contact's change tens of ms later (another document, relayed on its own).
   * Pulled alone it would be a write of its own that the contact's pull waits behind, so it waits for that pull instead,
   * which makes the tag from its definition; one no contact carries is made by the second poll after it came (within 4 s).
   */
  private markTags(keys: ReadonlySet<string> | undefined, fresh?: ReadonlySet<string>) {
    if (this.tagsDirty === true || !keys) return void (this.tagsDirty = true);
    // A new definition of a tag a pull already made (named by its key): no contact's pull is coming to make it.
    const now = [...keys].filter((key) => !fresh?.has(key) || this.keyNamed.has(key));
    for (const key of fresh ?? []) if (keys.has(key) && !this.keyNamed.has(key) && !this.freshTags.has(key)) this.freshTags.set(key, false);
    if (now.length) this.tagsDirty = new Set([...(this.tagsDirty || []), ...now]);
  }

  /**
   * The fresh tags a poll found still waiting: pulled now when the queue is empty, else in its turn behind what is queued
   * (a poll that waited for an empty queue never came while other pulls kept it busy). A contact's pull among what is
   * queued makes its fresh tags itself: those are no longer waiting by then.
   */
  private takeFreshTags(due: readonly string[]) {
    const take = () => {
      const still = due.filter((key) => this.freshTags.has(key));
      for (const key of still) this.freshTags.delete(key);
      if (!still.length) return;
      this.markTags(new Set(still));
      this.schedulePull();
    };
    if (this.busy === 0) return take();
    if (this.freshQueued) return;
    this.freshQueued = true;
    void this.run('fresh tags', async () => {
      this.freshQueued = false;
      take();
    });
  }

  /**
   * Queues one pull for what remote changes marked, with no timer: it starts as soon as the queue is free (a microtask
   * when idle), so a lone edit lands at once. Bursts stay batched: the changes of one Y transaction arrive before that
   * microtask, and whatever arrives while a pull or a drain runs is taken, all of it, by the one pull queued behind it.
   * Contacts go first: those that arrive while the pull runs the other kinds (templates, tasks, playbooks…) are pulled
   * before the next kind, not after all of them.
   */
  private schedulePull() {
    if (this.pullQueued || this.stopped) return;
    this.pullQueued = true;
    hop('pull scheduled');
    // What changed is read when the pull runs, not when it is queued: a pull that ran in between (a join's, shard by
    // shard) has taken the keys it covered, and what it left is all that is pulled again.
    void this.run('pull', async () => {
      this.pullQueued = false;
      await this.pullMarkedContacts();
      // Read after the contacts' pull: the contacts it added bring the tasks and threads that waited for them.
      const tasks = this.tasksDirty || this.added;
      const threads = this.threadsDirty || this.added;
      const rest = [
        this.templatesDirty && (() => pullTemplates(this.db, this.book.bookDoc())),
        this.segmentsDirty && (() => pullSegments(this.db, this.book)),
        tasks && (() => pullTasks(this.db, this.book.documents())),
        threads && (() => pullThreads(this.db, this.book.documents())),
        this.playbooksDirty && (() => pullPlaybooks(this.db, this.book)),
      ];
      this.templatesDirty = this.segmentsDirty = this.playbooksDirty = this.tasksDirty = this.threadsDirty = this.added = false;
      for (const pull of rest) {
        if (!pull) continue;
        await pull();
        // A contact added by one of these in-between pulls brings its tasks and threads with the next pull (`added`).
        await this.pullMarkedContacts();
      }
    });
  }

  /** Pulls the contacts, notes and tag definitions remote changes marked so far (nothing when none). */
  private async pullMarkedContacts(): Promise<void> {
    const notes = new Set(this.dirtyNotes);
    this.dirtyNotes.clear();
    const keys = this.takeDirty([...new Set([...this.dirty, ...notes])]);
    const tags = this.takeTags();
    if (!keys.length && !tags) return;
    hop('pull start', { keys: keys.length, tags: !!tags });
    const cache: PullCache = { defs: this.book.tags(), tags: new Map(), companies: new Map() };
    await this.pullNow(keys, notes, tags, undefined, cache);
    // The fresh tags these contacts carry are made now, from their definitions (one made by its key waits for its own).
    for (const key of cache.tags.keys()) if (!this.keyNamed.has(key)) this.freshTags.delete(key);
    hop('pull committed', { keys: keys.length, tags: !!tags });
  }

  /** Takes `keys` out of what remote changes marked to pull (a pull of them starts now and reads them as they are). */
  private takeDirty(keys: string[]): string[] {
    for (const key of keys) (this.dirty.delete(key), this.dirtyNotes.delete(key));
    return keys;
  }

  private takeTags(): boolean | ReadonlySet<string> {
    const tags = this.tagsDirty;
    this.tagsDirty = false;
    return tags;
  }

  /** Sends the outbox's rows into the documents (not for a read-only member: they stay pending). */
  drain(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return this.run('drain', () => this.drainNow());
  }

  /**
   * The poll's drain: queued only when the outbox has rows. The peek reads the outbox alone, outside the queue; a drain
   * queued for an empty outbox (nearly every poll) read it with the contacts' tables, waiting for any write of them, and
   * a remote edit's pull that arrived meanwhile waited behind it in the queue (issue 17: hundreds of ms, every 2 s).
   */
  private async drainPending(): Promise<void> {
    if (this.readOnly || this.stopped) return;
    if ((await this.db.teamOutbox.count()) > 0) await this.drain();
  }

  private async drainNow(): Promise<void> {
    if (this.readOnly) return;
    const start = performance.now();
    if ((await this.drainRows()) > 0) phaseSince('outbox drained', start);
  }

  /** Sends the outbox's rows; returns how many. */
  private async drainRows(): Promise<number> {
    for (let sent = 0; ;) {
      const read = await this.readOutbox();
      const { rows } = read;
      if (rows.length === 0) return sent;
      sent += rows.length;
      await this.loadShards(await this.shardsOf(read));
      await this.push(read);
      hop('drain: documents written (sent)', { rows: rows.length, contacts: read.contactRows });
      // A crash between deleting the rows and y-indexeddb's write would lose the edit: the rows go once it is stored.
      await this.persisted();
      hop('drain: stored in y-indexeddb');
      await this.db.teamOutbox.bulkDelete(rows.map((r) => r.seq!));
      hop('drain: outbox rows deleted');
      // A full batch may have more behind it. Rows written since this one was read are not missed: their commit wakes
      // another drain (queued behind this one), so there is no read of an empty outbox here.
      if (rows.length < DRAIN_ROWS) return sent;
    }
  }

  /** The contact shards a drain of these rows writes into (tags, templates, segments and playbooks are in `book`). */
  private async shardsOf(read: OutboxRead): Promise<string[]> {
    const { rows } = read;
    const names = new Set<string>();
    const ids = new Set<number>();
    const threads: string[] = [];
    for (const row of rows) {
      if (row.op === 'threads') return teamDocumentNames().filter((name) => name !== 'book');
      if (row.op === 'thread') threads.push(row.threadId);
      else if (row.op === 'task') ids.add(row.contactId);
      else if (row.op === 'add' || row.op === 'write' || row.op === 'delete' || row.op === 'note') ids.add(row.id);
      if ((row.op === 'write' || row.op === 'delete') && row.email) names.add(shardName(contactKey(row.email)));
    }
    if (rows.some((row) => row.op === 'task')) for (const task of await this.db.tasks.bulkGet(rows.flatMap((r) => (r.op === 'task' ? [r.taskId] : [])))) if (task) ids.add(task.contactId);
    if (threads.length) for (const a of await this.db.activities.where('threadId').anyOf(threads).toArray()) for (const id of a.contactIds) ids.add(id);
    // The drain's read has the contacts of its contact rows already; only those of tasks, notes and threads are read.
    const unread = [...ids].filter((id) => !read.contacts.has(id));
    const contacts = [...read.contacts.values(), ...(unread.length ? await this.store.getMany(unread) : [])];
    for (const contact of contacts) if (contact) names.add(shardName(contactKey(contact.email)));
    return [...names];
  }

  /**
   * One drain's outbox rows with what they name as it is now (their contacts in the shared form, the tags of `tag`
   * rows), read in one transaction: the documents' update is built from it with no other read before it is sent.
   */
  private readOutbox(): Promise<OutboxRead> {
    const db = this.db;
    return db.transaction('r', [db.teamOutbox, ...this.store.readTables, db.tags, db.companies], async (): Promise<OutboxRead> => {
      const rows = (await db.teamOutbox.orderBy(':id').limit(DRAIN_ROWS).toArray()) as OutboxRow[];
      const ids = [...new Set(rows.flatMap((r) => (r.op === 'add' || r.op === 'write' || r.op === 'delete' ? [r.id] : [])))];
      hop('drain: outbox rows read', { rows: rows.length, contacts: ids.length });
      const contacts = ids.length ? await this.store.getMany(ids) : [];
      const live = contacts.filter((c): c is Contact => c !== undefined);
      const tagIds = rows.flatMap((r) => (r.op === 'tag' ? [r.tagId] : []));
      const [shared, tags] = await Promise.all([this.shared(live), tagIds.length ? db.tags.bulkGet(tagIds) : ([] as (Tag | undefined)[])]);
      return {
        rows,
        contactRows: ids.length,
        contacts: new Map(ids.map((id, i) => [id, contacts[i]])),
        shared: new Map(shared.map((s, i) => [live[i].id, s])),
        tags: tags.filter((t): t is Tag => t !== undefined),
      };
    });
  }

  /** The shared form of these contacts: only their own tags and companies are read (in the caller's transaction, if any). */
  private async shared(contacts: readonly Contact[]): Promise<SharedContact[]> {
    if (contacts.length === 0) return [];
    const tagIds = [...new Set(contacts.flatMap((c) => c.tags))];
    const [tags, companies] = await Promise.all([tagIds.length ? this.db.tags.bulkGet(tagIds) : [], this.db.companies.bulkGet(contacts.map((c) => c.companyId ?? -1))]);
    const byId = new Map(tags.flatMap((t) => (t ? [[t.id, t] as const] : [])));
    return contacts.map((c, i) => toShared(c, byId, companies[i]));
  }

  private async push(read: OutboxRead): Promise<void> {
    const { rows } = read;
    const stamp = this.stamp();
    const byId = new Map<number, { created: boolean; renamedFrom: Set<string>; deleted: Set<string> }>();
    const notes: Extract<OutboxRow, { op: 'note' }>[] = [];
    const templates: Extract<OutboxRow, { op: 'template' }>[] = [];
    const segments: Extract<OutboxRow, { op: 'segment' }>[] = [];
    const tasks: Extract<OutboxRow, { op: 'task' }>[] = [];
    const definitions = { playbooks: [] as { id: string; fields?: string[] }[], sequences: [] as string[] };
    // Thread ids to look at again; null: all of them (the setting changed).
    let threads: Set<string> | null = new Set();
    for (const row of rows) {
      if (row.op === 'thread' || row.op === 'threads') {
        if (row.op === 'threads') threads = null;
        else threads?.add(row.threadId);
        continue;
      }
      if (row.op === 'task') {
        tasks.push(row);
        continue;
      }
      if (row.op === 'playbook' || row.op === 'sequence') {
        if (row.op === 'playbook') definitions.playbooks.push({ id: row.playbookId, ...(row.fields ? { fields: row.fields } : {}) });
        else definitions.sequences.push(row.sequenceId);
        continue;
      }
      if (row.op === 'segment') {
        segments.push(row);
        continue;
      }
      if (row.op === 'template') {
        templates.push(row);
        continue;
      }
      if (row.op === 'tag') continue;
      if (row.op === 'note') {
        notes.push(row);
        continue;
      }
      const entry = byId.get(row.id) ?? { created: false, renamedFrom: new Set(), deleted: new Set() };
      byId.set(row.id, entry);
      if (row.op === 'add') entry.created = true;
      else if (row.op === 'delete') entry.deleted.add(contactKey(row.email));
      else if (row.email) entry.renamedFrom.add(contactKey(row.email));
    }
    const ids = [...byId.keys()];
    const live = ids.flatMap((id) => read.contacts.get(id) ?? []);
    const refused: string[] = [];
    // Tag definitions and contacts in one batch: the `book` document's update (a new tag's name and colour) leaves just
    // before the contacts' that carry the tag, so the other members pull both at once (TeamBook.batch).
    this.book.batch(() => {
      for (const tag of read.tags) this.book.putTag({ key: tag.key, name: tag.name, color: tag.color });
      for (const id of ids) {
        const entry = byId.get(id)!;
        const contact = read.shared.get(id);
        const key = contact ? contact.email : undefined;
        for (const old of [...entry.deleted, ...entry.renamedFrom]) {
          if (old !== key && this.book.get(old)) this.book.delete(old, stamp, contact && entry.renamedFrom.has(old) ? key : undefined);
        }
        if (!contact) continue;
        if (this.book.put(contact, stamp, { create: entry.created || entry.renamedFrom.size > 0 }) === 'deleted') refused.push(contact.email);
      }
    });
    // The provider sent the contacts' update as the batch ended: the rest of the push (notes, stage changes…) is after it.
    hop('drain: contacts sent', { contacts: ids.length });
    // A local edit of a contact another member deleted: the delete wins, here too.
    for (const key of refused) this.dirty.add(key);
    if (refused.length) this.schedulePull();
    for (const row of notes) await this.pushNote(row, stamp);
    if (templates.length) await pushTemplates(this.db, this.book.bookDoc(), templates, stamp, this.book.origin);
    if (segments.length) await pushSegments(this.db, this.book.bookDoc(), segments, stamp, this.book.origin);
    if (tasks.length) await pushTasks(this.db, this.book.documents(), tasks, stamp, this.book.origin);
    // After templates: a playbook or sequence names a team template by the key the template push gave it.
    if (definitions.playbooks.length || definitions.sequences.length) await pushPlaybooks(this.db, this.book, definitions, stamp);
    // The stage changes of every contact of the batch in one read (a bulk edit of a thousand contacts: not a thousand).
    const events = live.length ? await activityStoreOf(this.db).ofContacts(live.map((c) => c.id)) : [];
    const byContact = Map.groupBy(
      events.filter((e) => e.kind === 'stage' && !e.teamNoteId),
      (e) => e.contactIds[0],
    );
    for (const contact of live) if (byContact.has(contact.id)) await this.pushStages(contact, byContact.get(contact.id));
    if (threads === null || threads.size) await pushThreads(this.db, this.book.documents(), threads ? [...threads] : undefined, stamp, this.book.origin);
  }

  /** The contact's stage changes not yet in its shared history (each written with its contact, in the same transaction). */
  private async pushStages(contact: Contact, only?: readonly Activity[]): Promise<void> {
    const list = only ?? (await activityStoreOf(this.db).ofContacts([contact.id]));
    for (const event of list) {
      if (event.kind !== 'stage' || event.teamNoteId) continue;
      const id = newNoteId();
      await activityStoreOf(this.db).update([{ id: event.id, patch: { teamNoteId: id } }]);
      this.book.putNote({ id, contactKey: contactKey(contact.email), text: '', kind: 'stage', fromStage: event.fromStage, toStage: event.toStage, at: event.at, by: this.member });
    }
  }

  private async pushNote(row: Extract<OutboxRow, { op: 'note' }>, stamp: Stamp): Promise<void> {
    const [note, contact] = await Promise.all([activityStoreOf(this.db).get(row.noteId), this.store.get(row.id)]);
    if (!contact) return;
    const key = contactKey(contact.email);
    if (!note) {
      const shared = row.noteKey ? this.book.notes(key).find((n) => n.id === row.noteKey) : undefined;
      if (shared && !shared.deletedAt) this.book.putNote({ ...shared, deletedAt: stamp.at });
      return;
    }
    let id = note.teamNoteId;
    if (!id) {
      id = newNoteId();
      await activityStoreOf(this.db).update([{ id: note.id, patch: { teamNoteId: id } }]);
    }
    this.book.putNote({ id, contactKey: key, text: note.text ?? '', at: note.at, by: note.author ?? this.member, ...(note.updatedAt ? { editedAt: note.updatedAt } : {}) });
  }

  /**
   * Writes the team's contacts with these keys (and the notes of `notes`) into the local book, only what differs, and
   * the team's tag definitions (`tags`: all of them, or those with these keys). `cache`: a join's, kept for all its shards.
   * In a join's shard (`join`), a contact with local edits not sent yet is left for later (`deferred`): pulled now, its
   * edit would be undone; the shard's new contacts are added first (addNewOfShard).
   */
  private async pullNow(
    keys: readonly string[],
    notes: ReadonlySet<string>,
    tags: boolean | ReadonlySet<string>,
    join?: JoinShard,
    cache: PullCache = { defs: this.book.tags(), tags: new Map(), companies: new Map() },
  ): Promise<void> {
    const snapshot = join?.teams;
    const teamOf = snapshot ? (key: string) => snapshot.get(key) : (key: string) => this.book.get(key);
    const db = this.db;
    const tables = [...this.store.tables, db.companies, ...activityStoreOf(db).tables];
    const pullTags = () =>
      this.localTags(
        [...cache.defs.keys()].filter((key) => tags === true || (tags !== false && tags.has(key))),
        cache,
      );
    // A few contacts with the tag definitions (a tag added on a contact: its definition and the contact arrive together):
    // both in the contacts' one transaction, so the other pages see one commit, not the tag's and then the contact's.
    const together = !!tags && !join && keys.length > 0 && keys.length <= BATCH;
    if (tags && !together) {
      // Only the tags' tables (and what the tag store writes with them): a pull of the contacts' tables would wait for,
      // and hold up, every reader of the contacts (the side panel's) for a change that is no contact's.
      await db.transaction('rw', [db.tags, db.contactMeta, db.teamOutbox, db.tagEvents], async (tx) => {
        markFromTeam(tx);
        await pullTags();
      });
    }
    let known = keys;
    let pending: ReadonlySet<number> | undefined;
    if (join) {
      ({ known, pending } = await this.addNewOfShard(keys, notes, join, cache, teamOf, tables));
    } else if (keys.length > BATCH) {
      // A large pull (a long offline spell): which keys are stored here is read at once (one walk of the email index),
      // and every contact new here is added in this one transaction; only stored ones are read one by one.
      known = await db.transaction('rw', tables, async (tx) => {
        markFromTeam(tx);
        let at = performance.now();
        const stored = await this.store.storedEmails(keys);
        phaseSince('pull: stored emails read (one index walk)', at);
        at = performance.now();
        const added = await this.newContacts(
          keys.filter((key) => !stored.has(key)),
          cache,
          teamOf,
        );
        phaseSince('pull: new contacts read from the book', at);
        await this.addFromTeam(added, notes, cache);
        return keys.filter((key) => stored.has(key));
      });
    }
    for (const chunk of chunks(known, BATCH)) {
      await db.transaction('rw', tables, async (tx) => {
        markFromTeam(tx);
        hop('pull: transaction open', { keys: chunk.length });
        if (together) await pullTags();
        let at = performance.now();
        const local = new Map((await this.store.byEmails(chunk)).map((c) => [contactKey(c.email), c]));
        hop('pull: local read', { keys: chunk.length });
        phaseSince('pull: local reads by email', at);
        at = performance.now();
        const teams = new Map(
          chunk.flatMap((key) => {
            const team = teamOf(key);
            return team ? [[key, team] as const] : [];
          }),
        );
        await this.prepare([...teams.values()], cache);
        hop('pull: tags and companies', { keys: chunk.length });
        const fresh: string[] = [];
        // What differs is written for the whole chunk at once: the rows in one put, the tags in one membership write.
        const rows: ContactRow[] = [];
        const tagSets = new Map<number, number[]>();
        for (const key of chunk) {
          const team = teams.get(key);
          const mine = local.get(key);
          if (mine && pending?.has(mine.id)) {
            this.deferred.add(key);
            continue;
          }
          if (!team) {
            if (mine && this.book.tombstone(key)) await this.store.delete([mine.id]);
            continue;
          }
          if (!mine) {
            fresh.push(key);
            continue;
          }
          const pulled = this.pulledContact(team, mine, cache);
          if (pulled.row) rows.push(pulled.row);
          if (pulled.tags) tagSets.set(mine.id, pulled.tags);
          if (notes.has(key)) await this.pullNotes(key, mine.id);
        }
        if (rows.length) await this.store.put(rows);
        if (tagSets.size) await this.store.setTags(tagSets);
        phaseSince('pull: stored contacts updated', at);
        await this.addFromTeam(await this.newContacts(fresh, cache, teamOf), notes, cache);
        hop('pull: writes done', { keys: chunk.length });
      });
    }
  }

  /**
   * A join's shards: adds the team's contacts not stored here, in transactions of JOIN_WRITE (the first shard's in
   * growing ones: FIRST_WRITE, then four times as many … up to JOIN_WRITE), and returns the keys stored here, to be
   * pulled field by field, and the contacts with local edits not sent yet. Which keys are stored here needs no read of the email index: the shard's
   * emails when the join began, and those of the contacts changed here since, which are in the outbox (read in the same
   * transaction as the write, so none slips in between).
   */
  private async addNewOfShard(
    keys: readonly string[],
    notes: ReadonlySet<string>,
    join: JoinShard,
    cache: PullCache,
    teamOf: (key: string) => BookContact | undefined,
    tables: Table[],
  ): Promise<{ known: string[]; pending: ReadonlySet<number> }> {
    const known = keys.filter((key) => join.stored.has(key));
    const maybeNew = keys.filter((key) => !join.stored.has(key));
    let pending: ReadonlySet<number> = new Set();
    let from = 0;
    for (let size = join.stepped ? FIRST_WRITE : Math.min(maybeNew.length, JOIN_WRITE); from === 0 || from < maybeNew.length; size = Math.min(size * 4, JOIN_WRITE)) {
      const part = maybeNew.slice(from, from + size);
      from += Math.max(size, 1);
      const wrote = await this.db.transaction('rw', tables, async (tx) => {
        markFromTeam(tx);
        let at = performance.now();
        // The outbox read and the tag and company look-ups of the whole part issued together: round trips, not
        // requests, are what the join waits for while the page's thread decodes other shards. A part's contact changed
        // here since (left for later) may have had its company made now: its pull after the drain would make it anyway.
        const [rows] = await Promise.all([
          tx.table('teamOutbox').toArray() as Promise<OutboxRow[]>,
          this.prepare(
            part.flatMap((key) => teamOf(key) ?? []),
            cache,
          ),
        ]);
        pending = new Set(rows.flatMap((row) => ('id' in row ? [row.id] : [])));
        const since = new Set(pending.size ? (await this.store.getMany([...pending])).flatMap((c) => (c ? [contactKey(c.email)] : [])) : []);
        phaseSince('pull: local changes since the join began (outbox), with tags and companies', at);
        at = performance.now();
        known.push(...part.filter((key) => since.has(key)));
        const added = await this.newContacts(
          part.filter((key) => !since.has(key)),
          cache,
          teamOf,
        );
        phaseSince('pull: new contacts read from the book', at);
        // Packed: none of these emails is stored here (not when the join began, none added since: the outbox, read in this
        // transaction, would name it), which is what the stage's write asks of its caller (no unique index checks it).
        await this.addFromTeam(added, notes, cache, added.length >= JOIN_PACKED_FROM);
        return added.length;
      });
      await join.written?.(wrote);
    }
    return { known, pending };
  }

  /** The team's live contacts among `keys` (none stored here), with their tags and companies looked up in bulk. */
  private async newContacts(keys: readonly string[], cache: PullCache, teamOf: (key: string) => BookContact | undefined): Promise<{ key: string; team: BookContact }[]> {
    const out = keys.flatMap((key) => {
      const team = teamOf(key);
      return team ? [{ key, team }] : [];
    });
    await this.prepare(
      out.map((a) => a.team),
      cache,
    );
    return out;
  }

  /**
   * Adds the team's contacts (after `newContacts`) in one write in the caller's transaction, with their notes. `packed`:
   * staged (the caller has made sure in its transaction that no email of them is stored here).
   */
  private async addFromTeam(added: readonly { key: string; team: BookContact }[], notes: ReadonlySet<string>, cache: PullCache, packed = false): Promise<void> {
    if (added.length === 0) return;
    this.added = true;
    const list = added.map(({ team }) => this.newContact(team, cache));
    let at = performance.now();
    const ids = await this.store.addMany(list, { packed });
    phaseSince('pull: new contacts written (addMany)', at);
    at = performance.now();
    for (const [i, { key }] of added.entries()) if (notes.has(key)) await this.pullNotes(key, ids[i]);
    phaseSince('pull: notes of new contacts', at);
  }

  /**
   * The local tags of these team tag keys into `cache.tags`, made (or renamed, recoloured) to match the team's
   * definitions: the tags table read once (a join's: once for all its shards), the missing tags made in one write.
   */
  private async localTags(keys: Iterable<string>, cache: PullCache): Promise<void> {
    const wanted = [...new Set(keys)].filter((key) => !cache.tags.has(key));
    if (wanted.length === 0) return;
    const stored = (cache.localTags ??= new Map((await this.db.tags.toArray()).map((t) => [t.key, t])));
    // A definition that came since the pull began (its `defs` were read then) names the tag now: its change event found
    // no tag made yet, and after this pull it would wait for none.
    if (wanted.some((key) => !cache.defs.has(key))) for (const [key, def] of this.book.tags()) if (!cache.defs.has(key)) cache.defs.set(key, def);
    const nameOf = (key: string) => cleanTagName(cache.defs.get(key)?.name ?? key) ?? key.slice(0, 60);
    // A team key with no local tag of that key gets the tag of its name (made when there is none, as ensure does).
    const missing = new Set(wanted.filter((key) => !stored.has(key) && !stored.has(tagKey(nameOf(key)))));
    // Marked before the write: a definition arriving during it is pulled as soon as it comes (markTags).
    for (const key of missing) if (!cache.defs.has(key)) this.keyNamed.add(key);
    if (missing.size) for (const tag of await this.store.tags.ensure([...new Set([...missing].map(nameOf))])) stored.set(tag.key, tag);
    const changed = new Map<number, Tag>();
    for (const key of wanted) {
      const tag = stored.get(key) ?? stored.get(tagKey(nameOf(key)));
      if (!tag) throw new Error(`the team's tag ${key} has no local tag`);
      const def = cache.defs.get(key);
      const name = nameOf(key);
      if (def) this.keyNamed.delete(key);
      if (def && (tag.name !== name || (def.color && tag.color !== def.color))) {
        const next = { ...tag, name, color: def.color || tag.color };
        changed.set(tag.id, next);
        stored.set(next.key, next);
      }
      cache.tags.set(key, tag.id);
    }
    if (changed.size) await this.store.tags.put([...changed.values()]);
  }

  /**
   * Looks up the local tags and companies of these team contacts (the only awaits): what is built from them afterwards is
   * synchronous. Inside a transaction, a long run of awaits on plain promises loses Dexie's zone, and the writes after it
   * would run in transactions of their own, outside the pull's (then written to the outbox, and the pull's transaction
   * ends too early).
   */
  private async prepare(teams: readonly BookContact[], cache: PullCache): Promise<void> {
    const at = performance.now();
    await this.localTags(
      teams.flatMap((team) => team.tags),
      cache,
    );
    const unknown = teams.flatMap(({ company }) => (company && !cache.companies.has(company) ? [company] : []));
    if (unknown.length) {
      const ids = cache.companyIndex ? await companyIdsFrom(this.db, cache.companyIndex, unknown) : await companyIdsOf(this.db, unknown);
      for (const [company, id] of ids) cache.companies.set(company, id);
    }
    if (teams.length) phaseSince('pull: tags and companies looked up (in the read phases)', at);
  }

  /** A team contact's local tag ids (after `prepare`). */
  private tagIdsOf(team: BookContact, cache: PullCache): number[] {
    return team.tags.map((key) => cache.tags.get(key)!).sort((a, b) => a - b);
  }

  private newContact(team: BookContact, cache: PullCache): NewContact {
    const tagIds = this.tagIdsOf(team, cache);
    const companyId = team.company ? cache.companies.get(team.company) : undefined;
    const { tags: _tags, updatedBy: _by, company: _company, ...fields } = team;
    return { ...fields, ...(companyId !== undefined ? { companyId } : {}), updatedAt: team.updatedAt, tags: tagIds };
  }

  /**
   * What differs of one stored contact (read in the pull's transaction; its tags and company looked up by `prepare`):
   * its row with the team's fields, when a field differs, and its tag ids, when they differ.
   */
  private pulledContact(team: BookContact, mine: Contact, cache: PullCache): { row?: ContactRow; tags?: number[] } {
    const tagIds = this.tagIdsOf(team, cache);
    const companyId = team.company ? cache.companies.get(team.company) : undefined;
    const patch = patchFrom(mine, team, companyId);
    const out: { row?: ContactRow; tags?: number[] } = {};
    if (Object.keys(patch).length) {
      const { tags: _tags, ...row } = mine as Contact & Record<string, unknown>;
      for (const [field, value] of Object.entries(patch)) {
        if (value === undefined) delete row[field];
        else row[field] = value;
      }
      out.row = row as ContactRow;
    }
    if (tagIds.length !== mine.tags.length || tagIds.some((id) => !mine.tags.includes(id))) out.tags = tagIds;
    return out;
  }

  private async pullNotes(key: string, contactId: number): Promise<void> {
    const activities = activityStoreOf(this.db);
    const local = new Map<string, Activity>();
    for (const a of await activities.ofContacts([contactId])) if ((a.kind === 'note' || a.kind === 'stage') && a.teamNoteId) local.set(a.teamNoteId, a);
    for (const note of this.book.notes(key)) {
      const mine = local.get(note.id);
      if (note.kind === 'stage') {
        if (!mine) await activities.add({ kind: 'stage', contactIds: [contactId], at: note.at, fromStage: note.fromStage, toStage: note.toStage, teamNoteId: note.id, author: note.by });
      } else if (note.deletedAt) {
        if (mine) await activities.delete([mine.id]);
      } else if (!mine) {
        await activities.add({
          kind: 'note',
          contactIds: [contactId],
          at: note.at,
          text: note.text,
          teamNoteId: note.id,
          author: note.by,
          ...(note.editedAt ? { updatedAt: note.editedAt } : {}),
        });
      } else if (mine.text !== note.text) {
        await activities.update([{ id: mine.id, patch: { text: note.text, updatedAt: note.editedAt ?? this.now() } }]);
      }
    }
  }

  /**
   * The first sync after joining, shard by shard as each first holds the server's state (a shard merged before that
   * would find no team contact to compare with): each local contact joins the team's one of the same email field by
   * field (the team's value kept where both differ, the difference stored for the user: lib/team/conflicts.ts),
   * local-only contacts, their tags and notes go to the team, and the shard's contacts are written into the local
   * book at once, so the first shards are on the contacts page while later ones still load.
   */
  private async joinShardByShard(): Promise<void> {
    const stamp = this.stamp();
    // The local book is read while the server's `book` document is awaited and merged: the read needs neither, and the
    // first shard often holds the server's state before the book is merged (issue 17: usable). Local writes made from
    // here on are in the outbox (the join flag is set), so none is missed.
    const reading = timed('join: local book read', () => this.localByShard());
    reading.catch(() => {});
    hop('join: waits for book');
    await this.firstSync('book');
    if (this.stopped) return;
    // One cache for the whole join: the local tags and companies are read once, not once per shard.
    const cache: PullCache = { defs: this.book.tags(), tags: new Map(), companies: new Map(), companyIndex: emptyCompanyIndex() };
    await timed('join: book document (tags, templates, segments)', () => this.joinBook(stamp, cache));
    const local = await reading;
    // The first shard with contacts is written alone, in growing transactions (rows on the contacts page sooner); an
    // empty one (or one of only tombstones) does not count as it. After it, every shard loaded and synced meanwhile is
    // pulled in the same transactions (pullNow writes at most JOIN_WRITE new contacts in each): a transaction's round
    // trips each wait for the page's thread, and each commit makes every page that lists contacts re-read.
    let first = true;
    // Until the first shard's first write has committed (or its pull ended), no other shard is asked for: their answers'
    // decoding (a long task each on the host's thread) would sit between the first shard's sync and its write, and each
    // of the write's round trips to IndexedDB waits for the thread (issue 17: usable). Once it has, and before anything
    // else is written or asked for, a page that lists contacts is given the time to read and show them (first-rows.ts).
    let opened = false;
    // Not `opened`: the first shard pulled may add no contact here (all stored already), and the pages are asked about
    // the first contacts written.
    let asked = false;
    await this.shardByShard(
      true,
      async (names, more) => {
        const keys: string[] = [];
        const teams = new Map<string, BookContact>();
        const stored = new Set<string>();
        const notes = new Set<string>();
        const mines: [string, LocalShard | undefined][] = [];
        for (const name of names) {
          const mine = local.get(name);
          local.delete(name);
          mines.push([name, mine]);
          await timed('join: local contacts merged into the shard', () => this.joinShard(name, mine, stamp));
          // Changes from here on are pulled again before the shard is unloaded (shardByShard).
          this.changedShards.delete(name);
          keys.push(...this.takeDirty(this.book.keys(name)));
          for (const [key, team] of this.book.contactsIn(name)) teams.set(key, team);
          for (const email of mine?.emails ?? []) stored.add(email);
          for (const key of this.book.noteKeys(name)) notes.add(key);
        }
        cache.defs = this.book.tags();
        const open = () => {
          if (opened) return;
          opened = true;
          more();
        };
        const written = async (added: number) => {
          if (!asked && added > 0) {
            asked = true;
            const at = performance.now();
            const answer = await this.firstRowsShown();
            phaseSince(`join: waited for a page to show the first rows (${answer})`, at);
          }
          open();
        };
        const shard: JoinShard = { teams, stored, stepped: first, written };
        await timed('join: shards pulled into the local book', () => this.pullNow(keys, notes, false, shard, cache));
        open();
        if (keys.length) first = false;
        // A task or a thread names its contact by its book key, in the contact's shard: the shard's contacts are in it now.
        for (const [name, mine] of mines) {
          if (!this.readOnly && mine) {
            if (mine.tasks.length) await pushTasks(this.db, this.book.documents(), mine.tasks, stamp, this.book.origin);
            if (mine.threads.size) await pushThreads(this.db, this.book.documents(), [...mine.threads], stamp, this.book.origin, (contact) => shardName(contact) === name);
          }
          await this.pullShardTasksAndThreads(name);
        }
      },
      () => (first ? 1 : LOADED_AT_ONCE),
      () => (opened ? LOADED_AT_ONCE : 1),
    );
  }

  /** The team's tasks and shared threads of one loaded contact shard into the local book (each is in its contact's shard). */
  private async pullShardTasksAndThreads(name: string): Promise<void> {
    const doc = this.book.documents().get(name);
    if (!doc) return;
    const docs = new Map([[name, doc]]);
    await pullTasks(this.db, docs);
    await pullThreads(this.db, docs);
  }

  /**
   * A pass over every contact shard (joining, or the first pull after the page opens), at most `limit()` (never more than
   * LOADED_AT_ONCE) loaded for it at once: each is loaded, handed to `pull` (once it holds the server's state, with
   * `fromServer`; with the others loaded by then, up to `batch()` of them, so they are written together; `pull` may call
   * its `more` to load others up to `limit()` while it runs), and unloaded as
   * soon as the server has all of it (ShardRelease), its remote changes since `pull` pulled first. A shard that cannot
   * settle now (offline) is left loaded, to the host's idle sweep, and no longer counts. Runs in the sync's queue: no
   * other pull or drain reads a shard while it is unloaded.
   */
  private async shardByShard(fromServer: boolean, pull: (names: string[], more: () => void) => Promise<void>, batch = () => 1, limit = () => LOADED_AT_ONCE): Promise<void> {
    type Step = { name: string; step: 'loaded' | 'settled' | 'unsettled' | 'stopped' };
    const waiting = contactShardNames();
    const loaded = new Map<string, Promise<Step>>();
    // Loaded and ready to pull, in the order they became so.
    const ready: string[] = [];
    const settling = new Map<string, Promise<Step>>();
    const stopped: Promise<Step> = this.stopping.promise.then(() => ({ name: '', step: 'stopped' }));
    const settle = (name: string) =>
      settling.set(
        name,
        this.shards.settled(name).then((ok) => ({ name, step: ok ? 'settled' : 'unsettled' })),
      );
    // Shards being pulled: still loaded, so counted while `pull` calls `more`.
    let pulling = 0;
    // Loaded without waiting: the shards before it are pulled while it opens and syncs.
    const more = () => {
      while (!this.stopped && waiting.length && loaded.size + settling.size + pulling < Math.min(limit(), LOADED_AT_ONCE)) {
        const name = waiting.shift()!;
        loaded.set(
          name,
          this.loadShards([name])
            .then(() => (fromServer ? this.firstSync(name) : undefined))
            .then(() => (ready.push(name), { name, step: 'loaded' })),
        );
      }
    };
    while (waiting.length || loaded.size || settling.size) {
      more();
      const { name, step } = await Promise.race([stopped, ...loaded.values(), ...settling.values()]);
      if (this.stopped || step === 'stopped') return;
      if (step === 'loaded') {
        // `name` may stay for the next turn (a batch of one takes the first ready): its step comes again at once.
        const names = ready.splice(0, Math.max(1, batch()));
        for (const each of names) loaded.delete(each);
        pulling = names.length;
        await pull(names, more);
        pulling = 0;
        names.forEach(settle);
        continue;
      }
      settling.delete(name);
      if (step === 'unsettled') continue;
      if (this.changedShards.has(name)) {
        // Changed since its pull (another member's edit): pulled again, and the shard is unloaded only once no change
        // came in between, checked in the same turn as the unload.
        this.changedShards.delete(name);
        const notes = new Set([...this.dirtyNotes].filter((key) => shardName(key) === name));
        const keys = this.takeDirty([...new Set([...this.dirty, ...notes])].filter((key) => shardName(key) === name));
        await this.pullNow(keys, notes, false);
        await this.pullShardTasksAndThreads(name);
      }
      if (this.stopped) return;
      if (!this.changedShards.has(name) && this.shards.release(name)) continue;
      settle(name);
    }
  }

  /** Joining, the `book` document: local tags, team templates and saved segments go to the team, the team's tags come here. */
  private async joinBook(stamp: Stamp, cache: PullCache): Promise<void> {
    const teamTags = this.book.tags();
    if (!this.readOnly) {
      for (const tag of await this.db.tags.toArray()) if (!teamTags.has(tag.key)) this.book.putTag({ key: tag.key, name: tag.name, color: tag.color });
      await pushAllTeamTemplates(this.db, this.book.bookDoc(), stamp, this.book.origin);
      await pushAllSegments(this.db, this.book.bookDoc(), stamp, this.book.origin);
      await pushAllPlaybooks(this.db, this.book, stamp);
    }
    this.takeTags();
    cache.defs = this.book.tags();
    await this.pullNow([], new Set(), true, undefined, cache);
  }

  private async localByShard(): Promise<LocalByShard> {
    // Every shard, loaded or not (the join loads them a few at a time).
    const out: LocalByShard = new Map(contactShardNames().map((name) => [name, { ids: [], emails: new Set(), notes: [], stages: [], tasks: [], threads: new Set<string>() }]));
    const shardOfId = new Map<number, string>();
    for (let after: number | undefined; ;) {
      const page = await this.store.page({ after, limit: 500 });
      if (page.length === 0) break;
      after = page[page.length - 1].id;
      for (const c of page) {
        const key = contactKey(c.email);
        const name = shardName(key);
        shardOfId.set(c.id, name);
        const shard = out.get(name);
        shard?.ids.push(c.id);
        shard?.emails.add(key);
      }
    }
    if (!this.readOnly) {
      for (const note of await activityStoreOf(this.db).ofKind('note')) out.get(shardOfId.get(note.contactIds[0]) ?? '')?.notes.push(note);
      for (const event of await activityStoreOf(this.db).ofKind('stage')) out.get(shardOfId.get(event.contactIds[0]) ?? '')?.stages.push(event);
      for (const t of await this.db.tasks.toArray()) out.get(shardOfId.get(t.contactId) ?? '')?.tasks.push({ taskId: t.id, key: t.key, contactId: t.contactId });
      // A thread goes under each of its contacts: named in the shard of every one of them.
      for (const a of await activityStoreOf(this.db).ofKind('email')) if (a.threadId) for (const id of a.contactIds) out.get(shardOfId.get(id) ?? '')?.threads.add(a.threadId);
    }
    return out;
  }

  /** Joining, one shard that holds the server's state: its local contacts merged into the team's, their notes and stage changes sent. */
  private async joinShard(name: string, local: LocalShard | undefined, stamp: Stamp): Promise<void> {
    // Nothing of this shard here (a new member's empty book): no read at all, so the shard's rows are written sooner.
    if (!local || (local.ids.length === 0 && local.notes.length === 0 && local.stages.length === 0)) return;
    const conflicts: TeamConflict[] = [];
    for (const ids of chunks(local.ids, 500)) {
      // Read as they are now; one whose email changed since is in the outbox, sent by the drain after the join.
      const page = (await this.store.getMany(ids)).filter((c): c is Contact => !!c && shardName(contactKey(c.email)) === name);
      const shared = await this.shared(page);
      for (const mine of shared) {
        const team = this.book.get(mine.email);
        if (!team) {
          if (!this.readOnly) this.book.put(mine, stamp, { create: true });
          continue;
        }
        const { merged, conflicts: found } = mergeShared(mine, team);
        for (const c of found) conflicts.push({ key: mine.email, ...c, at: stamp.at });
        if (!this.readOnly) this.book.put(merged, stamp);
      }
    }
    if (!this.readOnly) {
      for (const note of local.notes) await this.pushNote({ op: 'note', id: note.contactIds[0], noteId: note.id }, stamp);
      const byContact = new Map((await this.store.getMany([...new Set(local.stages.map((e) => e.contactIds[0]))])).flatMap((c) => (c ? [[c.id, c] as const] : [])));
      for (const event of local.stages) if (byContact.has(event.contactIds[0])) await this.pushStages(byContact.get(event.contactIds[0])!, [event]);
    }
    if (conflicts.length) await this.db.teamConflicts.bulkAdd(conflicts);
  }
}
