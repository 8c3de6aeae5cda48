import Dexie, { type DBCoreKeyRange, type DBCoreMutateRequest, type DBCoreMutateResponse, type DBCoreTable, type DBCoreTransaction } from 'dexie';

// Helpers shared by Kizuna's two DBCore middlewares (tag-members.ts, contact-stage.ts).

/** Dexie's DBCoreRangeType values (a const enum in Dexie's types, not importable at run time). */
export const RANGE_EQUAL = 1 as DBCoreKeyRange['type'];
export const RANGE_RANGE = 2 as DBCoreKeyRange['type'];
export const RANGE_ANY = 3 as DBCoreKeyRange['type'];
export const RANGE_NEVER = 4 as DBCoreKeyRange['type'];
export const ALL_KEYS: DBCoreKeyRange = { type: RANGE_ANY, lower: undefined, upper: undefined };

/** A write to the table below that throws its first failure. */
export function mutate(table: DBCoreTable, req: DBCoreMutateRequest): Promise<DBCoreMutateResponse> {
  return table.mutate(req).then((res) => {
    if (res.numFailures) throw Object.values(res.failures)[0];
    return res;
  });
}

/**
 * A second write of a middleware failed after the first succeeded (a membership write after its
 * contact write, say): abort the whole transaction, so a caller that catches the error cannot
 * commit half of it.
 */
export const abortWith =
  (trans: DBCoreTransaction) =>
  (error: unknown): never => {
    try {
      (trans as unknown as IDBTransaction).abort();
    } catch {
      // Already finished or aborted.
    }
    throw error;
  };

/**
 * Runs read-then-write steps of one transaction one after another (two at once would each write
 * back what the other changed). Chained on Dexie's promise, so each step runs in the caller's zone.
 */
export function perTransactionQueue(): <T>(trans: DBCoreTransaction, job: () => Promise<T>) => Promise<T> {
  const queue = new WeakMap<DBCoreTransaction, Promise<unknown>>();
  return (trans, job) => {
    const run = ((queue.get(trans) as Promise<unknown> | undefined) ?? Dexie.Promise.resolve()).then(job);
    queue.set(trans, run.catch(() => undefined));
    return run;
  };
}

/** Index of the first item whose id is not below `id`, in items ascending by id. */
export function lowerBound<T>(items: readonly T[], id: number, idOf: (item: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (idOf(items[mid]) < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
