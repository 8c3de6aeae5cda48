import Dexie, { type Table } from 'dexie';
import { STAGE_BLOCK, stageNextContactAdd } from '../db/contact-stage';
import type { KizunaDb } from '../db/schema';
import type { Contact, Tag } from '../db/types';
import { blockOf, changeTagInRows, setTagsInRows, tagsFromRows, type TagMemberRow } from './membership';
import { ContactConflictError, type ContactChange, type ContactStore, type NewContact } from './store';
import { cleanTagName, TAG_COLORS, tagKey } from './tags';

/**
 * The ContactStore over the extension's Dexie database: `contacts` (through the staging middleware of
 * lib/db/contact-stage.ts, which phase 2 of issue #16 replaces), `tagMembers` (written here and
 * nowhere else), `tags` and `scores`.
 *
 * Transactions: every method runs in a Dexie transaction over the few tables it needs. Called inside a
 * caller's `db.transaction(…)`, it joins it (a Dexie sub-transaction), so a caller makes store calls
 * atomic with its own tables by opening `db.transaction('rw', [...store.tables, db.activities, …], …)`.
 * A refused store write (a duplicate email, an unknown tag) aborts that whole transaction, even when
 * the caller catches the error: Dexie fails the parent of a failed sub-transaction.
 * Methods return Dexie's promises, so a caller's transaction survives `await store.x()`.
 */
export interface DexieContactStore extends ContactStore {
  /** Every table the store reads or writes: include them all in a transaction that calls the store. */
  readonly tables: readonly Table[];
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

/** A ContactStore over this Dexie database (use contactStoreOf: one per database). */
export function createDexieContactStore(db: KizunaDb): DexieContactStore {
  const rows = [db.contacts];
  const withMembers = [db.contacts, db.tagMembers];
  const tagging = [db.contacts, db.tagMembers, db.tags];
  const all = [db.contacts, db.tagMembers, db.tags, db.scores];
  const fail = (error: unknown) => Dexie.Promise.reject(asConflict(error));

  /** Stored membership rows of these contacts' blocks (every tag). */
  const rowsOfBlocks = async (ids: Iterable<number>): Promise<TagMemberRow[]> => {
    const blocks = [...new Set([...ids].map(blockOf))];
    return blocks.length ? db.tagMembers.where('block').anyOf(blocks).toArray() : [];
  };
  /** Writes changed membership rows: empty ones are deleted. */
  const writeRows = async (changed: readonly TagMemberRow[]): Promise<void> => {
    const keep = changed.filter((row) => row.ids.length > 0);
    const drop = changed.filter((row) => row.ids.length === 0).map((row) => [row.tagId, row.block] as [number, number]);
    if (keep.length) await db.tagMembers.bulkPut(keep);
    if (drop.length) await db.tagMembers.bulkDelete(drop);
  };
  /** The one writer of membership: each listed contact's tags become exactly its list. */
  const writeTags = async (tagsById: ReadonlyMap<number, readonly number[]>): Promise<void> => {
    if (tagsById.size === 0) return;
    await writeRows(setTagsInRows(await rowsOfBlocks(tagsById.keys()), tagsById));
  };
  /** Which of these ids are stored contacts (one keys-only range read). */
  const existing = async (ids: readonly number[]): Promise<Set<number>> => {
    if (ids.length === 0) return new Set();
    const sorted = [...ids].sort((a, b) => a - b);
    const keys = await db.contacts.where(':id').between(sorted[0], sorted[sorted.length - 1], true, true).primaryKeys();
    const wanted = new Set(ids);
    return new Set(keys.filter((k) => wanted.has(k)));
  };
  const changeTag = (tagId: number, ids: readonly number[], add: boolean) =>
    db.transaction('rw', tagging, async () => {
      if (add && !(await db.tags.get(tagId))) throw new Error(`no tag ${tagId}`);
      const targets = add ? [...(await existing(ids))] : [...new Set(ids)];
      const blocks = [...new Set(targets.map(blockOf))];
      if (blocks.length === 0) return [];
      const stored = await db.tagMembers.bulkGet(blocks.map((block) => [tagId, block] as [number, number]));
      const { rows: changed, changed: ids2 } = changeTagInRows(tagId, stored, targets, add);
      await writeRows(changed);
      return ids2;
    });
  const insert = (contacts: readonly NewContact[], packed: boolean) =>
    db
      .transaction('rw', withMembers, async (tx) => {
        if (contacts.length === 0) return [];
        if (packed) stageNextContactAdd(tx);
        const ids = (await db.contacts.bulkAdd(contacts.map(withoutTags) as Contact[], { allKeys: true })) as number[];
        await writeTags(new Map(contacts.flatMap((c, i) => (c.tags?.length ? [[ids[i], c.tags] as const] : []))));
        return ids;
      })
      .catch(fail);

  const store: DexieContactStore = {
    tables: all,
    get: (id) => db.transaction('r', rows, () => db.contacts.get(id)),
    getMany: (ids) => db.transaction('r', rows, () => db.contacts.bulkGet([...ids])),
    // One lookup per email: an anyOf reads through a cursor, which reads every contact's tags (lib/db/tag-members.ts).
    byEmail: (email) => db.transaction('r', rows, () => db.contacts.where('email').equals(email).first()),
    byEmails: (emails) =>
      db.transaction('r', rows, async () => {
        const found = await Promise.all([...new Set(emails)].map((email) => db.contacts.where('email').equals(email).first()));
        return found.filter((c): c is Contact => c !== undefined);
      }),
    byEmailPrefix: (prefix, limit) => db.transaction('r', rows, () => db.contacts.where('email').startsWith(prefix).limit(limit).toArray()),
    count: () => db.transaction('r', rows, () => db.contacts.count()),
    page: ({ after, limit, reverse = false }) =>
      db.transaction('r', rows, () => {
        const from = after === undefined ? db.contacts.toCollection() : reverse ? db.contacts.where(':id').below(after) : db.contacts.where(':id').above(after);
        return (reverse ? from.reverse() : from).limit(limit).toArray();
      }),
    all: () => db.transaction('r', rows, () => db.contacts.toArray()),

    add: (contact) => insert([contact], false).then((ids) => ids[0]),
    addMany: (contacts, options) => insert(contacts, !!options?.packed),
    put: (list) =>
      db
        .transaction('rw', rows, async () => {
          if (list.length) await db.contacts.bulkPut(list.map(withoutTags) as Contact[]);
        })
        .catch(fail),
    update: (id, patch) =>
      db
        .transaction('rw', rows, async () => {
          const changes = withoutTags(patch as typeof patch & { tags?: unknown }) as Partial<Contact>;
          if (Object.keys(changes).length === 0) return db.contacts.get(id);
          return (await db.contacts.update(id, changes)) ? db.contacts.get(id) : undefined;
        })
        .catch(fail),
    delete: (ids) =>
      db.transaction('rw', withMembers, async () => {
        if (ids.length === 0) return;
        await writeTags(new Map(ids.map((id) => [id, []])));
        await db.contacts.bulkDelete([...ids]);
      }),
    restore: (contacts) =>
      db
        .transaction('rw', withMembers, async () => {
          if (contacts.length === 0) return;
          await db.contacts.bulkPut(contacts.map(withoutTags) as Contact[]);
          await writeTags(new Map(contacts.map((c) => [c.id, c.tags])));
        })
        .catch(fail),
    clear: () =>
      db.transaction('rw', all, async () => {
        await Promise.all([db.contacts.clear(), db.tagMembers.clear(), db.tags.clear(), db.scores.clear()]);
      }),

    tagsOf: (ids) =>
      db.transaction('r', withMembers, async () => {
        const wanted = new Set(ids);
        return tagsFromRows(await rowsOfBlocks(wanted), wanted);
      }),
    setTags: (tagsById) =>
      db.transaction('rw', withMembers, async () => {
        const found = await existing([...tagsById.keys()]);
        await writeTags(new Map([...tagsById].filter(([id]) => found.has(id))));
      }),
    addToTag: (tagId, ids) => changeTag(tagId, ids, true),
    removeFromTag: (tagId, ids) => changeTag(tagId, ids, false),
    members: (tagId) =>
      db.transaction('r', withMembers, async () => {
        const list = await db.tagMembers.where(':id').between([tagId, Dexie.minKey], [tagId, Dexie.maxKey]).toArray();
        return list.flatMap((row) => row.ids);
      }),
    membership: () => db.transaction('r', withMembers, async () => tagsFromRows(await db.tagMembers.toArray())),

    tags: {
      list: () => db.transaction('r', [db.tags], () => db.tags.toArray()),
      getMany: (ids) => db.transaction('r', [db.tags], () => db.tags.bulkGet([...ids])),
      ensure: (names) =>
        db.transaction('rw', [db.tags], async () => {
          const out: Tag[] = [];
          for (const name of names) {
            if (cleanTagName(name) !== name) throw new Error(`tag name must be 1–60 characters: "${name}"`);
            const key = tagKey(name);
            let tag = await db.tags.where('key').equals(key).first();
            if (!tag) {
              const color = TAG_COLORS[(await db.tags.count()) % TAG_COLORS.length];
              const id = await db.tags.add({ name, key, color } as Tag);
              tag = { id, name, key, color };
            }
            if (!out.some((t) => t.id === tag!.id)) out.push(tag);
          }
          return out;
        }),
      setColor: (id, color) =>
        db.transaction('rw', [db.tags], async () => {
          await db.tags.update(id, { color });
        }),
      put: (tags) =>
        db
          .transaction('rw', [db.tags], async () => {
            if (tags.length) await db.tags.bulkPut([...tags]);
          })
          .catch(fail),
    },

    scores: {
      get: (id) => db.transaction('r', [db.scores], () => db.scores.get(id)),
      getMany: (ids) => db.transaction('r', [db.scores], () => db.scores.bulkGet([...ids])),
      page: ({ after = -Infinity, upTo = Infinity, limit }) =>
        db.transaction('r', [db.scores], () => {
          if (after >= upTo) return [];
          const range = db.scores.where(':id').between(after, upTo, false, true);
          return (limit === undefined ? range : range.limit(limit)).toArray();
        }),
      put: (list) =>
        db.transaction('rw', [db.scores], async () => {
          if (list.length) await db.scores.bulkPut([...list]);
        }),
      delete: (ids) =>
        db.transaction('rw', [db.scores], async () => {
          if (ids.length) await db.scores.bulkDelete([...ids]);
        }),
      clear: () => db.transaction('rw', [db.scores], () => db.scores.clear()),
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
  let tags = false;
  for (const [part, tree] of Object.entries(parts)) {
    if (!part.startsWith(prefix)) continue;
    const [table, index] = part.slice(prefix.length).split('/');
    if (table === 'tagMembers') membership = true;
    else if (table === 'tags') tags = true;
    if (index !== '') continue;
    if (table === 'contacts' || table === 'scores') {
      const keys = keysOfRangeTree(tree);
      if (keys === null) table === 'contacts' ? (allContacts = true) : (allScores = true);
      else for (const key of keys) (table === 'contacts' ? contacts : scores).add(key);
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
    membership: membership ? 'all' : [],
    tags,
    scores: allScores ? 'all' : ascending(scores),
  };
}
