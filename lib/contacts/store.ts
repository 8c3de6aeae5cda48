import type { Contact, StoredScore, Tag } from '../db/types';

/**
 * A new contact. `tags` is its initial tag membership (the store writes it, like `setTags`); after
 * that, membership changes only through the tag methods.
 */
export type NewContact = Omit<Contact, 'id' | 'tags'> & { tags?: readonly number[] };

/** A contact row to store whole. A `tags` field, if the value has one, is ignored: membership changes only through the tag methods. */
export type ContactRow = Omit<Contact, 'tags'> & { tags?: readonly number[] };

/** Fields an update may change (never the id; tags through the tag methods). A key set to undefined is removed. */
export type ContactPatch = Partial<Omit<Contact, 'id' | 'tags'>>;

/** What a committed write changed; `'all'` when the store cannot (or need not) list the ids. */
export interface ContactChange {
  /** Contacts added, changed or deleted (their rows). */
  contacts: readonly number[] | 'all';
  /** Contacts whose tag membership changed: exactly them, or (the Dexie store) every id of the membership blocks written. */
  membership: readonly number[] | 'all';
  /** Tag definitions (names, colours) changed. */
  tags: boolean;
  /** Contacts whose stored churn score changed or went. */
  scores: readonly number[] | 'all';
}

/** A write refused because another contact has the email (or id): nothing of that call is written. */
export class ContactConflictError extends Error {
  // The name IndexedDB gives a unique-index refusal, so callers can test one name whatever the store.
  override readonly name = 'ConstraintError';
}

/** Tag definitions (the `tags` table): names and colours, shared by every contact. */
export interface TagDefinitions {
  /** Every tag, by id. */
  list(): Promise<Tag[]>;
  getMany(ids: readonly number[]): Promise<(Tag | undefined)[]>;
  /**
   * The tags with these names (one per distinct key, first appearance first), creating the missing
   * ones with the next colour. Names must be clean (`cleanTagName`): throws on one that is not.
   */
  ensure(names: readonly string[]): Promise<Tag[]>;
  setColor(id: number, color: string): Promise<void>;
  /** Stores these tags as they are, ids included (a backup's restore). */
  put(tags: readonly Tag[]): Promise<void>;
}

/** Stored churn scores, one row per scored contact, apart from the contact rows so that a rescore writes little. */
export interface ScoreStore {
  get(contactId: number): Promise<StoredScore | undefined>;
  getMany(contactIds: readonly number[]): Promise<(StoredScore | undefined)[]>;
  /** Scores with contactId in (after, upTo], ascending, at most `limit`. */
  page(options: { after?: number; upTo?: number; limit?: number }): Promise<StoredScore[]>;
  put(rows: readonly StoredScore[]): Promise<void>;
  delete(contactIds: readonly number[]): Promise<void>;
  clear(): Promise<void>;
}

/**
 * Where contacts, their tag membership, tag definitions and stored scores live. The extension's one
 * door to them (lib/contacts/dexie-store.ts over IndexedDB); lib/contacts/memory-store.ts is the
 * model the contract and differential tests hold it to. A team sync layer sits behind this
 * interface: it sees every write here and announces remote ones through `onChange`.
 *
 * Rules every implementation keeps (test/unit/contacts/store-contract.ts):
 * - Values are copies: changing a returned object changes nothing stored.
 * - Emails are unique (stored as given; callers lower-case them): a write that would give two
 *   contacts one email is refused with a ContactConflictError and writes nothing of that call.
 * - A contact read lists its tags (`tags`) ascending by tag id. Rows are written without touching
 *   membership (`put`, `update`): membership changes only through `setTags`, `addToTag`,
 *   `removeFromTag`, the initial `tags` of `add`/`addMany`, and `restore`. Deleting a contact takes it
 *   out of every tag.
 * - Each method is atomic. `atomic(fn)` makes several calls one step (all or nothing). To be atomic
 *   with other tables (activities, alerts, campaign recipients), the Dexie store's methods join the
 *   caller's Dexie transaction: open it over `[...store.tables, ...activities.tables, …]` (lib/activities)
 *   (see DexieContactStore).
 */
export interface ContactStore {
  get(id: number): Promise<Contact | undefined>;
  getMany(ids: readonly number[]): Promise<(Contact | undefined)[]>;
  byEmail(email: string): Promise<Contact | undefined>;
  /** The contacts that have these emails (in no particular order; emails with no contact left out). */
  byEmails(emails: readonly string[]): Promise<Contact[]>;
  /** Up to `limit` contacts whose email starts with `prefix` (as stored), ascending by email. */
  byEmailPrefix(prefix: string, limit: number): Promise<Contact[]>;
  count(): Promise<number>;
  /**
   * Up to `limit` contacts past `after` in id order (ascending, or descending with `reverse`); ascending, `upTo` bounds
   * the ids too (none above it), so several pages of a known id range can be read at once.
   */
  page(options: { after?: number; upTo?: number; limit: number; reverse?: boolean }): Promise<Contact[]>;
  /**
   * Contacts without their tag membership (`tags` is empty), for readers that need none (the churn rescore): the
   * next `limit` past `after` ascending by id, or those of `ids` that exist (ascending by id). Reads no membership.
   */
  untagged(query: { after?: number; limit: number } | { ids: readonly number[] }): Promise<Contact[]>;
  /** Which of these ids are stored contacts (staged ones included), for writers that check existence only: reads no row. */
  existing(ids: readonly number[]): Promise<Set<number>>;
  /** Every contact, ascending by id (reads the whole book: prefer `page` where it can do). */
  all(): Promise<Contact[]>;
  /**
   * The contacts with ids in (after, upTo] (either bound left out: no bound), ascending, with their tags: the lists' read
   * of the whole book. The Dexie store answers from its list pages (a record per 100 ids, lib/contacts/list-pages.ts),
   * not from a row per contact; its answer equals `page`'s over the same ids.
   */
  list(range?: { after?: number; upTo?: number }): Promise<Contact[]>;

  /** Adds a contact; returns its id (from a counter: never reused). */
  add(contact: NewContact): Promise<number>;
  /**
   * Adds contacts all or nothing; returns their ids in order. `packed`: a large import's contacts,
   * stored packed and filed in the background (the caller has checked in the same transaction that
   * no email is stored yet).
   */
  addMany(contacts: readonly NewContact[], options?: { packed?: boolean }): Promise<number[]>;
  /** Stores whole rows by id (inserted or replaced), all or nothing; membership stays as it is. */
  put(rows: readonly ContactRow[]): Promise<void>;
  /** Changes some fields of a contact; returns it as stored now, or undefined when there is none. */
  update(id: number, patch: ContactPatch): Promise<Contact | undefined>;
  /** Deletes contacts (missing ids are ignored) and their membership. Their scores stay until a rescore clears them. */
  delete(ids: readonly number[]): Promise<void>;
  /** Puts contacts back exactly as given, rows and tag membership (an undo, a backup's restore): not recorded as tag additions. */
  restore(contacts: readonly Contact[]): Promise<void>;
  /** Empties the store: contacts, membership, tag definitions and scores. */
  clear(): Promise<void>;

  /** Each listed contact's tag ids, ascending (contacts with no tag, or none at all, are absent). */
  tagsOf(ids: readonly number[]): Promise<Map<number, number[]>>;
  /** Makes each listed contact's tags exactly the given list (contacts that do not exist are left out). */
  setTags(tagsById: ReadonlyMap<number, readonly number[]>): Promise<void>;
  /** Adds these contacts to a tag; returns those that were not in it (ascending). Contacts that do not exist are left out; an unknown tag is refused. */
  addToTag(tagId: number, ids: readonly number[]): Promise<number[]>;
  /** Takes these contacts out of a tag; returns those that were in it (ascending). */
  removeFromTag(tagId: number, ids: readonly number[]): Promise<number[]>;
  /** The contacts in a tag, ascending. */
  members(tagId: number): Promise<number[]>;
  /** Every tagged contact's tag ids, ascending. */
  membership(): Promise<Map<number, number[]>>;

  readonly tags: TagDefinitions;
  readonly scores: ScoreStore;

  /** Runs `fn`'s calls on this store as one step: if it throws, none of them is kept. */
  atomic<T>(fn: () => Promise<T>): Promise<T>;
  /** Calls `listener` after each committed write (of this page or, in the extension, of another one); returns the unsubscribe. */
  onChange(listener: (change: ContactChange) => void): () => void;
}
