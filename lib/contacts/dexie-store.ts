import Dexie, { type Table, type Transaction } from 'dexie';
import { NEXT_CONTACT_ID, type KizunaDb } from '../db/schema';
import type { Contact, Tag } from '../db/types';
import { addedTagEvents } from './tag-events';
import { blockOf, changeTagInRows, MEMBER_BLOCK, putTagsOn, setTagsInRows, tagsFromRows, type TagMemberRow } from './membership';
import { changePages, listBlockOf, unpackPage, type ListPage } from './list-pages';
import { bucketOf, STAGE_BLOCK, stagedBlockOf, stageRows, unstageRows, type StagedBlock, type StagedContact, type StageEmailBucket } from './staging';
import { ContactConflictError, type ContactChange, type ContactStore, type NewContact } from './store';
import { cleanTagName, TAG_COLORS, tagKey } from './tags';
import { recordOutbox, refuseEditWhenReadOnly } from '../team/outbox';
import { idsOfBlocks, scoreBlockStore } from '../db/score-blocks';

/**
 * The ContactStore over the extension's Dexie database. Its tables, all read and written here and
 * nowhere else (no middleware: each is what it holds): `contacts` (rows without tags), `tagMembers`
 * (membership, lib/contacts/membership.ts), `contactStage` and `contactStageEmails` (a large import's
 * contacts, packed until the background files them: lib/contacts/staging.ts), `contactMeta` (the id
 * counter), `tags` and `scoreBlocks` (stored scores, a block of contact ids per row: lib/db/score-blocks.ts), and
 * `contactList` (every row again, a block of ids per record, for the lists: lib/contacts/list-pages.ts), written with the
 * rows in the same transaction.
 *
 * Transactions: every method runs in a Dexie transaction over the few tables it needs. Called inside a
 * caller's `db.transaction(…)`, it joins it (a Dexie sub-transaction), so a caller makes store calls
 * atomic with its own tables by opening `db.transaction('rw', [...store.tables, ...activityStoreOf(db).tables, …], …)`
 * (`readTables` for a read-only one). A refused store write (a duplicate email, an unknown tag) aborts that whole transaction, even when
 * the caller catches the error: Dexie fails the parent of a failed sub-transaction.
 * Methods return Dexie's promises, so a caller's transaction survives `await store.x()`.
 */
export interface DexieContactStore extends ContactStore {
  /** Every table the store reads or writes: include them all in a transaction that calls the store. */
  readonly tables: readonly Table[];
  /** The tables its contact reads need: enough for a read-only transaction that reads contacts (not scores or tag definitions). */
  readonly readTables: readonly Table[];
  /**
   * Files every staged contact into ordinary rows, one packed row per transaction, until none is left
   * (the background runs it after a large import). Safe to run from several places at once. Returns
   * the number filed.
   */
  fileStaged(options?: FileOptions): Promise<number>;
  /** The contact with this email as stored, without its tags: one read fewer, for a view that shows none (the side panel's profile, issue 13). */
  rowByEmail(email: string): Promise<Omit<Contact, 'tags'> | undefined>;
  /** Which of these emails are stored, ordinary or staged: one walk of the email index over just them (a team join tells new contacts from known ones with it). */
  storedEmails(emails: readonly string[]): Promise<Set<string>>;
}

type IntervalNode = { from?: unknown; to?: unknown; l?: IntervalNode | null; r?: IntervalNode | null; d?: number };

/** The single keys of a Dexie interval tree, or null when it holds a real range (a bulk write of 50+ rows, a clear). */
export function keysOfRangeTree(tree: IntervalNode | undefined, limit = 5000): number[] | null {
  const keys: number[] = [];
  let ranged = false;
  const walk = (node: IntervalNode | null | undefined) => {
    if (!node || !node.d || ranged) return;
    walk(node.l);
    if (typeof node.from === 'number' && node.from === node.to) keys.push(node.from);
    else ranged = true;
    walk(node.r);
  };
  walk(tree);
  return ranged || keys.length > limit ? null : keys;
}

/**
 * The membership blocks (lib/contacts/membership.ts) of a `tagMembers` primary-key range tree, whose keys are
 * `[tagId, block]`: null when a part is a range (a clear, a delete by range) or more than `limit` blocks changed.
 */
export function blocksOfMemberTree(tree: IntervalNode | undefined, limit = 8): number[] | null {
  const blocks = new Set<number>();
  let ranged = false;
  const walk = (node: IntervalNode | null | undefined) => {
    if (!node || !node.d || ranged) return;
    walk(node.l);
    const [from, to] = [node.from, node.to];
    if (Array.isArray(from) && Array.isArray(to) && from.length === 2 && to.length === 2 && from[0] === to[0] && from[1] === to[1] && typeof from[1] === 'number') blocks.add(from[1]);
    else ranged = true;
    walk(node.r);
  };
  walk(tree);
  return ranged || blocks.size > limit ? null : [...blocks].sort((a, b) => a - b);
}

function withoutTags<T extends { tags?: unknown }>(row: T): Omit<T, 'tags'> {
  const { tags: _tags, ...rest } = row;
  return rest;
}

/** Dexie's refusals of a unique key, as the store's own error (a bulk call's BulkError or ModifyError included). */
function asConflict(error: unknown): unknown {
  const e = error as { name?: string; message?: string; failures?: Record<string, { name?: string; message?: string }> };
  if (e?.name === 'ConstraintError') return new ContactConflictError(e.message ?? 'constraint');
  const first = e?.failures ? Object.values(e.failures)[0] : undefined;
  if (first?.name === 'ConstraintError') return new ContactConflictError(first.message ?? 'constraint');
  return error;
}

const stores = new WeakMap<KizunaDb, DexieContactStore>();

/** The one ContactStore of this database. */
export function contactStoreOf(db: KizunaDb): DexieContactStore {
  let store = stores.get(db);
  if (!store) stores.set(db, (store = createDexieContactStore(db)));
  return store;
}

/** Rows per bulkAdd call while filing: Dexie reports a call of fewer than 50 rows to liveQuery and storagemutated by its ids (a bigger one as the whole table). */
const REPORTED_WRITE = 49;

/**
 * Writes contact rows in calls Dexie reports by id (REPORTED_WRITE), all issued at once (IndexedDB runs them in
 * order, with no round trip between them): every page that lists contacts then hears which ids a bulk write touched
 * and patches them, instead of re-reading the whole book (issue 16).
 */
function writeReported(list: readonly Row[], write: (rows: Contact[]) => Promise<unknown>): Promise<unknown> {
  const calls: Promise<unknown>[] = [];
  for (let i = 0; i < list.length; i += REPORTED_WRITE) calls.push(write(list.slice(i, i + REPORTED_WRITE) as Contact[]));
  return Promise.all(calls);
}

/** Filing found staged contacts whose ids ordinary rows already have: nothing of that step was written. */
export class StagedIdClashError extends Error {
  override readonly name = 'StagedIdClashError';
  constructor(readonly ids: readonly number[]) {
    super(`Staged contacts cannot be filed: ids ${ids.slice(0, 10).join(', ')}${ids.length > 10 ? '…' : ''} are already used by other contacts.`);
  }
}

export interface FileOptions {
  /** Pause between transactions, so other pages' reads and writes get in (IndexedDB runs transactions in creation order). */
  pause?: () => Promise<void>;
  /** Called between transactions with the number of contacts filed so far. */
  onStep?: (moved: number) => void;
}

type Row = Omit<Contact, 'tags'>;

/** The store's tables, bound to one transaction (Dexie's `tx.table`: its calls need no zone). */
function bound(tx: Transaction) {
  // Getters: a transaction over some of the tables (a read) cannot name the others.
  return {
    get contacts() {
      return tx.table('contacts') as KizunaDb['contacts'];
    },
    get tagMembers() {
      return tx.table('tagMembers') as KizunaDb['tagMembers'];
    },
    get contactStage() {
      return tx.table('contactStage') as KizunaDb['contactStage'];
    },
    get contactStageEmails() {
      return tx.table('contactStageEmails') as KizunaDb['contactStageEmails'];
    },
    get contactMeta() {
      return tx.table('contactMeta') as KizunaDb['contactMeta'];
    },
    get contactList() {
      return tx.table('contactList') as KizunaDb['contactList'];
    },
    get tags() {
      return tx.table('tags') as KizunaDb['tags'];
    },
    get tagEvents() {
      return tx.table('tagEvents') as KizunaDb['tagEvents'];
    },
  };
}

const byId = (a: { id: number }, b: { id: number }) => a.id - b.id;

/**
 * The list pages one transaction has read or written (see `writePages`): a page known here is the page as stored now,
 * since every write of `contactList` goes through this state. `cleared`: the table was cleared in this transaction, so
 * a page not known here is none. `emptyFrom`: no page from this block on (read with the id counter: new ids go there).
 */
interface PageState {
  pages: Map<number, ListPage | undefined>;
  reading: Map<number, Promise<unknown>>;
  cleared: boolean;
  emptyFrom: number;
  generation: number;
}
const pageStates = new WeakMap<object, PageState>();
/** `existing` reads the keys of the ids' whole range when it spans at most this many times their number. */
const EXISTING_SPREAD = 4;
/** From this many ids, a read by id (`rowsById`) reads their range when they are close together (EXISTING_SPREAD). */
const DENSE_READ = 8;

/** A ContactStore over this Dexie database (use contactStoreOf: one per database). */
export function createDexieContactStore(db: KizunaDb): DexieContactStore {
  // Every contact read may meet a staged contact and reads its tags: these four tables, and the list pages.
  const rows = [db.contacts, db.tagMembers, db.contactStage, db.contactStageEmails, db.contactList];
  // Writes also add team outbox rows (lib/team/outbox.ts) and tag additions (lib/contacts/tag-events.ts), in the same transaction.
  const outbox = [db.contactMeta, db.teamOutbox, db.tagEvents];
  const rowWrites = [...rows, ...outbox];
  const tagging = [...rows, db.tags, ...outbox];
  const tagWrites = [db.tags, ...outbox];
  const all = [...rowWrites, db.tags, db.scoreBlocks];
  const fail = (error: unknown) => Dexie.Promise.reject(asConflict(error));
  const conflict = (email: string) => new ContactConflictError(`A contact with the email ${email} already exists.`);

  // Ids come from a counter row (see allocate); calls of one transaction made at once take their ids in turn.
  const allocating = new WeakMap<object, Promise<number>>();
  /**
   * The store's steps inside one of its transactions, on tables bound to it: Dexie keeps a transaction's zone across
   * only so many native awaits, and nested helpers would lose it (then a write would run in a transaction of its own).
   */
  const ops = (tx: Transaction) => {
    const t = bound(tx);
    const trans = (tx as unknown as { idbtrans: object }).idbtrans;
    const pageState = (): PageState => {
      let state = pageStates.get(trans);
      if (!state) pageStates.set(trans, (state = { pages: new Map(), reading: new Map(), cleared: false, emptyFrom: Infinity, generation: 0 }));
      return state;
    };
    /** Reads the list pages of these blocks that this transaction does not know yet (one request), once each. */
    const readPages = (ids: Iterable<number>): Promise<unknown> => {
      const state = pageState();
      const waits: Promise<unknown>[] = [];
      const missing: number[] = [];
      for (const block of new Set([...ids].map(listBlockOf))) {
        if (state.pages.has(block) || state.cleared || block >= state.emptyFrom) continue;
        const reading = state.reading.get(block);
        if (reading) waits.push(reading);
        else missing.push(block);
      }
      if (missing.length) {
        missing.sort((a, b) => a - b);
        const [lo, hi] = [missing[0], missing[missing.length - 1]];
        const generation = state.generation;
        const read = (
          hi - lo + 1 === missing.length
            ? t.contactList.where(':id').between(lo, hi, true, true).toArray()
            : t.contactList.bulkGet(missing).then((list) => list.filter((page): page is ListPage => page !== undefined))
        ).then((found) => {
          // A page written since this read was issued is known already; after a clear, none is left to learn.
          if (state.generation !== generation) return;
          const byBlock = new Map(found.map((page) => [page.block, page]));
          for (const block of missing) {
            if (!state.pages.has(block)) state.pages.set(block, byBlock.get(block));
            state.reading.delete(block);
          }
        });
        for (const block of missing) state.reading.set(block, read);
        waits.push(read);
      }
      return Promise.all(waits);
    };
    /**
     * The one writer of the list pages: rows written (inserted or replaced) and ids deleted, in the pages of their blocks.
     * Pages this transaction does not know yet are read first; then every page is changed and written in one synchronous
     * step, from the transaction's latest copy, so calls of one transaction made at once never lose each other's change.
     */
    const writePages = async (put: readonly Row[], deleted: readonly number[] = []): Promise<void> => {
      if (put.length === 0 && deleted.length === 0) return;
      const ids = [...put.map((row) => row.id), ...deleted];
      await readPages(ids);
      const state = pageState();
      const stored = new Map([...new Set(ids.map(listBlockOf))].map((block) => [block, state.pages.get(block)]));
      const { pages, emptied } = changePages(stored, put, deleted);
      for (const page of pages) state.pages.set(page.block, page);
      for (const block of emptied) state.pages.set(block, undefined);
      await Promise.all([pages.length ? t.contactList.bulkPut(pages) : undefined, emptied.length ? t.contactList.bulkDelete(emptied) : undefined]);
    };
    /** Empties the list pages (with the rows). */
    const clearPages = (): Promise<unknown> => {
      const state = pageState();
      state.pages.clear();
      state.reading.clear();
      state.cleared = true;
      state.generation++;
      return t.contactList.clear();
    };
    /** Stored membership rows of these contacts' blocks (every tag). */
    const rowsOfBlocks = async (ids: Iterable<number>): Promise<TagMemberRow[]> => {
      const blocks = [...new Set([...ids].map(blockOf))].sort((a, b) => a - b);
      if (!blocks.length) return [];
      const [low, high] = [blocks[0], blocks[blocks.length - 1]];
      // A page of contacts covers consecutive blocks: one bounded getAll. Dexie's anyOf is a cursor that jumps from key
      // to key, one round trip to IndexedDB per row (issue 16: hundreds per page of the contacts list).
      return high - low + 1 === blocks.length ? t.tagMembers.where('block').between(low, high, true, true).toArray() : t.tagMembers.where('block').anyOf(blocks).toArray();
    };
    /** Rows with their tags (ascending by tag id). */
    const withTags = async (list: readonly Row[]): Promise<Contact[]> => {
      if (list.length === 0) return [];
      // Every row here was just read (Dexie's cache is off: db/schema.ts), so nobody else holds it: its tags go on it,
      // not on a copy (issue 16: the contacts page read the book as 100,000 rows and 100,000 copies).
      putTagsOn(await rowsOfBlocks(list.map((r) => r.id)), list as Contact[]);
      return list as Contact[];
    };
    /** Writes changed membership rows: empty ones are deleted. */
    const writeRows = async (changed: readonly TagMemberRow[]): Promise<void> => {
      const keep = changed.filter((row) => row.ids.length > 0);
      const drop = changed.filter((row) => row.ids.length === 0).map((row) => [row.tagId, row.block] as [number, number]);
      await Promise.all([keep.length ? t.tagMembers.bulkPut(keep) : undefined, drop.length ? t.tagMembers.bulkDelete(drop) : undefined]);
    };
    /** The one writer of membership: each listed contact's tags become exactly its list; the additions are recorded unless `record` is false (a restore). */
    const writeTags = async (tagsById: ReadonlyMap<number, readonly number[]>, record = true): Promise<void> => {
      if (tagsById.size === 0) return;
      const stored = await rowsOfBlocks(tagsById.keys());
      const added = record ? addedTagEvents(tagsFromRows(stored, new Set(tagsById.keys())), tagsById, Date.now()) : [];
      // Issued together: one round trip, not two (a team join writes a shard's membership while the page is busy).
      await Promise.all([added.length ? t.tagEvents.bulkAdd(added) : undefined, writeRows(setTagsInRows(stored, tagsById))]);
    };

    // Staged contacts (lib/contacts/staging.ts).
    const stagedBlocks = async (ids: readonly number[]): Promise<StagedBlock[]> => {
      const keys = [...new Set(ids.map(stagedBlockOf))];
      if (keys.length === 0) return [];
      return (await t.contactStage.bulkGet(keys)).filter((b): b is StagedBlock => b !== undefined);
    };
    const stagedById = async (ids: readonly number[]): Promise<Map<number, StagedContact>> => {
      const wanted = new Set(ids);
      const out = new Map<number, StagedContact>();
      for (const block of await stagedBlocks(ids)) for (const row of block.rows) if (wanted.has(row.id)) out.set(row.id, row);
      return out;
    };
    /**
     * Staged contacts with these emails; a bucket entry is checked against its row (it may be stale: filed, or the email
     * changed). `read`: the emails' buckets, read already by the caller (a packed write, which rewrites them).
     */
    const stagedByEmail = async (emails: readonly string[], read?: readonly (StageEmailBucket | undefined)[]): Promise<Map<string, StagedContact>> => {
      const unique = [...new Set(emails)];
      if (unique.length === 0) return new Map();
      const buckets = read ?? (await t.contactStageEmails.bulkGet([...new Set(unique.map(bucketOf))]));
      const byBucket = new Map(buckets.filter((b): b is StageEmailBucket => b !== undefined).map((b) => [b.bucket, b]));
      const candidates = new Map<number, string>();
      for (const email of unique) {
        const id = byBucket.get(bucketOf(email))?.ids[email];
        if (id !== undefined) candidates.set(id, email);
      }
      const out = new Map<string, StagedContact>();
      if (candidates.size === 0) return out;
      for (const [id, row] of await stagedById([...candidates.keys()])) if (row.email === candidates.get(id)) out.set(row.email, row);
      return out;
    };
    const stagedAll = async (): Promise<StagedContact[]> => (await t.contactStage.toArray()).flatMap((b) => b.rows);
    /** Staged contacts past `after` in id order, at least `limit` of them when there are (a few blocks at a time). */
    const stagedPage = async (after: number | undefined, limit: number, reverse: boolean, upTo = Infinity): Promise<StagedContact[]> => {
      const out: StagedContact[] = [];
      const step = Math.min(Math.ceil(limit / STAGE_BLOCK) + 1, 500);
      let from = after === undefined ? undefined : stagedBlockOf(after);
      const last = reverse || upTo === Infinity ? Infinity : stagedBlockOf(upTo);
      for (;;) {
        const range = from === undefined ? t.contactStage.toCollection() : reverse ? t.contactStage.where(':id').belowOrEqual(from) : t.contactStage.where(':id').aboveOrEqual(from);
        const blocks = await (reverse ? range.reverse() : range).limit(step).toArray();
        for (const block of blocks) {
          const inside = block.rows.filter((row) => (after === undefined || (reverse ? row.id < after : row.id > after)) && (reverse || row.id <= upTo));
          out.push(...(reverse ? inside.reverse() : inside));
        }
        if (blocks.length < step || out.length >= limit || blocks[blocks.length - 1].block >= last) return out;
        from = blocks[blocks.length - 1].block + (reverse ? -1 : 1);
      }
    };
    /** Takes these contacts out of the stage (a write files them as ordinary rows, a delete drops them); returns those that were staged. */
    const unstage = async (ids: readonly number[]): Promise<Map<number, StagedContact>> => {
      const { changed, removed } = unstageRows(await stagedBlocks(ids), new Set(ids));
      if (changed.length === 0) return removed;
      const keep = changed.filter((b) => b.rows.length > 0);
      const drop = changed.filter((b) => b.rows.length === 0).map((b) => b.block);
      if (keep.length) await t.contactStage.bulkPut(keep);
      if (drop.length) {
        await t.contactStage.bulkDelete(drop);
        // Nothing staged any more: the email lookup rows go too.
        if ((await t.contactStage.count()) === 0) await t.contactStageEmails.clear();
      }
      return removed;
    };
    /** Refuses rows whose email a staged contact (another id) has: the stage has no unique index. */
    const checkStaged = async (list: readonly { id?: number; email: string }[], buckets?: readonly (StageEmailBucket | undefined)[]): Promise<void> => {
      const found = await stagedByEmail(
        list.map((r) => r.email),
        buckets,
      );
      const clash = list.find((r) => found.has(r.email) && found.get(r.email)!.id !== r.id);
      if (clash) throw conflict(clash.email);
    };

    // Ids come from a counter row, written in the caller's transaction (an abort takes it back). Calls of one
    // transaction made at once take their ids in turn.
    const readNext = async (): Promise<number> => {
      const state = pageState();
      const generation = state.generation;
      const [meta, lastRow, lastBlock, lastPage] = await Promise.all([
        t.contactMeta.get(NEXT_CONTACT_ID),
        t.contacts.orderBy(':id').lastKey(),
        t.contactStage.orderBy(':id').last(),
        // The last list page, read with the counter: new ids go into it or past it, so an add reads no page (no round trip).
        t.contactList.orderBy(':id').last(),
      ]);
      if (state.generation === generation) {
        if (lastPage && !state.pages.has(lastPage.block)) state.pages.set(lastPage.block, lastPage);
        state.emptyFrom = Math.min(state.emptyFrom, lastPage ? lastPage.block + 1 : 0);
      }
      // Rows written below the store (a test or bench seed) count too: an id is never handed out twice.
      return Math.max(meta?.value ?? 1, ((lastRow as number | undefined) ?? 0) + 1, (lastBlock?.rows.at(-1)?.id ?? 0) + 1);
    };
    /** The first of `n` ids, and the counter's write (issued, not awaited: the caller awaits it with its next writes, one round trip fewer). */
    const allocate = (n: number): Promise<{ first: number; stored: Promise<unknown> }> => {
      const trans = (tx as unknown as { idbtrans: object }).idbtrans;
      const first = allocating.get(trans) ?? readNext();
      allocating.set(
        trans,
        first.then((id) => id + n),
      );
      return first.then((id) => {
        const stored = t.contactMeta.put({ key: NEXT_CONTACT_ID, value: id + n });
        // A step that fails first (a clash) aborts the transaction, and this write with it: that is no second error.
        stored.catch(() => {});
        return { first: id, stored };
      });
    };
    /** Rows stored with ids of their own (a put, a restore): the counter moves past them. */
    const bumpPast = async (ids: readonly number[]): Promise<void> => {
      if (ids.length === 0) return;
      const max = Math.max(...ids);
      const trans = (tx as unknown as { idbtrans: object }).idbtrans;
      const next = await (allocating.get(trans) ?? readNext());
      if (next > max) return;
      allocating.set(trans, Dexie.Promise.resolve(max + 1));
      await t.contactMeta.put({ key: NEXT_CONTACT_ID, value: max + 1 });
    };

    /** Which of these ids are stored contacts, ordinary or staged. */
    const existing = async (ids: readonly number[]): Promise<Set<number>> => {
      if (ids.length === 0) return new Set();
      const sorted = [...ids].sort((a, b) => a - b);
      const [keys, staged] = await Promise.all([
        t.contacts
          .where(':id')
          .between(sorted[0], sorted[sorted.length - 1], true, true)
          .primaryKeys(),
        stagedById(ids),
      ]);
      const wanted = new Set(ids);
      return new Set([...keys.filter((k) => wanted.has(k)), ...staged.keys()]);
    };
    /**
     * Writes whole rows (ids given): staged ones are filed, emails checked against the stage too. `known`: the rows as
     * stored now, when the caller has just read them in this transaction (not read again for the outbox).
     */
    const putRows = async (list: readonly Row[], known?: readonly (Row | undefined)[]): Promise<void> => {
      if (list.length === 0) return;
      // Their list pages asked for at once: read while the checks run, written with the rows (no round trip more).
      const pagesRead = readPages(list.map((r) => r.id));
      await refuseEditWhenReadOnly(tx);
      const outbox = () =>
        recordOutbox(tx, async () => {
          const before = known ?? (await getRows(list.map((r) => r.id)));
          // A row stored where there was none (an undo, a restore) makes the contact again, even after a team delete.
          return list.map((r, i) => (!before[i] ? { op: 'add', id: r.id } : before[i]!.email !== r.email ? { op: 'write', id: r.id, email: before[i]!.email } : { op: 'write', id: r.id }));
        });
      // Rows read before the stage changes (unstaging takes them out of it). Known rows need no read: their outbox rows
      // go with the unstaging's read.
      if (!known) await outbox();
      await Promise.all([known ? outbox() : undefined, unstage(list.map((r) => r.id))]);
      await checkStaged(list);
      await pagesRead;
      await Promise.all([writeReported(list, (rows) => t.contacts.bulkPut(rows)), writePages(list)]);
      // Every row stored before has an id the counter is past already (readNext counts stored and staged ids).
      await bumpPast(list.map((r) => r.id));
    };
    const readOne = async (id: number): Promise<Row | undefined> => (await t.contacts.get(id)) ?? (await stagedById([id])).get(id);
    /**
     * Ordinary rows by id (undefined where none). Ids close together (a bulk write's, which a page re-reads when told of
     * it: a team join's shard is hundreds of consecutive ids) in one range read; a bulk get asks IndexedDB once per id.
     */
    const rowsById = async (ids: readonly number[]): Promise<(Row | undefined)[]> => {
      if (ids.length < DENSE_READ) return t.contacts.bulkGet([...ids]);
      let lo = Infinity;
      let hi = -Infinity;
      for (const id of ids) {
        if (id < lo) lo = id;
        if (id > hi) hi = id;
      }
      if (hi - lo + 1 > EXISTING_SPREAD * ids.length) return t.contacts.bulkGet([...ids]);
      const found = new Map((await t.contacts.where(':id').between(lo, hi, true, true).toArray()).map((r) => [r.id, r as Row]));
      return ids.map((id) => found.get(id));
    };
    /** Rows by id, ordinary or staged (undefined where none). */
    const getRows = async (ids: readonly number[]): Promise<(Row | undefined)[]> => {
      const list = await rowsById(ids);
      const staged = await stagedById(ids.filter((_, i) => list[i] === undefined));
      return ids.map((id, i) => list[i] ?? staged.get(id));
    };
    return {
      t,
      readPages,
      writePages,
      clearPages,
      rowsOfBlocks,
      withTags,
      writeRows,
      writeTags,
      stagedBlocks,
      stagedById,
      stagedByEmail,
      stagedAll,
      stagedPage,
      unstage,
      checkStaged,
      readNext,
      allocate,
      bumpPast,
      existing,
      putRows,
      readOne,
      rowsById,
      getRows,
    };
  };
  const changeTag = (tagId: number, ids: readonly number[], add: boolean) =>
    db.transaction('rw', tagging, async (tx) => {
      const h = ops(tx),
        t = h.t;
      await refuseEditWhenReadOnly(tx);
      if (add && !(await t.tags.get(tagId))) throw new Error(`no tag ${tagId}`);
      const targets = add ? [...(await h.existing(ids))] : [...new Set(ids)];
      const blocks = [...new Set(targets.map(blockOf))];
      if (blocks.length === 0) return [];
      const stored = await t.tagMembers.bulkGet(blocks.map((block) => [tagId, block] as [number, number]));
      const { rows: changed, changed: ids2 } = changeTagInRows(tagId, stored, targets, add);
      // Independent writes issued together: one round trip, not three.
      await Promise.all([
        h.writeRows(changed),
        add && ids2.length ? t.tagEvents.add({ at: Date.now(), tagId, ids: ids2 }) : undefined,
        recordOutbox(tx, () => ids2.map((id) => ({ op: 'write', id }))),
      ]);
      return ids2;
    });
  const insert = (contacts: readonly NewContact[], packed: boolean) =>
    db
      .transaction('rw', rowWrites, async (tx) => {
        const h = ops(tx),
          t = h.t;
        if (contacts.length === 0) return [];
        await refuseEditWhenReadOnly(tx);
        const emails = contacts.map((c) => c.email);
        if (new Set(emails).size !== emails.length) throw new ContactConflictError('The same email is twice in one add.');
        // Independent steps issued together (round trips, not requests, are what a busy page waits for): the stage's
        // emails checked while the ids are allocated, the rows written while the membership rows are read and written.
        // A packed write reads the emails' buckets once, for the check and to add its contacts to them (issue 17: at
        // 50,000 staged contacts a team join's every write read all 256 twice).
        const buckets = packed ? t.contactStageEmails.bulkGet([...new Set(emails.map(bucketOf))]) : undefined;
        const [, { first, stored }] = await Promise.all([buckets ? buckets.then((read) => h.checkStaged(contacts, read)) : h.checkStaged(contacts), h.allocate(contacts.length)]);
        const ids = contacts.map((_, i) => first + i);
        const list = contacts.map((c, i) => ({ ...withoutTags(c), id: ids[i] }) as Row);
        const tagged = new Map(contacts.flatMap((c, i) => (c.tags?.length ? [[ids[i], c.tags] as const] : [])));
        if (buckets) {
          // The caller has checked in this transaction that no ordinary row has these emails. The membership is read
          // with the stage's blocks (one round trip), and written with them.
          const tagsWritten = h.writeTags(tagged);
          // A step that fails first aborts the transaction, and this write with it: that is no second error.
          tagsWritten.catch(() => {});
          const blocks = await t.contactStage.bulkGet([...new Set(ids.map(stagedBlockOf))]);
          const staged = stageRows(list, blocks, await buckets);
          // Staged contacts are in the list pages too: filing them changes no page.
          await Promise.all([stored, t.contactStage.bulkPut(staged.blocks), t.contactStageEmails.bulkPut(staged.buckets), tagsWritten, h.writePages(list)]);
        } else {
          await Promise.all([stored, writeReported(list, (rows) => t.contacts.bulkAdd(rows)), h.writeTags(tagged), h.writePages(list)]);
        }
        await recordOutbox(tx, () => ids.map((id) => ({ op: 'add', id })));
        return ids;
      })
      .catch(fail);
  const store: DexieContactStore = {
    tables: all,
    readTables: rows,
    get: (id) =>
      db.transaction('r', rows, async (tx) => {
        const h = ops(tx);
        const row = await h.readOne(id);
        return row ? (await h.withTags([row]))[0] : undefined;
      }),
    getMany: (ids) =>
      db.transaction('r', rows, async (tx) => {
        const h = ops(tx);
        const list = await h.rowsById(ids);
        const missing = ids.filter((_, i) => list[i] === undefined);
        if (missing.length) {
          const staged = await h.stagedById(missing);
          ids.forEach((id, i) => (list[i] ??= staged.get(id)));
        }
        const tagged = new Map((await h.withTags(list.filter((r): r is Row => r !== undefined))).map((c) => [c.id, c]));
        return list.map((r) => (r ? tagged.get(r.id) : undefined));
      }),
    byEmail: (email) =>
      db.transaction('r', rows, async (tx) => {
        const h = ops(tx),
          t = h.t;
        const row = (await t.contacts.where('email').equals(email).first()) ?? (await h.stagedByEmail([email])).get(email);
        return row ? (await h.withTags([row]))[0] : undefined;
      }),
    rowByEmail: (email) =>
      db.transaction('r', rows, async (tx) => {
        const h = ops(tx),
          t = h.t;
        const row: Row | undefined = (await t.contacts.where('email').equals(email).first()) ?? (await h.stagedByEmail([email])).get(email);
        return row && withoutTags(row as Row & { tags?: unknown });
      }),
    byEmails: (emails) =>
      db.transaction('r', rows, async (tx) => {
        const h = ops(tx),
          t = h.t;
        const unique = [...new Set(emails)];
        const found = await Promise.all(unique.map((email) => t.contacts.where('email').equals(email).first()));
        const missing = unique.filter((_, i) => found[i] === undefined);
        const staged = missing.length ? [...(await h.stagedByEmail(missing)).values()] : [];
        return h.withTags([...found.filter((c): c is Contact => c !== undefined), ...staged]);
      }),
    storedEmails: (emails) =>
      db.transaction('r', rows, async (tx) => {
        const h = ops(tx),
          t = h.t;
        if (emails.length === 0) return new Set<string>();
        const [keys, staged] = await Promise.all([
          t.contacts
            .where('email')
            .anyOf([...emails])
            .keys(),
          t.contactStage.count(),
        ]);
        const out = new Set(keys as string[]);
        if (staged) for (const email of (await h.stagedByEmail(emails.filter((e) => !out.has(e)))).keys()) out.add(email);
        return out;
      }),
    byEmailPrefix: (prefix, limit) =>
      db.transaction('r', rows, async (tx) => {
        const h = ops(tx),
          t = h.t;
        const [list, staged] = await Promise.all([t.contacts.where('email').startsWith(prefix).limit(limit).toArray(), t.contactStage.count()]);
        const merged: Row[] = staged ? [...list, ...(await h.stagedAll()).filter((r) => r.email.startsWith(prefix))] : list;
        merged.sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
        return h.withTags(merged.slice(0, limit));
      }),
    count: () =>
      db.transaction('r', rows, async (tx) => {
        const h = ops(tx),
          t = h.t;
        const [n, blocks] = await Promise.all([t.contacts.count(), t.contactStage.count()]);
        return blocks ? n + (await h.stagedAll()).length : n;
      }),
    page: ({ after, upTo, limit, reverse = false }) =>
      db.transaction('r', rows, async (tx) => {
        const h = ops(tx),
          t = h.t;
        const bounded = !reverse && upTo !== undefined;
        const from = bounded
          ? t.contacts.where(':id').between(after ?? -Infinity, upTo, false, true)
          : after === undefined
            ? t.contacts.toCollection()
            : reverse
              ? t.contacts.where(':id').below(after)
              : t.contacts.where(':id').above(after);
        const [list, staged] = await Promise.all([(reverse ? from.reverse() : from).limit(limit).toArray(), h.stagedPage(after, limit, reverse, bounded ? upTo : Infinity)]);
        const merged: Row[] = staged.length ? [...list, ...staged].sort(byId) : list;
        if (staged.length && reverse) merged.reverse();
        return h.withTags(merged.slice(0, limit));
      }),
    untagged: (query) =>
      db.transaction('r', rows, async (tx) => {
        const h = ops(tx),
          t = h.t;
        let merged: Row[];
        if ('ids' in query) {
          const ids = [...new Set(query.ids)];
          const got = await t.contacts.bulkGet(ids);
          const list: Row[] = got.filter((r): r is Contact => r !== undefined);
          const missing = ids.filter((_, i) => got[i] === undefined);
          merged = missing.length ? [...list, ...(await h.stagedById(missing)).values()] : list;
        } else {
          const from = query.after === undefined ? t.contacts.toCollection() : t.contacts.where(':id').above(query.after);
          const [list, staged] = await Promise.all([from.limit(query.limit).toArray(), h.stagedPage(query.after, query.limit, false)]);
          merged = staged.length ? [...list, ...staged].sort(byId).slice(0, query.limit) : list;
        }
        // The rows are this read's own: tags set in place, not a copy of each (a full rescore reads every contact).
        for (const r of merged) (r as Contact).tags = [];
        return merged.sort(byId) as Contact[];
      }),
    existing: (ids) =>
      db.transaction('r', rows, async (tx) => {
        const h = ops(tx),
          t = h.t;
        const wanted = [...new Set(ids)].sort((a, b) => a - b);
        if (wanted.length === 0) return new Set<number>();
        const [lo, hi] = [wanted[0], wanted[wanted.length - 1]];
        // Ids close together (a rescore chunk's contacts with new alerts): the keys of their range in one request, no
        // row; where a bulk get asks IndexedDB once per id (issue #12: ~54 requests per chunk). Scattered ids: by key.
        const found =
          hi - lo + 1 <= EXISTING_SPREAD * wanted.length
            ? ((await t.contacts.where(':id').between(lo, hi, true, true).primaryKeys()) as number[])
            : (await t.contacts.bulkGet(wanted)).filter((r): r is Contact => r !== undefined).map((r) => r.id);
        const want = new Set(wanted);
        const out = new Set(found.filter((id) => want.has(id)));
        const missing = wanted.filter((id) => !out.has(id));
        if (missing.length) for (const id of (await h.stagedById(missing)).keys()) out.add(id);
        return out;
      }),
    all: () =>
      db.transaction('r', rows, async (tx) => {
        const h = ops(tx),
          t = h.t;
        const [list, staged, members] = await Promise.all([t.contacts.toArray(), h.stagedAll(), t.tagMembers.toArray()]);
        const merged: Row[] = staged.length ? [...list, ...staged].sort(byId) : list;
        const tags = tagsFromRows(members);
        return merged.map((r) => ({ ...r, tags: tags.get(r.id) ?? [] }));
      }),

    list: ({ after, upTo } = {}) =>
      db.transaction('r', rows, async (tx) => {
        const t = bound(tx);
        const first = after === undefined ? 0 : after + 1;
        if (upTo !== undefined && upTo < first) return [];
        const pages = upTo === undefined ? t.contactList.where(':id').aboveOrEqual(listBlockOf(first)) : t.contactList.where(':id').between(listBlockOf(first), listBlockOf(upTo), true, true);
        // The pages and the membership of the same span asked for together: one round trip.
        const members = upTo === undefined ? t.tagMembers.where('block').aboveOrEqual(blockOf(first)) : t.tagMembers.where('block').between(blockOf(first), blockOf(upTo), true, true);
        const [found, memberRows] = await Promise.all([pages.toArray(), members.toArray()]);
        const list: Contact[] = [];
        for (const page of found) for (const row of unpackPage(page)) if (row.id >= first && (upTo === undefined || row.id <= upTo)) list.push(row as Contact);
        // The rows were just made here: their tags go on them (as withTags does).
        putTagsOn(memberRows, list);
        return list;
      }),

    add: (contact) => insert([contact], false).then((ids) => ids[0]),
    addMany: (contacts, options) => insert(contacts, !!options?.packed),
    put: (list) => db.transaction('rw', rowWrites, (tx) => ops(tx).putRows(list.map(withoutTags) as Row[])).catch(fail),
    update: (id, patch) =>
      db
        .transaction('rw', rowWrites, async (tx) => {
          const h = ops(tx);
          const changes = withoutTags(patch as typeof patch & { tags?: unknown }) as Partial<Contact>;
          const row = await h.readOne(id);
          if (!row) return undefined;
          if (Object.keys(changes).length === 0) return (await h.withTags([row]))[0];
          const next = { ...row } as Record<string, unknown>;
          for (const [key, value] of Object.entries(changes)) {
            if (value === undefined) delete next[key];
            else next[key] = value;
          }
          const written = { ...(next as Row), id };
          // The row as written is the row as stored: not read again (one round trip less per edit). Its tags go on a copy.
          await h.putRows([written], [row]);
          return (await h.withTags([{ ...written }]))[0];
        })
        .catch(fail),
    delete: (ids) =>
      db.transaction('rw', rowWrites, async (tx) => {
        const h = ops(tx),
          t = h.t;
        if (ids.length === 0) return;
        const pagesRead = h.readPages(ids);
        await refuseEditWhenReadOnly(tx);
        await recordOutbox(tx, async () => (await h.getRows(ids)).flatMap((row) => (row ? [{ op: 'delete', id: row.id, email: row.email } as const] : [])));
        await h.writeTags(new Map(ids.map((id) => [id, []])));
        await pagesRead;
        await Promise.all([t.contacts.bulkDelete([...ids]), h.writePages([], ids)]);
        await h.unstage(ids);
      }),
    restore: (contacts) =>
      db
        .transaction('rw', rowWrites, async (tx) => {
          const h = ops(tx);
          if (contacts.length === 0) return;
          await h.putRows(contacts.map(withoutTags) as Row[]);
          await h.writeTags(new Map(contacts.map((c) => [c.id, c.tags])), false);
        })
        .catch(fail),
    clear: () =>
      db.transaction('rw', all, async (tx) => {
        const h = ops(tx),
          t = h.t;
        // The id counter stays: ids are never reused.
        await Promise.all([t.contacts.clear(), t.tagMembers.clear(), t.contactStage.clear(), t.contactStageEmails.clear(), h.clearPages(), t.tags.clear(), db.scoreBlocks.clear()]);
      }),
    tagsOf: (ids) =>
      db.transaction('r', rows, async (tx) => {
        const h = ops(tx);
        const wanted = new Set(ids);
        return tagsFromRows(await h.rowsOfBlocks(wanted), wanted);
      }),
    setTags: (tagsById) =>
      db.transaction('rw', rowWrites, async (tx) => {
        const h = ops(tx);
        await refuseEditWhenReadOnly(tx);
        const found = await h.existing([...tagsById.keys()]);
        await h.writeTags(new Map([...tagsById].filter(([id]) => found.has(id))));
        await recordOutbox(tx, () => [...found].map((id) => ({ op: 'write', id })));
      }),
    addToTag: (tagId, ids) => changeTag(tagId, ids, true),
    removeFromTag: (tagId, ids) => changeTag(tagId, ids, false),
    members: (tagId) =>
      db.transaction('r', rows, async (tx) => {
        const h = ops(tx),
          t = h.t;
        const list = await t.tagMembers.where(':id').between([tagId, Dexie.minKey], [tagId, Dexie.maxKey]).toArray();
        return list.flatMap((row) => row.ids);
      }),
    membership: () => db.transaction('r', rows, async (tx) => tagsFromRows(await bound(tx).tagMembers.toArray())),

    tags: {
      list: () => db.transaction('r', [db.tags], () => db.tags.toArray()),
      getMany: (ids) => db.transaction('r', [db.tags], () => db.tags.bulkGet([...ids])),
      ensure: (names) =>
        db.transaction('rw', tagWrites, async (tx) => {
          const out: Tag[] = [];
          const created: number[] = [];
          for (const name of names) {
            if (cleanTagName(name) !== name) throw new Error(`tag name must be 1–60 characters: "${name}"`);
            const key = tagKey(name);
            let tag = await db.tags.where('key').equals(key).first();
            if (!tag) {
              // Only a new tag is an edit: naming tags the book has already is a read.
              await refuseEditWhenReadOnly(tx);
              const color = TAG_COLORS[(await db.tags.count()) % TAG_COLORS.length];
              const id = await db.tags.add({ name, key, color } as Tag);
              tag = { id, name, key, color };
              created.push(id);
            }
            if (!out.some((t) => t.id === tag!.id)) out.push(tag);
          }
          await recordOutbox(tx, () => created.map((tagId) => ({ op: 'tag', tagId })));
          return out;
        }),
      setColor: (id, color) =>
        db.transaction('rw', tagWrites, async (tx) => {
          await refuseEditWhenReadOnly(tx);
          await db.tags.update(id, { color });
          await recordOutbox(tx, () => [{ op: 'tag', tagId: id }]);
        }),
      put: (tags) =>
        db
          .transaction('rw', tagWrites, async (tx) => {
            if (tags.length) await refuseEditWhenReadOnly(tx);
            if (tags.length) await db.tags.bulkPut([...tags]);
            await recordOutbox(tx, () => tags.map((tag) => ({ op: 'tag', tagId: tag.id })));
          })
          .catch(fail),
    },

    scores: scoreBlockStore(db.scoreBlocks, (mode, fn) => db.transaction(mode, [db.scoreBlocks], fn)),

    async fileStaged(options = {}) {
      let moved = 0;
      for (;;) {
        const step = await db.transaction('rw', [db.contacts, db.contactStage, db.contactStageEmails], async (tx) => {
          const t = bound(tx);
          const first = await t.contactStage.orderBy(':id').first();
          if (!first) return 0;
          const moving = first.rows;
          if (moving.length) {
            // A staged id already taken by an ordinary row cannot happen through the store (one counter); if a
            // database has one anyway, say which instead of a bare BulkError.
            const taken = new Set(moving.map((c) => c.id));
            const clash = (
              await t.contacts
                .where(':id')
                .between(moving[0].id, moving[moving.length - 1].id, true, true)
                .primaryKeys()
            ).filter((id) => taken.has(id));
            if (clash.length > 0) throw new StagedIdClashError(clash);
            // In calls Dexie reports by id, so the pages that list contacts re-read just these rows (which read the same).
            for (let i = 0; i < moving.length; i += REPORTED_WRITE) await t.contacts.bulkAdd(moving.slice(i, i + REPORTED_WRITE) as Contact[]);
          }
          await t.contactStage.delete(first.block);
          // Nothing staged any more: the email lookup rows go too.
          if ((await t.contactStage.count()) === 0) await t.contactStageEmails.clear();
          return Math.max(moving.length, 1);
        });
        if (step === 0) return moved;
        moved += step;
        options.onStep?.(moved);
        await options.pause?.();
      }
    },
    atomic: (fn) => db.transaction('rw', all, fn),
    onChange(listener) {
      const handler = (parts: Record<string, IntervalNode>) => {
        const change = changeOf(db.name, parts);
        if (change) listener(change);
      };
      Dexie.on('storagemutated', handler);
      return () => Dexie.on('storagemutated').unsubscribe(handler);
    },
  };
  return store;
}

/** What Dexie's `storagemutated` parts say about this database's contacts, membership, tags and scores (null: nothing). */
function changeOf(dbName: string, parts: Record<string, IntervalNode>): ContactChange | null {
  if (parts.all) return { contacts: 'all', membership: 'all', tags: true, scores: 'all' };
  const prefix = `idb://${dbName}/`;
  const contacts = new Set<number>();
  const scores = new Set<number>();
  let allContacts = false;
  let allScores = false;
  let membership = false;
  // The membership blocks written, or null for "every contact's" (a range, or too many blocks).
  let memberBlocks: Set<number> | null = new Set();
  let tags = false;
  for (const [part, tree] of Object.entries(parts)) {
    if (!part.startsWith(prefix)) continue;
    const [table, index] = part.slice(prefix.length).split('/');
    if (table === 'tagMembers') membership = true;
    else if (table === 'tags') tags = true;
    if (index !== '') continue;
    if (table === 'tagMembers') {
      // A tag edit rewrites a row or two: the contacts of those blocks are re-read, not the whole table (issue 17: every
      // edit, local or a team member's, made each open contacts page read all membership rows on the thread the side
      // panel and the sync host share).
      const blocks = memberBlocks && blocksOfMemberTree(tree);
      if (blocks === null) memberBlocks = null;
      else for (const block of blocks) memberBlocks!.add(block);
    } else if (table === 'contacts') {
      const keys = keysOfRangeTree(tree);
      if (keys === null) allContacts = true;
      else for (const key of keys) contacts.add(key);
    } else if (table === 'scoreBlocks') {
      // Scores are packed a block of ids per row: every id of a changed block may have changed.
      const blocks = keysOfRangeTree(tree, 50);
      if (blocks === null) allScores = true;
      else for (const id of idsOfBlocks(blocks)) scores.add(id);
    } else if (table === 'contactStage') {
      // Staged contacts are packed a block of ids per row: every id of a changed block may have changed.
      const blocks = keysOfRangeTree(tree, 50);
      if (blocks === null) allContacts = true;
      else for (const block of blocks) for (let id = block * STAGE_BLOCK; id < (block + 1) * STAGE_BLOCK; id++) contacts.add(id);
    }
  }
  if (!allContacts && !allScores && !membership && !tags && contacts.size === 0 && scores.size === 0) return null;
  const ascending = (ids: Set<number>) => [...ids].sort((a, b) => a - b);
  return {
    contacts: allContacts ? 'all' : ascending(contacts),
    membership: !membership ? [] : memberBlocks === null || memberBlocks.size === 0 ? 'all' : idsOfMemberBlocks(memberBlocks),
    tags,
    scores: allScores ? 'all' : ascending(scores),
  };
}

/** Every contact id of these membership blocks, ascending. */
function idsOfMemberBlocks(blocks: ReadonlySet<number>): number[] {
  const ids: number[] = [];
  for (const block of [...blocks].sort((a, b) => a - b)) for (let id = block * MEMBER_BLOCK; id < (block + 1) * MEMBER_BLOCK; id++) ids.push(id);
  return ids;
}
