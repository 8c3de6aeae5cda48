import type { Activity, ActivityKind } from '../db/types';

/** A new activity: without an id (one is given), or with one (a restore keeps its ids). */
export type NewActivity = Omit<Activity, 'id'> & { id?: number };

/** Fields an update may change (never the id). A key set to undefined is removed. */
export type ActivityPatch = Partial<Omit<Activity, 'id'>>;

/**
 * Where the contacts' history lives: one row per email seen or sent, note, stage change and send
 * (`activities`). The extension's one door for writing it (lib/activities/dexie-store.ts over IndexedDB);
 * lib/activities/memory-store.ts is the model the contract test (test/unit/activities/store-contract.ts)
 * holds it to.
 *
 * Rules every implementation keeps:
 * - Values are copies: changing a returned object changes nothing stored.
 * - A `messageId` is unique: a write that would store one twice is refused and writes nothing of that call.
 * - Every write that adds, changes or deletes a row gives each contact the row names, before and after
 *   the write, a new history revision (`revisions`), in the same step: the churn rescore re-reads the
 *   history of a contact whose revision moved (lib/churn/recompute.ts), so no write leaves stale score inputs.
 * - Each method is atomic; `atomic(fn)` makes several calls one step. The Dexie store's methods join the
 *   caller's Dexie transaction: open it over `[...activities.tables, …]`.
 */
export interface ActivityStore {
  get(id: number): Promise<Activity | undefined>;
  getMany(ids: readonly number[]): Promise<(Activity | undefined)[]>;
  /** The activities of any of these contacts, each once, ascending by id. */
  ofContacts(contactIds: readonly number[]): Promise<Activity[]>;
  /** Activities of one kind, ascending by id. */
  ofKind(kind: ActivityKind): Promise<Activity[]>;
  /** The activities with these message ids (in no particular order; ids with none left out). */
  byMessageIds(messageIds: readonly string[]): Promise<Activity[]>;
  count(): Promise<number>;

  /** Adds one activity; returns its id. */
  add(activity: NewActivity): Promise<number>;
  /** Adds activities all or nothing; returns their ids in order. */
  addMany(activities: readonly NewActivity[]): Promise<number[]>;
  /** Stores whole rows by id (inserted or replaced), all or nothing: an undo, a restore. */
  put(rows: readonly Activity[]): Promise<void>;
  /** Changes some fields of each listed activity (missing ids are skipped); returns them as stored now. */
  update(changes: readonly { id: number; patch: ActivityPatch }[]): Promise<(Activity | undefined)[]>;
  /** Deletes activities (missing ids are ignored). */
  delete(ids: readonly number[]): Promise<void>;
  /** Deletes every activity, and with them every contact's history revision. */
  clear(): Promise<void>;

  /**
   * Each contact's history revision: a number that changes with every write to its activities, or undefined
   * when none is kept (no write since the store was cleared; the Dexie store also forgets it once the rescore has
   * stored inputs built from the history it names).
   */
  revisions(contactIds: readonly number[]): Promise<(number | undefined)[]>;
  /** Runs `fn`'s calls on this store as one step: if it throws, none of them is kept. */
  atomic<T>(fn: () => Promise<T>): Promise<T>;
}

/** A refused write: a messageId already stored (or twice in one call). Nothing of that call is written. */
export class ActivityConflictError extends Error {
  override readonly name = 'ConstraintError';
}

/** `row` with `patch` applied: a key set to undefined is removed. */
export function patched(row: Activity, patch: ActivityPatch): Activity {
  const next: Record<string, unknown> = { ...row };
  for (const [key, value] of Object.entries(patch)) {
    if (key === 'id') continue;
    if (value === undefined) delete next[key];
    else next[key] = value;
  }
  return next as unknown as Activity;
}

/** The contacts some rows name, each once. */
export function contactsOf(rows: readonly (Pick<Activity, 'contactIds'> | undefined)[], into = new Set<number>()): Set<number> {
  for (const row of rows) for (const id of row?.contactIds ?? []) into.add(id);
  return into;
}
