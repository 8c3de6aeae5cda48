import type { DBCore, DBCoreCursor, DBCoreKeyRange, DBCoreTable, DBCoreTransaction, Middleware } from 'dexie';
import { abortWith, ALL_KEYS, mutate, perTransactionQueue, RANGE_ANY, RANGE_EQUAL, RANGE_RANGE } from './dbcore';
import { blockOf, insertSorted, memberRows, type TagMemberRow } from '../contacts/membership';

export { blockOf, insertSorted, memberRows, type TagMemberRow };

/**
 * Tag membership lives in its own table, not in the contact rows.
 *
 * Why: IndexedDB here costs a fixed amount per row written (about 0.1 ms in Chromium, more with
 * each index), so tagging 10,000 contacts by rewriting 10,000 contact rows takes seconds. Each
 * `tagMembers` row holds the ids of one tag's contacts within one block of 2,048 contact ids, so
 * tagging 10,000 contacts rewrites a few dozen rows at most.
 *
 * The rest of the code keeps seeing `contact.tags`: this Dexie middleware (DBCore level) strips
 * `tags` from every contact row written and records it in `tagMembers` in the same transaction,
 * and puts it back on every contact row read. Any transaction that opens `contacts` also opens
 * `tagMembers` (at the IndexedDB level: code that reads or writes `db.tagMembers` itself must still
 * name it in `db.transaction(...)`). The ContactStore (lib/contacts/dexie-store.ts) writes contact rows
 * without `tags` and keeps `tagMembers` itself, so this middleware only reads membership for it (and
 * removes a deleted contact's, which the store has already done); phase 2 of issue #16 deletes it.
 * Contacts read back list their tags in tag id order.
 */
export const TAG_MEMBERS = 'tagMembers';
const CONTACTS = 'contacts';

const blockRange = (from: number, to: number): DBCoreKeyRange =>
  from === to ? { type: RANGE_EQUAL, lower: from, upper: from } : { type: RANGE_RANGE, lower: from, upper: to, lowerOpen: false, upperOpen: false };

/** Reads and writes `tagMembers` rows through the DBCore below this middleware (so liveQuery sees them). */
export class TagMembersCore {
  constructor(private readonly table: DBCoreTable) {}

  /** Every membership row of these blocks (all tags). */
  async rowsOfBlocks(trans: DBCoreTransaction, blocks: readonly number[]): Promise<TagMemberRow[]> {
    if (blocks.length === 0) return [];
    const sorted = [...new Set(blocks)].sort((a, b) => a - b);
    const index = this.table.schema.getIndexByKeyPath('block')!;
    const first = sorted[0];
    const last = sorted[sorted.length - 1];
    // Few blocks far apart: one query each; otherwise one range query, filtered.
    if (sorted.length <= 8 && last - first + 1 > sorted.length * 4) {
      const parts = await Promise.all(sorted.map((b) => this.table.query({ trans, values: true, query: { index, range: blockRange(b, b) } })));
      return parts.flatMap((p) => p.result as TagMemberRow[]);
    }
    const wanted = new Set(sorted);
    const { result } = await this.table.query({ trans, values: true, query: { index, range: blockRange(first, last) } });
    return (result as TagMemberRow[]).filter((row) => wanted.has(row.block));
  }

  async allRows(trans: DBCoreTransaction): Promise<TagMemberRow[]> {
    const { result } = await this.table.query({ trans, values: true, query: { index: this.table.schema.primaryKey, range: ALL_KEYS } });
    return result as TagMemberRow[];
  }

  /** Tag ids of each of these contacts (contacts with no tag are absent). */
  async tagsOf(trans: DBCoreTransaction, ids: readonly number[]): Promise<Map<number, number[]>> {
    const out = new Map<number, number[]>();
    const numeric = ids.filter((id): id is number => typeof id === 'number');
    if (numeric.length === 0) return out;
    const rows = await this.rowsOfBlocks(trans, numeric.map(blockOf));
    const wanted = new Set(numeric);
    for (const row of rows) {
      for (const id of row.ids) {
        if (!wanted.has(id)) continue;
        const tags = out.get(id);
        if (tags) tags.push(row.tagId);
        else out.set(id, [row.tagId]);
      }
    }
    return out;
  }

  /** Tag ids of every contact. */
  async allTags(trans: DBCoreTransaction): Promise<Map<number, number[]>> {
    const out = new Map<number, number[]>();
    for (const row of await this.allRows(trans)) {
      for (const id of row.ids) {
        const tags = out.get(id);
        if (tags) tags.push(row.tagId);
        else out.set(id, [row.tagId]);
      }
    }
    return out;
  }

  /** Makes each listed contact's membership exactly its tag list (an empty list removes it from every tag). */
  async setTags(trans: DBCoreTransaction, tagsById: ReadonlyMap<number, readonly number[]>): Promise<void> {
    if (tagsById.size === 0) return;
    const ids = [...tagsById.keys()];
    const rows = await this.rowsOfBlocks(trans, ids.map(blockOf));
    const byKey = new Map(rows.map((row) => [`${row.tagId}:${row.block}`, row]));
    const changed = new Set<TagMemberRow>();
    // Remove each listed contact from the rows of tags it no longer has.
    for (const row of rows) {
      const kept = row.ids.filter((id) => {
        const tags = tagsById.get(id);
        return tags === undefined || tags.includes(row.tagId);
      });
      if (kept.length !== row.ids.length) {
        row.ids = kept;
        changed.add(row);
      }
    }
    // Add it to the rows of the tags it has.
    for (const [id, tags] of tagsById) {
      const block = blockOf(id);
      for (const tagId of new Set(tags)) {
        if (typeof tagId !== 'number') continue;
        const key = `${tagId}:${block}`;
        let row = byKey.get(key);
        if (!row) byKey.set(key, (row = { tagId, block, ids: [] }));
        if (insertSorted(row.ids, id)) changed.add(row);
      }
    }
    await this.write(trans, [...changed]);
  }

  /** Writes changed rows; rows left empty are deleted. */
  async write(trans: DBCoreTransaction, rows: readonly TagMemberRow[]): Promise<void> {
    const keep = rows.filter((row) => row.ids.length > 0);
    const drop = rows.filter((row) => row.ids.length === 0).map((row) => [row.tagId, row.block]);
    if (keep.length) await mutate(this.table, { trans, type: 'put', values: keep });
    if (drop.length) await mutate(this.table, { trans, type: 'delete', keys: drop });
  }

  async removeContacts(trans: DBCoreTransaction, ids: readonly number[]): Promise<void> {
    const numeric = ids.filter((id): id is number => typeof id === 'number');
    await this.setTags(trans, new Map(numeric.map((id) => [id, []])));
  }

  async clear(trans: DBCoreTransaction): Promise<void> {
    await mutate(this.table, { trans, type: 'deleteRange', range: ALL_KEYS });
  }
}

type Row = Record<string, unknown> & { id?: number; tags?: unknown };

const withTags = (row: unknown, tags: ReadonlyMap<number, number[]>): unknown => {
  if (!row || typeof row !== 'object') return row;
  const id = (row as Row).id;
  return { ...(row as Row), tags: (typeof id === 'number' && tags.get(id)) || [] };
};

/** A contact cursor whose values carry their tags (key getters re-declared: IDBCursor's own need the real cursor as `this`). */
function withTagsCursor(cursor: DBCoreCursor, tags: ReadonlyMap<number, number[]>): DBCoreCursor {
  let lastRaw: unknown;
  let lastValue: unknown;
  return Object.create(cursor, {
    key: { get: () => cursor.key },
    primaryKey: { get: () => cursor.primaryKey },
    value: {
      get() {
        const raw = cursor.value;
        if (raw !== lastRaw) {
          lastRaw = raw;
          lastValue = withTags(raw, tags);
        }
        return lastValue;
      },
    },
  }) as DBCoreCursor;
}

/**
 * The contacts table seen through tag membership (see the top of this file). Membership writes
 * within one transaction run one after another, so two contact writes in the same transaction
 * cannot overwrite each other's membership row.
 */
function contactsTable(contacts: DBCoreTable, members: TagMembersCore): DBCoreTable {
  const serial = perTransactionQueue();
  // Dexie keeps a caller's transaction zone alive across native awaits for a limited number of
  // microtasks (its "zone echoes"). So the call to the table below is always made at once, in the
  // caller's zone, and the rest is plain .then chains that add as few microtasks as possible.
  return {
    ...contacts,
    get(req) {
      return contacts.get(req).then((row) => (row ? serial(req.trans, () => members.tagsOf(req.trans, [req.key])).then((tags) => withTags(row, tags)) : row));
    },
    getMany(req) {
      return contacts.getMany(req).then((rows) => {
        const found = rows.filter(Boolean) as Row[];
        if (found.length === 0) return rows;
        return serial(req.trans, () => members.tagsOf(req.trans, found.map((r) => r.id as number))).then((tags) => rows.map((row) => withTags(row, tags)));
      });
    },
    query(req) {
      return contacts.query(req).then((res) => {
        if (!req.values || res.result.length === 0) return res;
        const rows = res.result as Row[];
        const read = () => (rows.length > 20_000 ? members.allTags(req.trans) : members.tagsOf(req.trans, rows.map((r) => r.id as number)));
        return serial(req.trans, read).then((tags) => ({ ...res, result: rows.map((row) => withTags(row, tags)) }));
      });
    },
    openCursor(req) {
      if (!req.values) return contacts.openCursor(req);
      return contacts.openCursor(req).then((cursor) =>
        cursor ? serial(req.trans, () => members.allTags(req.trans)).then((tags) => withTagsCursor(cursor, tags)) : cursor,
      );
    },
    mutate(req) {
      if (req.type === 'add' || req.type === 'put') {
        // An update whose changes do not name tags (a risk score, a name, lastInboundAt) leaves
        // membership as it is: no membership read or write at all.
        const specs = req.type === 'put' ? (req.updates?.changeSpecs ?? (req.changeSpec ? [req.changeSpec] : null)) : null;
        const keepsTags = specs !== null && specs.every((spec) => !Object.keys(spec).some((k) => k === 'tags' || k.startsWith('tags.')));
        // An update that names tags but leaves none (`{ tags: undefined }`) clears them.
        const setsTags = specs !== null && !keepsTags;
        const lists: (readonly number[] | undefined)[] = [];
        const values = req.values.map((value) => {
          const row = value as Row;
          if (!row || typeof row !== 'object' || !('tags' in row)) {
            lists.push(setsTags && row && typeof row === 'object' ? [] : undefined);
            return value;
          }
          const { tags, ...rest } = row;
          lists.push(keepsTags ? undefined : Array.isArray(tags) ? (tags as number[]) : []);
          return rest;
        });
        return contacts.mutate({ ...req, values }).then((res) => {
          const failed = res.failures as unknown as Record<number, unknown>;
          const changes = new Map<number, readonly number[]>();
          lists.forEach((tags, i) => {
            const key = res.results?.[i];
            // A row written without a tags field keeps its membership (a new one has none).
            if (tags !== undefined && failed[i] === undefined && typeof key === 'number') changes.set(key, tags);
          });
          if (changes.size === 0) return res;
          return serial(req.trans, () => members.setTags(req.trans, changes)).then(() => res, abortWith(req.trans));
        });
      }
      if (req.type === 'delete') {
        return contacts.mutate(req).then((res) => serial(req.trans, () => members.removeContacts(req.trans, req.keys as number[])).then(() => res, abortWith(req.trans)));
      }
      if (req.type === 'deleteRange') {
        if (req.range.type === RANGE_ANY) return contacts.mutate(req).then((res) => serial(req.trans, () => members.clear(req.trans)).then(() => res, abortWith(req.trans)));
        // Both requests are made at once, in the caller's zone; IndexedDB runs them in order.
        const keys = contacts.query({ trans: req.trans, values: false, query: { index: contacts.schema.primaryKey, range: req.range } });
        const deleted = contacts.mutate(req);
        return Promise.all([keys, deleted]).then(([{ result }, res]) =>
          serial(req.trans, () => members.removeContacts(req.trans, result as number[])).then(() => res, abortWith(req.trans)),
        );
      }
      return contacts.mutate(req);
    },
  };
}

/** The Dexie middleware that keeps `contact.tags` in `tagMembers` (see the top of this file). */
export const tagMembersMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'KizunaTagMembers',
  // Above Dexie's own middlewares (hooks, observability, cache at 0–2), so its reads and writes of
  // tagMembers are seen by liveQuery and storagemutated like any other.
  level: 10,
  create(down) {
    if (!down.schema.tables.some((t) => t.name === TAG_MEMBERS) || !down.schema.tables.some((t) => t.name === CONTACTS)) return down;
    const members = new TagMembersCore(down.table(TAG_MEMBERS));
    const contacts = contactsTable(down.table(CONTACTS), members);
    return {
      ...down,
      transaction(stores, mode, options) {
        const withMembers = stores.includes(CONTACTS) && !stores.includes(TAG_MEMBERS) ? [...stores, TAG_MEMBERS] : stores;
        return down.transaction(withMembers, mode, options);
      },
      table(name) {
        return name === CONTACTS ? contacts : down.table(name);
      },
    };
  },
};

/**
 * Schema 5's upgrade: moves each contact's `tags` into `tagMembers` and takes it off the row. Runs on
 * the raw version-change transaction, below the middleware (which would hide the old field).
 */
export function moveTagsToMembers(idb: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    const tagged: { id: number; tags: unknown }[] = [];
    const request = idb.objectStore(CONTACTS).openCursor();
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const cursor = request.result;
      if (!cursor) {
        const members = idb.objectStore(TAG_MEMBERS);
        for (const row of memberRows(tagged)) members.put(row);
        resolve();
        return;
      }
      const { tags, ...rest } = cursor.value as Row;
      if (tags !== undefined) {
        tagged.push({ id: rest.id as number, tags });
        cursor.update(rest);
      }
      cursor.continue();
    };
  });
}
