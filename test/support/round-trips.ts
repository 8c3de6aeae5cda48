// How many round trips to IndexedDB a transaction waits for: a middleware below Dexie's tables counts, per transaction,
// the requests made while none of that transaction's requests was outstanding. Requests made together (issued before
// any answer) are one round trip; a request made after awaiting another's answer is one more. In a browser each round
// trip also waits for the page's main thread (which a team join shares with Yjs decoding and the app page's rendering),
// so the count, not the request count, is what a busy thread pays.
import type { Dexie, DBCoreTransaction } from 'dexie';

export interface TransactionTrips {
  tables: readonly string[];
  mode: 'readonly' | 'readwrite';
  /** Round trips (see above). */
  trips: number;
  /** Requests, per `table op` (`contacts add`, `tagMembers query` …). */
  requests: Map<string, number>;
}

/** Records the round trips of every transaction of `db` into the returned list (in the order they were made); call before `db.open()`. */
export function watchRoundTrips(db: Dexie): TransactionTrips[] {
  const list: TransactionTrips[] = [];
  const of = new WeakMap<DBCoreTransaction, { info: TransactionTrips; outstanding: number }>();
  db.use({
    stack: 'dbcore',
    name: 'WatchRoundTrips',
    create: (down) => ({
      ...down,
      transaction: (stores, mode, options) => {
        const trans = down.transaction(stores, mode, options);
        const info: TransactionTrips = { tables: [...stores], mode, trips: 0, requests: new Map() };
        list.push(info);
        of.set(trans, { info, outstanding: 0 });
        return trans;
      },
      table: (table) => {
        const t = down.table(table);
        const wrap =
          <R extends { trans: DBCoreTransaction }, T>(op: string, call: (req: R) => Promise<T>) =>
          (req: R): Promise<T> => {
            const state = of.get(req.trans);
            if (!state) return call(req);
            const name = `${table} ${op === 'mutate' ? (req as unknown as { type: string }).type : op}`;
            state.info.requests.set(name, (state.info.requests.get(name) ?? 0) + 1);
            if (state.outstanding === 0) state.info.trips++;
            state.outstanding++;
            const done = () => void state.outstanding--;
            const answer = call(req);
            answer.then(done, done);
            return answer;
          };
        return {
          ...t,
          mutate: wrap('mutate', (req) => t.mutate(req)),
          get: wrap('get', (req) => t.get(req)),
          getMany: wrap('getMany', (req) => t.getMany(req)),
          query: wrap('query', (req) => t.query(req)),
          openCursor: wrap('openCursor', (req) => t.openCursor(req)),
          count: wrap('count', (req) => t.count(req)),
        };
      },
    }),
  });
  return list;
}
