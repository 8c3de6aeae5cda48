import Dexie, { cmp, type DBCore, type DBCoreCursor, type DBCoreIndex, type DBCoreKeyRange, type DBCoreMutateResponse, type DBCoreQueryRequest, type DBCoreTable, type DBCoreTransaction, type Middleware, type Transaction } from 'dexie';
import { abortWith, ALL_KEYS as ALL, lowerBound, mutate, perTransactionQueue, RANGE_ANY, RANGE_EQUAL, RANGE_NEVER, RANGE_RANGE } from './dbcore';

/**
 * Staged contacts: a large import stores its new contacts packed, a hundred per row, and they are
 * moved into ordinary contact rows in the background afterwards.
 *
 * Why: IndexedDB in Chromium costs a fixed ~0.1 ms per row written, whatever the row (measured in
 * the note on issue #5), so 100,000 contact rows take 9–12 s on their own on a small machine. A
 * hundred packed rows take a fraction of a second.
 *
 * The rest of the code does not see the difference: this Dexie middleware (DBCore level, below the
 * tag-membership one) makes the `contacts` table read as contact rows plus staged contacts, for
 * every kind of read (get, bulkGet, queries on the primary key or the email index, cursors, counts).
 * A write to a staged contact (update, delete) takes it out of its packed row and writes it as an
 * ordinary row. A new contact whose email is already staged is refused, as the unique email index
 * would. `expandStagedContacts` moves staged contacts into ordinary rows, one packed row per
 * transaction. Any transaction that opens `contacts` also opens both stage tables.
 *
 * Staging happens only when asked: `stageNextContactAdd(tx)` before a `db.contacts.bulkAdd` in a
 * transaction whose caller has already made sure none of the emails is stored (the import re-plans
 * against every stored contact inside its own transaction). The new contacts get ids from the
 * table's own key generator, so ids are never reused.
 */

export const CONTACT_STAGE = 'contactStage';
export const STAGE_EMAILS = 'contactStageEmails';
const CONTACTS = 'contacts';

/**
 * Contact ids per staged row: a hundred make 100,000 contacts a thousand rows (a fraction of a
 * second to write), and a filing step that moves one row short (~10 ms), so the sidebar never
 * waits long behind it.
 */
export const STAGE_BLOCK = 100;
/** Email lookup rows: each holds the staged emails whose hash falls in it (never rewritten by expansion). */
const BUCKETS = 256;
/** Rows per bulkAdd call while filing (see expandStagedContacts). */
const REPORTED_WRITE = 49;

export interface StagedContact {
  id: number;
  email: string;
  [field: string]: unknown;
}

export interface StagedBlock {
  block: number;
  /** Ascending by id, all in this block. */
  rows: StagedContact[];
}

/** Email → id of the staged contacts whose email hashes to this bucket. May hold entries already moved out (checked on use). */
export interface StageEmailBucket {
  bucket: number;
  ids: Record<string, number>;
}


/** Dexie's promise: its callbacks run in the zone it was made in (see StageCore). */
const P = Dexie.Promise;

const stagedBlockOf = (id: number): number => Math.floor(id / STAGE_BLOCK);
const RESERVED_EMAIL = '\u0000kizuna:reserved-id';

function bucketOf(email: string): number {
  // FNV-1a, 32 bits.
  let h = 0x811c9dc5;
  for (let i = 0; i < email.length; i++) {
    h ^= email.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % BUCKETS;
}

/** Transactions whose next contacts add is staged; and transactions of the expansion (adds go straight to the rows). */
const stageNext = new WeakSet<object>();
const expanding = new WeakSet<object>();

const idbtrans = (tx: Transaction): object => (tx as unknown as { idbtrans: object }).idbtrans;

/**
 * Stages the next `db.contacts.bulkAdd` in this transaction. The caller guarantees that none of the
 * emails is stored yet (staged or not) and that the values carry no id.
 */
export function stageNextContactAdd(tx: Transaction): void {
  stageNext.add(idbtrans(tx));
}

function constraintError(message: string): Error {
  return new Dexie.ConstraintError(message);
}

function inRange(key: unknown, range: DBCoreKeyRange): boolean {
  if (range.type === RANGE_NEVER) return false;
  if (range.type === RANGE_ANY) return true;
  if (key === undefined || key === null) return false;
  if (range.type === RANGE_EQUAL) return cmp(key, range.lower) === 0;
  if (range.lower !== undefined) {
    const c = cmp(key, range.lower);
    if (c < 0 || (c === 0 && range.lowerOpen)) return false;
  }
  if (range.upper !== undefined) {
    const c = cmp(key, range.upper);
    if (c > 0 || (c === 0 && range.upperOpen)) return false;
  }
  return true;
}

function findRow(rows: readonly StagedContact[], id: number): number {
  const at = lowerBound(rows, id, (row) => row.id);
  return rows[at]?.id === id ? at : -1;
}

/**
 * Reads and writes the two stage tables through the DBCore below this middleware (so liveQuery sees
 * them). Every step chains on the promise of the call below (Dexie's own promise), never on an
 * async function's: a call to the table below must run in the caller's Dexie zone, and Dexie's
 * promises carry it to their callbacks.
 */
class StageCore {
  /** Per transaction, the stage's read-then-write steps run one after another (two at once would each write back the other's block). */
  readonly serial = perTransactionQueue();

  constructor(
    readonly blocks: DBCoreTable,
    readonly emails: DBCoreTable,
  ) {}

  /** Staged rows of these blocks that exist. */
  blocksOf(trans: DBCoreTransaction, ids: readonly number[]): Promise<StagedBlock[]> {
    const keys = [...new Set(ids.map(stagedBlockOf))];
    if (keys.length === 0) return P.resolve([]);
    return this.blocks.getMany({ trans, keys }).then((rows) => (rows as (StagedBlock | undefined)[]).filter((r): r is StagedBlock => r !== undefined));
  }

  /** Staged contacts with these ids. */
  byId(trans: DBCoreTransaction, ids: readonly number[]): Promise<Map<number, StagedContact>> {
    const numeric = ids.filter((id): id is number => typeof id === 'number');
    return this.blocksOf(trans, numeric).then((list) => {
      const out = new Map<number, StagedContact>();
      const blocks = new Map(list.map((b) => [b.block, b]));
      for (const id of numeric) {
        const block = blocks.get(stagedBlockOf(id));
        const at = block ? findRow(block.rows, id) : -1;
        if (at >= 0) out.set(id, block!.rows[at]);
      }
      return out;
    });
  }

  /** Staged contacts with these emails (as stored: the app stores emails lowercased). */
  byEmail(trans: DBCoreTransaction, emails: readonly string[]): Promise<Map<string, StagedContact>> {
    const strings = [...new Set(emails.filter((e): e is string => typeof e === 'string'))];
    if (strings.length === 0) return P.resolve(new Map());
    return this.emails.getMany({ trans, keys: [...new Set(strings.map(bucketOf))] }).then((buckets) => {
      const byBucket = new Map((buckets as (StageEmailBucket | undefined)[]).filter((b): b is StageEmailBucket => b !== undefined).map((b) => [b.bucket, b]));
      const candidates = new Map<number, string>();
      for (const email of strings) {
        const id = byBucket.get(bucketOf(email))?.ids[email];
        if (id !== undefined) candidates.set(id, email);
      }
      if (candidates.size === 0) return new Map<string, StagedContact>();
      // An entry may be stale (the contact was filed into an ordinary row, or its email changed there).
      return this.byId(trans, [...candidates.keys()]).then((found) => {
        const out = new Map<string, StagedContact>();
        for (const [id, row] of found) if (row.email === candidates.get(id)) out.set(row.email, row);
        return out;
      });
    });
  }

  /** Staged contacts in this primary-key range, in order; with a limit, staged rows are read a few at a time until it is reached. */
  inKeyRange(trans: DBCoreTransaction, range: DBCoreKeyRange, reverse = false, limit = Infinity): Promise<StagedContact[]> {
    if (range.type === RANGE_NEVER) return P.resolve([]);
    const found: StagedContact[] = [];
    // Limited reads take about as many rows as the limit needs at a time; the others all at once.
    const step = Number.isFinite(limit) ? Math.min(Math.ceil(limit / STAGE_BLOCK) + 1, 500) : undefined;
    const read = (from: number | undefined, to: number | undefined): Promise<StagedContact[]> => {
      const blockRange: DBCoreKeyRange =
        from === undefined && to === undefined ? ALL : { type: RANGE_RANGE, lower: from, upper: to, lowerOpen: false, upperOpen: false };
      return this.blocks.query({ trans, values: true, limit: step, direction: reverse ? 'prev' : 'next', query: { index: this.blocks.schema.primaryKey, range: blockRange } }).then(({ result }) => {
        const rows = result as StagedBlock[];
        for (const block of rows) {
          const inside = block.rows.filter((row) => inRange(row.id, range));
          if (reverse) inside.reverse();
          found.push(...inside);
        }
        if (step === undefined || rows.length < step || found.length >= limit) return found;
        const last = rows[rows.length - 1].block;
        const [nextFrom, nextTo] = reverse ? [from, last - 1] : [last + 1, to];
        return nextFrom !== undefined && nextTo !== undefined && nextFrom > nextTo ? found : read(nextFrom, nextTo);
      });
    };
    return read(typeof range.lower === 'number' ? stagedBlockOf(range.lower) : undefined, typeof range.upper === 'number' ? stagedBlockOf(range.upper) : undefined);
  }

  all(trans: DBCoreTransaction): Promise<StagedBlock[]> {
    return this.blocks.query({ trans, values: true, query: { index: this.blocks.schema.primaryKey, range: ALL } }).then(({ result }) => result as StagedBlock[]);
  }

  isEmpty(trans: DBCoreTransaction): Promise<boolean> {
    return this.blocks.count({ trans, query: { index: this.blocks.schema.primaryKey, range: ALL } }).then((n) => n === 0);
  }

  /** Takes these ids out of their staged rows (rows left empty are deleted); returns those that were staged. */
  remove(trans: DBCoreTransaction, ids: readonly number[]): Promise<Map<number, StagedContact>> {
    const numeric = ids.filter((id): id is number => typeof id === 'number');
    const wanted = new Set(numeric);
    if (numeric.length === 0) return P.resolve(new Map());
    return this.serial(trans, () => this.blocksOf(trans, numeric).then((blocks) => {
      const removed = new Map<number, StagedContact>();
      const changed: StagedBlock[] = [];
      for (const block of blocks) {
        const kept = block.rows.filter((row) => {
          if (!wanted.has(row.id)) return true;
          removed.set(row.id, row);
          return false;
        });
        if (kept.length !== block.rows.length) changed.push({ block: block.block, rows: kept });
      }
      return changed.length ? this.write(trans, changed).then(() => removed) : removed;
    }));
  }

  write(trans: DBCoreTransaction, blocks: readonly StagedBlock[]): Promise<void> {
    const keep = blocks.filter((b) => b.rows.length > 0);
    const drop = blocks.filter((b) => b.rows.length === 0).map((b) => b.block);
    const writes = [
      keep.length ? mutate(this.blocks, { trans, type: 'put', values: keep }) : null,
      drop.length ? mutate(this.blocks, { trans, type: 'delete', keys: drop }) : null,
    ];
    return P.all(writes).then(() => {
      if (!drop.length) return undefined;
      // Nothing staged any more: the email lookup rows go too.
      return this.isEmpty(trans).then((empty) => (empty ? mutate(this.emails, { trans, type: 'deleteRange', range: ALL }).then(() => undefined) : undefined));
    });
  }

  clear(trans: DBCoreTransaction): Promise<void> {
    return this.serial(trans, () => P.all([mutate(this.blocks, { trans, type: 'deleteRange', range: ALL }), mutate(this.emails, { trans, type: 'deleteRange', range: ALL })]).then(() => undefined));
  }

  /** Stores new contacts (ids already given) packed, with their email lookup entries. */
  add(trans: DBCoreTransaction, rows: readonly StagedContact[]): Promise<void> {
    const byBlock = new Map<number, StagedContact[]>();
    const byBucket = new Map<number, Record<string, number>>();
    for (const row of rows) {
      const block = stagedBlockOf(row.id);
      const list = byBlock.get(block);
      if (list) list.push(row);
      else byBlock.set(block, [row]);
      const bucket = bucketOf(row.email);
      let ids = byBucket.get(bucket);
      if (!ids) byBucket.set(bucket, (ids = {}));
      ids[row.email] = row.id;
    }
    const bucketKeys = [...byBucket.keys()];
    return this.serial(trans, () => P.all([this.blocksOf(trans, rows.map((r) => r.id)), this.emails.getMany({ trans, keys: bucketKeys })]).then(([existingBlocks, buckets]) => {
      const existing = new Map(existingBlocks.map((b) => [b.block, b]));
      const blocks = [...byBlock].map(([block, list]) => ({ block, rows: [...(existing.get(block)?.rows ?? []), ...list].sort((a, b) => a.id - b.id) }));
      const bucketRows = bucketKeys.map((bucket, i) => ({ bucket, ids: { ...(buckets[i] as StageEmailBucket | undefined)?.ids, ...byBucket.get(bucket) } }));
      return P.all([mutate(this.blocks, { trans, type: 'put', values: blocks }), mutate(this.emails, { trans, type: 'put', values: bucketRows })]).then(() => undefined);
    }));
  }
}

const isPrimary = (index: DBCoreIndex): boolean => !!index.isPrimaryKey || index.name === null || index.name === '';

/** A cursor over rows already in memory (used while contacts are staged: the rows and the staged ones, merged). */
function arrayCursor(trans: DBCoreTransaction, entries: readonly { key: unknown; primaryKey: unknown; value?: unknown }[], reverse: boolean): DBCoreCursor | null {
  if (entries.length === 0) return null;
  let pos = 0;
  let onNext: (() => void) | null = null;
  let settle: { resolve: (v: unknown) => void; reject: (e: unknown) => void } | null = null;
  let moved = false;
  let finished = false;
  let stepping = false;
  const before = (a: unknown, b: unknown) => (reverse ? cmp(a, b) > 0 : cmp(a, b) < 0);
  const finish = (value?: unknown) => {
    if (finished) return;
    finished = true;
    settle?.resolve(value);
  };
  const run = () => {
    if (stepping || finished || !onNext) return;
    stepping = true;
    try {
      while (!finished) {
        if (pos >= entries.length) return finish();
        moved = false;
        onNext();
        if (!moved) return;
      }
    } catch (error) {
      finished = true;
      settle?.reject(error);
    } finally {
      stepping = false;
    }
  };
  const go = (to: number) => {
    pos = to;
    moved = true;
    if (!stepping) queueMicrotask(run);
  };
  const cursor: DBCoreCursor = {
    trans,
    get key() {
      return entries[pos]?.key;
    },
    get primaryKey() {
      return entries[pos]?.primaryKey;
    },
    get value() {
      return entries[pos]?.value;
    },
    get done() {
      return finished || pos >= entries.length;
    },
    continue(key?: unknown) {
      let next = pos + 1;
      if (key !== undefined) while (next < entries.length && before(entries[next].key, key)) next++;
      go(next);
    },
    continuePrimaryKey(key: unknown, primaryKey: unknown) {
      let next = pos + 1;
      while (next < entries.length && (before(entries[next].key, key) || (cmp(entries[next].key, key) === 0 && before(entries[next].primaryKey, primaryKey)))) next++;
      go(next);
    },
    advance(count: number) {
      go(pos + count);
    },
    start(callback: () => void) {
      return new Promise((resolve, reject) => {
        settle = { resolve, reject };
        onNext = callback;
        queueMicrotask(run);
      });
    },
    stop(value?: unknown) {
      finish(value);
    },
    next() {
      return new Promise<DBCoreCursor>((resolve) => {
        pos += 1;
        resolve(this);
      });
    },
    fail(error: Error) {
      if (finished) return;
      finished = true;
      settle?.reject(error);
    },
  };
  return cursor;
}

type Value = Record<string, unknown>;

/** The contacts table seen as its rows plus the staged contacts (see the top of this file). */
function contactsTable(contacts: DBCoreTable, stage: StageCore): DBCoreTable {
  const emailIndex = contacts.schema.getIndexByKeyPath('email');
  const keyOf = (index: DBCoreIndex, value: Value): unknown => (isPrimary(index) || !index.extractKey ? value.id : index.extractKey(value));

  const isReverse = (req: DBCoreQueryRequest) => req.direction === 'prev' || req.direction === 'prevunique';

  /** The query answered from the rows and the staged contacts, merged (both read at once). */
  function mergedQuery(req: DBCoreQueryRequest, rowsRead: Promise<{ values: boolean; result: unknown[] }>, staged: Promise<StagedContact[]>): Promise<{ result: unknown[] }> {
    const { index } = req.query;
    return P.all([rowsRead, staged]).then(([rows, stagedRows]) => {
      if (stagedRows.length === 0) return { result: rows.result };
      // Keys only happens on the primary key here (see `query`): the key is the id.
      const stored = rows.values
        ? (rows.result as Value[]).map((value) => ({ key: keyOf(index, value), id: value.id, value }))
        : rows.result.map((id) => ({ key: id, id, value: undefined as unknown }));
      const entries = [...stored, ...stagedRows.map((value) => ({ key: keyOf(index, value), id: value.id as unknown, value: value as unknown }))];
      entries.sort((a, b) => cmp(a.key, b.key) || cmp(a.id, b.id));
      if (isReverse(req)) entries.reverse();
      const limited = req.limit !== undefined && req.limit < entries.length ? entries.slice(0, req.limit) : entries;
      return { result: limited.map((e) => (req.values ? e.value : e.id)) };
    });
  }

  function stagedMatching(req: DBCoreQueryRequest): Promise<StagedContact[]> {
    const { index, range } = req.query;
    if (isPrimary(index)) return stage.inKeyRange(req.trans, range, isReverse(req), req.limit ?? Infinity);
    return stage.all(req.trans).then((blocks) => blocks.flatMap((b) => b.rows.filter((row) => inRange(keyOf(index, row), range))));
  }

  function query(req: DBCoreQueryRequest): Promise<{ result: unknown[] }> {
    const { index, range } = req.query;
    // One contact by email (the sidebar, thread recording): the staged contacts are looked at only when no row has it.
    if (index === emailIndex && range.type === RANGE_EQUAL) {
      return contacts.query(req).then((res) => {
        if (res.result.length > 0 || typeof range.lower !== 'string') return res;
        return stage.byEmail(req.trans, [range.lower]).then((found) => {
          const row = found.get(range.lower as string);
          return row ? { result: [req.values ? row : row.id] } : res;
        });
      });
    }
    const staged = stagedMatching(req);
    // Keys only, on an index other than the primary key: the merge needs each row's index key, so values are read.
    const values = !!req.values;
    const rows =
      values || isPrimary(index)
        ? contacts.query(req).then((res) => ({ values, result: res.result }))
        : staged.then((s) => (s.length === 0 ? contacts.query(req).then((res) => ({ values, result: res.result })) : contacts.query({ ...req, values: true }).then((res) => ({ values: true, result: res.result }))));
    return mergedQuery(req, rows, staged);
  }

  return {
    ...contacts,
    get(req) {
      return contacts.get(req).then((row) => (row !== undefined || typeof req.key !== 'number' ? row : stage.byId(req.trans, [req.key]).then((found) => found.get(req.key))));
    },
    getMany(req) {
      return contacts.getMany(req).then((rows) => {
        const missing = req.keys.filter((key, i) => rows[i] === undefined && typeof key === 'number') as number[];
        if (missing.length === 0) return rows;
        return stage.byId(req.trans, missing).then((found) => (found.size === 0 ? rows : rows.map((row, i) => row ?? found.get(req.keys[i] as number))));
      });
    },
    query,
    count(req) {
      const staged = stagedMatching({ trans: req.trans, values: true, query: req.query });
      return P.all([contacts.count(req), staged]).then(([n, s]) => n + s.length);
    },
    openCursor(req) {
      const empty = stage.isEmpty(req.trans);
      return empty.then((isEmpty) => {
        if (isEmpty) return contacts.openCursor(req);
        // Contacts are staged (for the seconds after a large import): the cursor runs over the merged rows.
        return query({ trans: req.trans, values: true, query: req.query, direction: req.reverse ? 'prev' : 'next' }).then(({ result }) => {
          const index = req.query.index;
          const entries = (result as Value[]).map((value) => ({ key: keyOf(index, value), primaryKey: value.id, value: req.values ? value : undefined }));
          const unique = req.unique ? entries.filter((e, i) => i === 0 || cmp(e.key, entries[i - 1].key) !== 0) : entries;
          return arrayCursor(req.trans, unique, !!req.reverse);
        });
      });
    },
    mutate(req) {
      const { trans } = req;
      if (req.type === 'add' && expanding.has(trans)) return contacts.mutate(req);
      if (req.type === 'add' && stageNext.has(trans)) {
        stageNext.delete(trans);
        return stageAdd(trans, req.values as Value[]);
      }
      if (req.type === 'add' || req.type === 'put') {
        const values = req.values as Value[];
        const ids = values.map((v) => v?.id).filter((id): id is number => typeof id === 'number');
        const specs = req.type === 'put' ? (req.updates?.changeSpecs ?? (req.changeSpec ? [req.changeSpec] : null)) : null;
        const emailsMayChange = specs === null || specs.some((spec) => 'email' in spec);
        const emails = emailsMayChange ? values.map((v) => v?.email).filter((e): e is string => typeof e === 'string') : [];
        /** The error the unique email index would give this value, its email being staged under another id. */
        const clashOf = (value: Value | undefined, emailsFound: Map<string, StagedContact>): Error | null => {
          const other = typeof value?.email === 'string' ? emailsFound.get(value.email) : undefined;
          return other && other.id !== value!.id ? constraintError(`A contact with the email ${value!.email as string} already exists.`) : null;
        };
        if (req.type === 'put') {
          // A put is made at once, with the lookups (a write must not wait a round trip): a staged
          // contact written here leaves its packed row; an email already staged under another id
          // aborts the transaction, as the unique index would have refused the put. So does a put
          // the table refused for a contact it took out of its packed row (it would be lost).
          return P.all([contacts.mutate(req), stage.remove(trans, ids), stage.serial(trans, () => stage.byEmail(trans, emails))]).then(([res, removed, emailsFound]) => {
            const refused = Object.entries(res.failures as Record<number, Error>).find(([i]) => removed.has((values[Number(i)] as Value | undefined)?.id as number));
            const error = refused?.[1] ?? values.map((value) => clashOf(value, emailsFound)).find(Boolean);
            return error ? abortWith(trans)(error) : res;
          }, abortWith(trans));
        }
        // An add is checked first: values whose id or email is staged are refused one by one (as
        // the table refuses a duplicate), the others are written.
        return stage.serial(trans, () => P.all([stage.byId(trans, ids), stage.byEmail(trans, emails)])).then(([idsFound, emailsFound]) => {
          const refused = new Map<number, Error>();
          values.forEach((value, i) => {
            const error = typeof value?.id === 'number' && idsFound.has(value.id) ? constraintError(`A contact with id ${value.id} already exists.`) : clashOf(value, emailsFound);
            if (error) refused.set(i, error);
          });
          if (refused.size === 0) return contacts.mutate(req);
          const kept = values.map((_, i) => i).filter((i) => !refused.has(i));
          const merge = (res: DBCoreMutateResponse | null): DBCoreMutateResponse => {
            const failures: Record<number, Error> = Object.fromEntries(refused);
            const results: unknown[] = values.map(() => undefined);
            if (res) {
              for (const [j, error] of Object.entries(res.failures as Record<number, Error>)) failures[kept[Number(j)]] = error;
              res.results?.forEach((key, j) => (results[kept[j]] = key));
            }
            const done = results.filter((key) => key !== undefined);
            return { numFailures: Object.keys(failures).length, failures, results, lastResult: done[done.length - 1] } as DBCoreMutateResponse;
          };
          if (kept.length === 0) return merge(null);
          return contacts.mutate({ ...req, values: kept.map((i) => values[i]), keys: req.keys && kept.map((i) => req.keys![i]), wantResults: true }).then(merge);
        });
      }
      if (req.type === 'delete') {
        return P.all([contacts.mutate(req), stage.remove(trans, req.keys as number[])]).then(([res]) => res, abortWith(trans));
      }
      if (req.type === 'deleteRange') {
        if (req.range.type === RANGE_ANY) return P.all([contacts.mutate(req), stage.clear(trans)]).then(([res]) => res, abortWith(trans));
        const staged = stage.inKeyRange(trans, req.range);
        return P.all([contacts.mutate(req), staged.then((rows) => stage.remove(trans, rows.map((r) => r.id)))]).then(([res]) => res, abortWith(trans));
      }
      return contacts.mutate(req);
    },
  };

  /** A staged bulk add: ids reserved from the table's key generator, rows packed (see the top of this file). */
  function stageAdd(trans: DBCoreTransaction, values: Value[]): Promise<DBCoreMutateResponse> {
    if (values.length === 0 || values.some((v) => v.id !== undefined || typeof v.email !== 'string')) {
      return P.reject(new TypeError('Staged contacts need an email and no id.'));
    }
    const seen = new Set<string>();
    for (const v of values) {
      if (seen.has(v.email as string)) return P.reject(constraintError(`The email ${v.email as string} is twice in one import.`));
      seen.add(v.email as string);
    }
    const n = values.length;
    // The key generator hands out the first id; a placeholder at the last id moves it past the range.
    return mutate(contacts, { trans, type: 'add', values: [{ email: RESERVED_EMAIL }], wantResults: true })
      .then((res) => {
        const first = res.results![0] as number;
        const last = first + n - 1;
        const rows = values.map((v, i) => ({ ...v, id: first + i }) as StagedContact);
        const placeholder = last > first ? mutate(contacts, { trans, type: 'put', values: [{ id: last, email: `${RESERVED_EMAIL}:last` }] }) : P.resolve(null);
        return P.all([placeholder, stage.byEmail(trans, rows.map((r) => r.email))]).then(([, clash]) => {
          if (clash.size > 0) throw constraintError(`A contact with the email ${[...clash.keys()][0]} already exists.`);
          return P.all([mutate(contacts, { trans, type: 'delete', keys: last > first ? [first, last] : [first] }), stage.add(trans, rows)]);
        }).then(() => {
          const results = rows.map((r) => r.id);
          return { numFailures: 0, failures: {}, results, lastResult: results[n - 1] } as DBCoreMutateResponse;
        });
      })
      .catch(abortWith(trans));
  }
}

/** The Dexie middleware for staged contacts (see the top of this file). Below the tag-membership one. */
export const contactStageMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'KizunaContactStage',
  // Above Dexie's own middlewares (0–2), so the stage tables' reads and writes are seen by liveQuery
  // and storagemutated; below tag membership (10), which sees merged contacts without tags.
  level: 5,
  create(down) {
    const names = down.schema.tables.map((t) => t.name);
    if (![CONTACT_STAGE, STAGE_EMAILS, CONTACTS].every((n) => names.includes(n))) return down;
    const stage = new StageCore(down.table(CONTACT_STAGE), down.table(STAGE_EMAILS));
    const contacts = contactsTable(down.table(CONTACTS), stage);
    return {
      ...down,
      transaction(stores, mode, options) {
        const all = stores.includes(CONTACTS) ? [...new Set([...stores, CONTACT_STAGE, STAGE_EMAILS])] : stores;
        return down.transaction(all, mode, options);
      },
      table(name) {
        return name === CONTACTS ? contacts : down.table(name);
      },
    };
  },
};

/** Primary keys in [lower, upper] of a store as IndexedDB holds it (below every middleware). */
function rawKeysIn(trans: IDBTransaction, store: string, lower: number, upper: number): Promise<number[]> {
  return new Dexie.Promise((resolve, reject) => {
    const request = trans.objectStore(store).getAllKeys(IDBKeyRange.bound(lower, upper));
    request.onsuccess = () => resolve(request.result as number[]);
    request.onerror = () => reject(request.error);
  });
}

/** Filing found staged contacts whose ids ordinary rows already have: nothing of that step was written. */
export class StagedIdClashError extends Error {
  override readonly name = 'StagedIdClashError';
  constructor(readonly ids: readonly number[]) {
    super(`Staged contacts cannot be filed: ids ${ids.slice(0, 10).join(', ')}${ids.length > 10 ? '…' : ''} are already used by other contacts.`);
  }
}

export interface ExpandOptions {
  /** Pause between transactions, so other pages' reads and writes get in (IndexedDB runs transactions in creation order). */
  pause?: () => Promise<void>;
  /** Called between transactions with the number of contacts moved so far. */
  onStep?: (moved: number) => void;
}

type AnyTable = Dexie['tables'][number];
type StageDb = Dexie & { contacts: AnyTable; contactStage: AnyTable; contactStageEmails: AnyTable };

/**
 * Moves staged contacts into ordinary contact rows, one packed row per transaction, until none is
 * left. Safe to run from several places at once (each step re-reads the lowest staged row in its
 * own transaction). Returns the number moved.
 */
export async function expandStagedContacts(db: Dexie, options: ExpandOptions = {}): Promise<number> {
  const { contacts, contactStage, contactStageEmails } = db as StageDb;
  let moved = 0;
  for (;;) {
    const step = await db.transaction('rw', [contacts, contactStage, contactStageEmails], async (tx) => {
      const first = (await contactStage.orderBy(':id').first()) as StagedBlock | undefined;
      if (!first) return 0;
      const moving = first.rows;
      expanding.add(idbtrans(tx));
      // In calls of fewer than 50 rows: Dexie then reports the written ids to liveQuery and
      // storagemutated (it reports a bigger call as the whole table), so the pages that list
      // contacts re-read just these rows, which read the same.
      // A staged id already taken by an ordinary row cannot happen through the app (ids come from the
      // table's key generator); if a database has one anyway, say which instead of a bare BulkError.
      const taken = await rawKeysIn(idbtrans(tx) as IDBTransaction, CONTACTS, moving[0]!.id, moving[moving.length - 1]!.id);
      const staged = new Set(moving.map((c) => c.id));
      const clash = taken.filter((id) => staged.has(id));
      if (clash.length > 0) throw new StagedIdClashError(clash);
      for (let i = 0; i < moving.length; i += REPORTED_WRITE) await contacts.bulkAdd(moving.slice(i, i + REPORTED_WRITE));
      await contactStage.delete(first.block);
      // Nothing staged any more: the email lookup rows go too.
      if ((await contactStage.count()) === 0) await contactStageEmails.clear();
      return moving.length;
    });
    if (step === 0) return moved;
    moved += step;
    options.onStep?.(moved);
    await options.pause?.();
  }
}
