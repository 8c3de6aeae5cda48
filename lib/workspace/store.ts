import Dexie from 'dexie';
import { sameStoredScore } from '../db/score-blocks';
import { contactStoreOf, keysOfRangeTree, type DexieContactStore } from '../contacts/dexie-store';
import type { ContactChange } from '../contacts/store';
import type { KizunaDb } from '../db/schema';
import type { Company, Contact, StoredScore, Tag } from '../db/types';
import { shownScore } from '../churn/eligible';
import type { SegmentContact } from '../segments/columns';
import type { TagChange } from './bulk';
import { FIRST_PAGE, type FirstPage } from './first-page';

/** Everything the lists need, in memory: read once, then kept in step with the database. */
export interface WorkspaceSnapshot {
  /** Every contact with its company name and its stored churn score (churn-eligible contacts only), in id order. */
  contacts: SegmentContact[];
  byId: Map<number, SegmentContact>;
  /** Every company; while `complete` is false, only the companies of the first page's contacts. */
  companies: Map<number, Company>;
  tags: Map<number, Tag>;
  /** Bumped on every change, for memoising. */
  version: number;
  /** False while the book is still being read: `contacts` holds only the first page (in id order, the default sort). */
  complete: boolean;
}

/**
 * Options of a WorkspaceStore. `page` is the width of the id ranges the rest is read in (default 10,000).
 * `holdRest`: after the first page is out, the rest of the book is read only once `restMayStart()` is called (the page
 * that shows the first rows calls it after painting them; a page that shows none calls it at once) or the page is
 * hidden. The rest's range reads started at once came back (10,000 rows to clone each) before React's render of the
 * first page, and held its paint back (issue 16). `beforeRest` is for tests: it holds the read of the rest instead.
 */
export interface WorkspaceStoreOptions {
  firstPage?: number;
  /**
   * The first page (`FIRST_PAGE` contacts) already being read below Dexie (entrypoints/app/boot.ts): used instead of
   * reading it again when it resolves to one (null: read as usual). Its rows are re-read once the book is in, in case
   * another page wrote them before this store followed changes.
   */
  firstRead?: Promise<FirstPage | null>;
  page?: number;
  holdRest?: boolean;
  beforeRest?: () => Promise<void>;
}

type IntervalNode = { from?: unknown; to?: unknown; l?: IntervalNode | null; r?: IntervalNode | null; d?: number };

export { keysOfRangeTree };

const PAGE = 10_000;
// Range reads in flight per table: IndexedDB reads the next ranges while the page takes in the last one (issue 16:
// one read at a time left the page idle while IndexedDB read, and IndexedDB idle while the page took the rows in).
const IN_FLIGHT = 2;
// The rest of the book after the first rows: every range asked for at once, each in a read transaction of its own (up
// to this many), so IndexedDB reads them back to back while the page takes in the ones that arrived (issue 16).
const REST_IN_FLIGHT = 16;
const yieldToPage = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
/**
 * Reads everything with an id past `after`: ranges of `page` ids up to `last`, IN_FLIGHT of them at once, then pages past
 * `last` (rows written meanwhile). Ids are positive integers, so a range holds at most `page` rows. Hands each range's
 * result to `take` in id order, pausing between ranges so the page stays responsive; `size` says how many rows a
 * result holds and the last id in it (where the next open page starts).
 */
async function readRanges<R>(
  page: number,
  after: number | undefined,
  last: number,
  read: (after: number | undefined, upTo?: number) => Promise<R>,
  size: (result: R) => { rows: number; lastId: number | undefined },
  take: (result: R) => void,
  inFlightMax = IN_FLIGHT,
): Promise<void> {
  const bounds: [number | undefined, number][] = [];
  for (let from = after ?? 0; from < last; from += page) bounds.push([bounds.length ? from : after, Math.min(from + page, last)]);
  const inFlight: Promise<R>[] = [];
  let next = 0;
  const fill = () => {
    while (inFlight.length < inFlightMax && next < bounds.length) inFlight.push(read(...bounds[next++]));
  };
  fill();
  let from = bounds.length ? last : after;
  while (inFlight.length) {
    const result = await inFlight.shift()!;
    fill();
    take(result);
    await yieldToPage();
  }
  for (;;) {
    const result = await read(from);
    take(result);
    const { rows, lastId } = size(result);
    if (rows < page || lastId === undefined) return;
    from = lastId;
    await yieldToPage();
  }
}

/** The size of a plain list of rows read by readRanges. */
const sizeOf =
  <T>(idOf: (row: T) => number) =>
  (rows: readonly T[]) => ({ rows: rows.length, lastId: rows.length ? idOf(rows[rows.length - 1]) : undefined });

/**
 * An in-memory copy of contacts, companies and tags for the workspace lists. It follows the
 * ContactStore's changes (`onChange`, which in the extension also reports other pages' writes, so an
 * edit in the Gmail sidebar shows here) and Dexie's `storagemutated` for companies: a write of a few
 * rows re-reads just those rows; a bulk write (reported as "all") re-reads the book in pages of 10,000
 * with a pause between pages, debounced, so a long series of writes never blocks the page. During its own bulk actions
 * the page applies the rows it wrote directly (`applyLocal`) and holds re-reads (`hold`); the table
 * is re-read once when the hold ends, which also picks up what other pages wrote meanwhile. Stored churn
 * scores (apart from the contact rows) are followed the same way and shown on their contacts.
 */
export class WorkspaceStore {
  private releaseRest: () => void = () => undefined;
  private readonly restReleased = new Promise<void>((resolve) => (this.releaseRest = resolve));
  /**
   * Every listed contact by id, as the lists show it (with its company's name and score): the published snapshot's
   * `byId`, one map and one object per contact (issue 16). Between a read and its publish a few entries may be rows
   * not yet projected; `publish` and `publishChanged` project them.
   */
  private contactsById = new Map<number, SegmentContact>();
  private scores = new Map<number, StoredScore>();
  private scoreKeys = new Set<number>();
  private scoresPending = false;
  private companies = new Map<number, Company>();
  private tags = new Map<number, Tag>();
  private listeners = new Set<() => void>();
  private snap: WorkspaceSnapshot | null = null;
  private version = 0;
  private pendingKeys = new Set<number>();
  private fullPending = false;
  private companiesPending = false;
  /** Tag definitions (names, colours) changed: re-read them, and publish without rebuilding the contacts. */
  private tagDefsPending = false;
  /** Tag membership changed: re-read every contact's tags. */
  private tagsPending = false;
  /** Contacts whose tag membership may have changed (a few blocks of ids): re-read only theirs. */
  private tagKeys = new Set<number>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private holds = 0;
  private started: Promise<void> | null = null;
  /** The whole book has been read once: changes are followed from then on (those seen before are kept pending). */
  private loaded = false;
  private readonly onMutated = (parts: Record<string, IntervalNode>) => this.companiesMutated(parts);
  private unsubscribe: (() => void) | null = null;
  private readonly store: DexieContactStore;

  constructor(
    private readonly db: KizunaDb,
    private readonly debounceMs = 150,
    private readonly options: WorkspaceStoreOptions = {},
  ) {
    this.store = contactStoreOf(db);
  }

  /**
   * Loads everything once (later calls return the same promise, resolved when the whole book is in) and starts
   * following changes. The first page of contacts (id order) is published on its own first, so a large book shows
   * its first rows at once; the snapshot says `complete: false` until the rest is read.
   */
  start(): Promise<void> {
    this.started ??= (async () => {
      Dexie.on('storagemutated', this.onMutated);
      this.unsubscribe = this.store.onChange((change) => this.changed(change));
      const early = this.options.firstRead && (await this.options.firstRead);
      const limit = early ? FIRST_PAGE : (this.options.firstPage ?? FIRST_PAGE);
      const { contacts: first, scores, companies } = early || (await this.readFirstPage(limit));
      const ids = first.map((row) => row.id);
      const firstRows = new Map(first.map((row) => [row.id, row]));
      this.mergeScores(ids, scores);
      this.companies = new Map(companies.flatMap((c) => (c ? [[c.id, c] as const] : [])));
      if (early) {
        this.tags = new Map(early.tags.map((t) => [t.id, t]));
        // Read before changes were followed: checked once the book is in (a re-read that finds them the same changes nothing).
        ids.forEach((id) => (this.pendingKeys.add(id), this.scoreKeys.add(id)));
        this.tagDefsPending = true;
      }
      if (first.length === limit) {
        this.publish(false, firstRows);
        await this.waitForRest();
        const [last] = await Promise.all([this.lastId(), this.loadCompanies()]);
        await this.loadRest(first.at(-1)!.id, last);
      } else {
        await this.loadCompanies();
        this.publish(true, firstRows);
      }
      this.loaded = true;
      this.schedule();
    })();
    return this.started;
  }

  /**
   * The first page with its tags, scores and companies. The tags are read alongside the first page; then its rows'
   * scores and companies, side by side. Not the whole companies table: read first, its thousands of rows stood ahead of
   * the page's rows in IndexedDB's queue and on the main thread (issue 16); it is read with the rest of the book.
   */
  private async readFirstPage(limit: number): Promise<{ contacts: Contact[]; scores: (StoredScore | undefined)[]; companies: (Company | undefined)[] }> {
    const [contacts] = await Promise.all([this.store.page({ limit }), this.loadTags()]);
    const ids = contacts.map((row) => row.id);
    const companyIds = [...new Set(contacts.flatMap((row) => (row.companyId === undefined ? [] : [row.companyId])))];
    const [scores, companies] = await Promise.all([this.store.scores.getMany(ids), this.db.companies.bulkGet(companyIds)]);
    return { contacts, scores, companies };
  }

  /** The first rows are on screen (or none will be shown): the rest of the book may be read (see `holdRest`). */
  restMayStart(): void {
    this.releaseRest();
  }

  private waitForRest(): Promise<void> {
    if (this.options.beforeRest) return this.options.beforeRest();
    if (!this.options.holdRest || typeof document === 'undefined' || document.visibilityState === 'hidden') return Promise.resolve();
    const hidden = new Promise<void>((resolve) => document.addEventListener('visibilitychange', () => resolve(), { once: true }));
    return Promise.race([this.restReleased, hidden]);
  }

  stop(): void {
    Dexie.on('storagemutated').unsubscribe(this.onMutated);
    this.unsubscribe?.();
    clearTimeout(this.timer);
    this.listeners.clear();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The current snapshot (null until loaded); a new object after every change. */
  snapshot(): WorkspaceSnapshot | null {
    return this.snap;
  }

  /** Holds re-reads while the page writes in bulk; release with the returned function (re-reads once then). */
  hold(): () => void {
    this.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
      this.schedule();
    };
  }

  /** Rows the page itself just wrote, and ids it deleted: shown at once, without waiting for a re-read. */
  applyLocal(rows: readonly Contact[], deletedIds: readonly number[] = []): void {
    for (const row of rows) this.contactsById.set(row.id, row);
    for (const id of deletedIds) this.contactsById.delete(id);
    this.publishChanged([...rows.map((row) => row.id), ...deletedIds]);
  }

  /** Tag membership the page itself just changed (a bulk tag action or its undo): shown at once. */
  applyTagChanges(changes: readonly TagChange[], add: boolean): void {
    const touched = new Map<number, Contact>();
    for (const { tagId, ids } of changes) {
      for (const id of ids) {
        const row = touched.get(id) ?? this.contactsById.get(id);
        if (!row || row.tags.includes(tagId) === add) continue;
        touched.set(id, { ...row, tags: add ? [...row.tags, tagId].sort((a, b) => a - b) : row.tags.filter((t) => t !== tagId) });
      }
    }
    if (touched.size) this.applyLocal([...touched.values()]);
  }

  /** Companies are not in the ContactStore: followed through Dexie's own event. */
  private companiesMutated(parts: Record<string, IntervalNode>): void {
    const table = `idb://${this.db.name}/companies/`;
    if (!parts.all && !Object.keys(parts).some((part) => part.startsWith(table))) return;
    this.companiesPending = true;
    this.schedule();
  }

  private changed(change: ContactChange): void {
    if (change.tags) this.tagDefsPending = true;
    if (change.membership === 'all') this.tagsPending = true;
    else if (!this.tagsPending) for (const id of change.membership) this.tagKeys.add(id);
    if (change.scores === 'all') this.scoresPending = true;
    else if (!this.scoresPending) change.scores.forEach((k) => this.scoreKeys.add(k));
    if (change.contacts === 'all') this.fullPending = true;
    else if (!this.fullPending) change.contacts.forEach((k) => this.pendingKeys.add(k));
    this.schedule();
  }

  private schedule(): void {
    if (this.holds > 0 || !this.loaded) return;
    if (!(this.fullPending || this.companiesPending || this.tagDefsPending || this.tagsPending || this.tagKeys.size || this.pendingKeys.size || this.scoresPending || this.scoreKeys.size)) return;
    clearTimeout(this.timer);
    // Nothing listed yet (an empty book that a team join or an import starts filling): the first rows are read at once.
    // Waiting out the debounce, the read would queue behind the writer's next transaction, not the one just committed.
    const empty = this.snap?.complete === true && this.snap.contacts.length === 0;
    this.timer = setTimeout(() => void this.sync(), empty ? 0 : this.debounceMs);
  }

  private async sync(): Promise<void> {
    // A re-read timed before a hold waits for its release (which schedules again): it would rebuild the list while the page writes.
    if (this.holds > 0) return;
    if (this.running) {
      this.schedule();
      return;
    }
    this.running = true;
    try {
      const full = this.fullPending;
      const meta = this.companiesPending;
      const tagDefs = this.tagDefsPending;
      const keys = [...this.pendingKeys];
      const tags = this.tagsPending;
      // Only the listed contacts: a block's other ids are not contacts, or not yet read (read with their tags then).
      const tagKeys = tags ? [] : [...this.tagKeys].filter((id) => this.contactsById.has(id));
      this.tagKeys.clear();
      const allScores = this.scoresPending || full;
      const scoreKeys = [...this.scoreKeys];
      this.fullPending = this.companiesPending = this.tagDefsPending = this.tagsPending = this.scoresPending = false;
      this.pendingKeys.clear();
      this.scoreKeys.clear();
      let rescored: number[] = [];
      let changed: number[] = [];
      let retagged: Contact[] = [];
      let reread: Map<number, SegmentContact> | undefined;
      if (full || allScores) {
        if (meta) await this.loadCompanies();
        if (tagDefs) await this.loadTags();
        // Scores first: contacts re-read below are published with them.
        const last = await this.lastId();
        if (allScores) await this.loadAllScores(last);
        else if (scoreKeys.length) rescored = this.mergeScores(scoreKeys, await this.store.scores.getMany(scoreKeys));
        if (full) reread = await this.loadAllContacts(last);
        else if (keys.length) changed = this.merge(keys, await this.store.getMany(keys));
        if (!full && tags) retagged = this.retagged(await this.store.membership());
        else if (!full && tagKeys.length) retagged = this.retagged(await this.store.tagsOf(tagKeys), tagKeys);
      } else {
        // Rows by id, with what else changed, in one read transaction, every read issued at once: while another page
        // writes in a series of transactions (a team join, shard by shard), each read transaction of this page waits
        // for the write made before it, so reads in turn would wait for several (issue 17: the join's first rows).
        const [, , scores, rows, membership, someTags] = await this.db.transaction('r', [...this.store.readTables, this.db.companies, this.db.tags, this.db.scoreBlocks], () =>
          Promise.all([
            meta ? this.loadCompanies() : undefined,
            tagDefs ? this.loadTags() : undefined,
            scoreKeys.length ? this.store.scores.getMany(scoreKeys) : undefined,
            // Contacts staged by a large import (in another page's worker) are reported a block of ids at a
            // time: those that exist appear; those filed into ordinary rows since read the same, and change nothing here.
            keys.length ? this.store.getMany(keys) : undefined,
            tags ? this.store.membership() : undefined,
            tagKeys.length ? this.store.tagsOf(tagKeys) : undefined,
          ]),
        );
        // Scores first: contacts re-read are published with them.
        if (scores) rescored = this.mergeScores(scoreKeys, scores);
        if (rows) changed = this.merge(keys, rows);
        if (membership) retagged = this.retagged(membership);
        else if (someTags) retagged = this.retagged(someTags, tagKeys);
      }
      for (const row of retagged) this.contactsById.set(row.id, row);
      // A full re-read's rows are fresh: projected in place; otherwise the listed rows are copied (the old snapshot keeps its own).
      if (full || meta || allScores) this.publish(true, reread);
      else if (changed.length || retagged.length || rescored.length) {
        // Rows written, retagged or rescored: patched into the list (no rebuild of the 100,000-row list).
        this.publishChanged([...changed, ...retagged.map((row) => row.id), ...rescored]);
      } else if (tagDefs && this.snap) {
        // Only tag names or colours (a tag just created, say): the same contacts, new definitions.
        this.snap = { ...this.snap, tags: this.tags, version: ++this.version };
        for (const listener of this.listeners) listener();
      }
    } finally {
      this.running = false;
    }
  }

  /** Re-read rows of these ids (undefined: deleted); returns the ids whose row differs from what is listed. */
  private merge(keys: readonly number[], rows: readonly (Contact | undefined)[]): number[] {
    const changed: number[] = [];
    rows.forEach((row, i) => {
      const listed = this.contactsById.get(keys[i]);
      if (!row) {
        if (listed && this.contactsById.delete(keys[i])) changed.push(keys[i]);
        return;
      }
      // A contact filed from the stage into an ordinary row is reported as written, unchanged.
      if (listed && sameStored(listed, row)) return;
      this.contactsById.set(row.id, row);
      changed.push(row.id);
    });
    return changed;
  }

  /** Stored scores re-read by key (undefined: removed); returns the ids of listed contacts whose score changed. */
  private mergeScores(keys: readonly number[], rows: readonly (StoredScore | undefined)[]): number[] {
    const changed: number[] = [];
    rows.forEach((row, i) => {
      const id = keys[i];
      if (row) {
        // A block's neighbours are reported too (lib/db/score-blocks.ts): one that reads the same changes nothing.
        if (sameStoredScore(row, this.scores.get(id))) return;
        this.scores.set(id, row);
      } else if (!this.scores.delete(id)) return;
      if (this.contactsById.has(id)) changed.push(id);
    });
    return changed;
  }

  /** The highest contact id (0 for an empty book): where the ranges of a full read end. */
  private async lastId(): Promise<number> {
    return (await this.store.page({ limit: 1, reverse: true }))[0]?.id ?? 0;
  }

  /**
   * Reads the rest of the book after the first page: every stored score past it in one request, asked for first, and
   * the contacts in ranges of ids, all asked for at once (each range a read transaction of its own, REST_IN_FLIGHT at
   * most); each range is projected and appended to the list as it arrives (ranges come in id order), so the whole list
   * is ready when the last range is in; published once then, complete, without a rebuild (issue 16: the rebuild of
   * 100,000 rows held the full list back). Each row read is the object listed: its company's name and score go on it.
   */
  private async loadRest(after: number, last: number): Promise<void> {
    const snap = this.snap!;
    const contacts = snap.contacts.slice();
    const { byId } = snap;
    const page = this.options.page ?? PAGE;
    // One request for every score (a few hundred block rows), not a few per range; a score written after it is reported
    // and re-read once the book is in. The rows wait for it: they are shown with their scores.
    const scored = this.store.scores.page({ after }).then((scores) => {
      for (const score of scores) this.scores.set(score.contactId, score);
    });
    await readRanges(
      page,
      after,
      last,
      // From the list pages (a record per 100 ids, lib/contacts/list-pages.ts), not a row per contact: IndexedDB's cost
      // is per record (issue 16).
      async (from, upTo) => (await Promise.all([this.store.list({ after: from, upTo }), scored]))[0],
      sizeOf((row: Contact) => row.id),
      (rows) => {
        for (const row of rows) {
          const contact = this.project(row, true);
          contacts.push(contact);
          byId.set(row.id, contact);
        }
      },
      REST_IN_FLIGHT,
    );
    this.snap = { ...snap, contacts, byId, companies: this.companies, tags: this.tags, version: ++this.version, complete: true };
    for (const listener of this.listeners) listener();
  }

  /** Reads every stored score in ranges of contact ids up to `last` (then past it), as the contacts are read. */
  private async loadAllScores(last: number): Promise<void> {
    const next = new Map<number, StoredScore>();
    const page = this.options.page ?? PAGE;
    await readRanges(
      page,
      undefined,
      last,
      (after, upTo) => this.store.scores.page({ after, upTo, limit: page }),
      sizeOf((row: StoredScore) => row.contactId),
      (rows) => rows.forEach((row) => next.set(row.contactId, row)),
    );
    this.scores = next;
  }

  /**
   * The contacts whose tags differ from their tags as read from the membership rows: every contact's
   * (`store.membership()`), or those of `ids` (`store.tagsOf(ids)`).
   */
  private retagged(byId: ReadonlyMap<number, number[]>, ids?: readonly number[]): Contact[] {
    // Both list tags in tag id order.
    const changed: Contact[] = [];
    const checked: Iterable<number> = ids ?? this.contactsById.keys();
    for (const id of checked) {
      const row = this.contactsById.get(id);
      if (!row) continue;
      const tags = byId.get(id) ?? [];
      if (tags.length === row.tags.length && tags.every((t, i) => t === row.tags[i])) continue;
      changed.push({ ...row, tags });
    }
    return changed;
  }

  private async loadCompanies(): Promise<void> {
    this.companies = new Map((await this.db.companies.toArray()).map((c) => [c.id, c]));
  }

  private async loadTags(): Promise<void> {
    this.tags = new Map((await this.store.tags.list()).map((t) => [t.id, t]));
  }

  /** Reads every contact in ranges of ids up to `last` (then past it), pausing between ranges so the page stays responsive. */
  private async loadAllContacts(last: number): Promise<Map<number, SegmentContact>> {
    const next = new Map<number, SegmentContact>();
    const page = this.options.page ?? PAGE;
    await readRanges(
      page,
      undefined,
      last,
      (after, upTo) => this.store.page({ after, upTo, limit: page }),
      sizeOf((row: Contact) => row.id),
      (rows) => rows.forEach((row) => next.set(row.id, row)),
    );
    return next;
  }

  /**
   * A contact as the lists see it: with its company's name and its stored score (when it is scored for churn). `inPlace`
   * for a row just read, which nobody else holds: the fields go on it (one object per contact, issue 16); otherwise a
   * copy, since the published snapshot (and React's memos) hold the listed object. Stale fields are dropped either way.
   */
  private project(row: SegmentContact, inPlace: boolean): SegmentContact {
    const companyName = row.companyId !== undefined ? this.companies.get(row.companyId)?.name : undefined;
    const score = shownScore(row, this.scores.get(row.id));
    let out: SegmentContact;
    if (inPlace) out = row;
    else {
      const { companyName: _name, score: _score, risk: _risk, ...rest } = row;
      out = rest;
    }
    if (companyName !== undefined) out.companyName = companyName;
    else if (out.companyName !== undefined) delete out.companyName;
    if (score !== undefined) {
      out.score = score;
      out.risk = score.score;
    } else if (out.score !== undefined || out.risk !== undefined) {
      delete out.score;
      delete out.risk;
    }
    return out;
  }

  /**
   * Publishes the contacts of these ids as `contactsById` now holds them, patching the list instead of rebuilding it:
   * changed rows in place, deleted ones taken out, new ids past the last listed appended. Only a new id below the last
   * listed (which the id counter never hands out) rebuilds the list.
   */
  private publishChanged(ids: readonly number[]): void {
    const snap = this.snap;
    if (!snap) return this.publish();
    let contacts = snap.contacts.slice();
    const byId = this.contactsById;
    const lastListed = contacts.at(-1)?.id ?? 0;
    const added: SegmentContact[] = [];
    const deleted = new Set<number>();
    for (const id of new Set(ids)) {
      const row = byId.get(id);
      const at = indexOfId(contacts, id);
      if (at < 0) {
        if (!row) continue;
        if (id < lastListed) return this.publish();
        added.push(row);
      } else if (row) {
        const contact = this.project(row, false);
        contacts[at] = contact;
        byId.set(id, contact);
      } else deleted.add(id);
    }
    if (deleted.size) contacts = contacts.filter((c) => !deleted.has(c.id));
    added.sort((a, b) => a.id - b.id);
    for (const row of added) {
      const contact = this.project(row, false);
      contacts.push(contact);
      byId.set(row.id, contact);
    }
    this.snap = { ...snap, contacts, byId, tags: this.tags, version: ++this.version };
    for (const listener of this.listeners) listener();
  }

  /**
   * Lists every contact afresh, in id order: those of `contactsById` (copied: the old snapshot holds them), or `fresh`,
   * rows just read that replace them (projected in place).
   */
  private publish(complete = true, fresh?: Map<number, SegmentContact>): void {
    const contacts: SegmentContact[] = [];
    const byId = new Map<number, SegmentContact>();
    const from = fresh ?? this.contactsById;
    const ids = [...from.keys()];
    // Read in id order, the keys usually are: no sort of 100,000 ids then.
    if (ids.some((id, i) => i > 0 && id < ids[i - 1])) ids.sort((a, b) => a - b);
    for (const id of ids) {
      const contact = this.project(from.get(id)!, fresh !== undefined);
      contacts.push(contact);
      byId.set(id, contact);
    }
    this.contactsById = byId;
    this.snap = { contacts, byId, companies: this.companies, tags: this.tags, version: ++this.version, complete };
    for (const listener of this.listeners) listener();
  }
}

/** The index of the contact with this id in a list ascending by id, or -1. */
function indexOfId(contacts: readonly SegmentContact[], id: number): number {
  let lo = 0;
  let hi = contacts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (contacts[mid].id < id) lo = mid + 1;
    else hi = mid;
  }
  return contacts[lo]?.id === id ? lo : -1;
}

const PROJECTED = new Set(['companyName', 'score', 'risk']);

/** Whether a listed contact holds the same stored fields as a row read (its projected fields aside). */
function sameStored(listed: SegmentContact, row: Contact): boolean {
  return (
    JSON.stringify(listed, function (this: unknown, key: string, value: unknown) {
      return this === listed && PROJECTED.has(key) ? undefined : value;
    }) === JSON.stringify(row)
  );
}
