import { liveQuery, type Subscription } from 'dexie';
import { useCallback, useRef, useSyncExternalStore } from 'react';

interface Entry<T> {
  value: T | undefined;
  has: boolean;
  listeners: Set<() => void>;
  subscription: Subscription;
  release?: ReturnType<typeof setTimeout>;
  /** Called once the key has its first result, or when its query ends without one. */
  waiters: (() => void)[];
}

/** Keyed live queries shared by their readers; see useLiveSource. */
export interface LiveSource<T> {
  /** Starts the key's live query (once) and returns its entry. */
  open(key: string): Entry<T>;
  /** The key's latest result, or NONE before its first one. */
  read(key: string): T | typeof NONE;
  /** Follows a key's results; the returned function stops following (and ends the query when nobody else follows). */
  listen(key: string, listener: () => void): () => void;
  /** Resolves once the key has its first result (at once when it has one, or when nobody asked for it). */
  settled(key: string): Promise<void>;
}

/** What LiveSource.read gives for a key without a result yet. */
export const NONE: unique symbol = Symbol('none');

// A render that opened a key but never committed (React threw it away) leaves no query running past this.
const UNCLAIMED_MS = 2000;

/**
 * Keyed live queries (Dexie liveQuery) that start in the render that first asks for a key. useLiveQuery starts
 * its query in a passive effect, after the commit (which React runs after yielding to the browser), and its
 * result re-renders in a scheduled task; on a thread switch the profile waited for both hops. Here the read
 * starts in the render, and useSyncExternalStore renders its result at once (a store update is synchronous).
 * A key's query ends when its last reader leaves (nothing is kept warm: a switch back to a thread reads again).
 *
 * Dexie 4's liveQuery runs its first query from a `setTimeout(…, 0)`: on a thread switch the browser painted a frame
 * of the switch's render (tens of ms of layout and paint in a trace) before the profile's read even began (issue 13).
 * With `eager`, a key's first result comes from a plain read started at once, and the live query that follows
 * changes is subscribed only after that result has been rendered and painted; its own first run reads again (so no
 * write in between is missed: a cheap read is worth it, the profile's) and is passed on only when it differs.
 * Results equal to the last one (as JSON) are never passed on: a write elsewhere re-renders nothing here.
 *
 * With `keep`, that many of the keys last read stay followed after their last reader left: going back to one of them
 * (Gmail's inbox and the same thread again, or back and forth between two threads) renders its result at once, with no
 * read, and the live query has kept it current meanwhile (Dexie's change events, from every page and the background).
 */
export function liveSource<T>(query: (key: string) => Promise<T>, { eager = false, keep = 0 }: { eager?: boolean; keep?: number } = {}): LiveSource<T> {
  const same = sameJson<T>;
  const entries = new Map<string, Entry<T>>();
  // Keys without readers still followed, the least recently read first.
  const kept: string[] = [];
  const forget = (key: string) => {
    const at = kept.indexOf(key);
    if (at >= 0) kept.splice(at, 1);
  };
  const end = (key: string, entry: Entry<T>) => {
    if (entry.listeners.size > 0 || entries.get(key) !== entry) return;
    forget(key);
    entry.subscription.unsubscribe();
    entries.delete(key);
    settle(entry);
  };
  // Keeps the key followed when it is among the `keep` last read (ending the least recent beyond them), else ends it.
  const release = (key: string, entry: Entry<T>) => {
    if (entry.listeners.size > 0 || entries.get(key) !== entry) return;
    if (keep <= 0 || !entry.has) return end(key, entry);
    forget(key);
    kept.push(key);
    while (kept.length > keep) {
      const oldest = kept.shift()!;
      const other = entries.get(oldest);
      if (other) end(oldest, other);
    }
  };
  const endLater = (key: string, entry: Entry<T>, ms: number) => {
    clearTimeout(entry.release);
    entry.release = setTimeout(() => release(key, entry), ms);
  };
  const settle = (entry: Entry<T>) => entry.waiters.splice(0).forEach((w) => w());
  const follow = (key: string, entry: Entry<T>) => {
    if (entries.get(key) !== entry) return;
    entry.subscription = liveQuery(() => query(key)).subscribe({
      next: (value) => {
        if (entry.has && same(entry.value as T, value)) return;
        entry.value = value;
        entry.has = true;
        settle(entry);
        entry.listeners.forEach((l) => l());
      },
      error: (error: unknown) => console.warn('Kizuna: a live read failed', error),
    });
  };
  return {
    open(key) {
      let entry = entries.get(key);
      if (!entry) {
        const created: Entry<T> = { value: undefined, has: false, listeners: new Set(), subscription: { closed: true, unsubscribe: () => undefined }, waiters: [] };
        entries.set(key, created);
        let ended = false;
        created.subscription = { closed: false, unsubscribe: () => void (ended = true) };
        if (!eager) follow(key, created);
        else
          query(key)
            .then(
              (value) => {
                if (ended) return;
                created.value = value;
                created.has = true;
                settle(created);
                created.listeners.forEach((l) => l());
              },
              (error: unknown) => {
                settle(created);
                console.warn('Kizuna: a read failed (the live query tries again)', error);
              },
            )
            .finally(() => !ended && afterPaint(() => !ended && follow(key, created)));
        entry = created;
      }
      if (entry.listeners.size === 0) endLater(key, entry, UNCLAIMED_MS);
      return entry;
    },
    read(key) {
      const entry = entries.get(key);
      return entry?.has ? (entry.value as T) : NONE;
    },
    listen(key, listener) {
      const entry = this.open(key);
      clearTimeout(entry.release);
      forget(key);
      entry.listeners.add(listener);
      return () => {
        entry.listeners.delete(listener);
        // A task later: React's strict mode and a re-subscription with the same key follow at once.
        if (entry.listeners.size === 0) endLater(key, entry, 0);
      };
    },
    settled(key) {
      const entry = entries.get(key);
      if (!entry || entry.has) return Promise.resolve();
      return new Promise((resolve) => entry.waiters.push(resolve));
    },
  };
}

/**
 * The key's live result: undefined until its first result, except that while a new key loads the previous key's
 * result stays (as with useLiveQuery: the panel keeps the last profile on screen rather than flashing empty), unless
 * `keepLast` is false. A null key asks for nothing: no query starts (the side panel's details between a switch and its
 * paint: a query for "no contact" on every switch also took one of the places `keep` holds).
 */
export function useLiveSource<T>(source: LiveSource<T>, key: string | null, keepLast = true): T | undefined {
  if (key !== null) source.open(key);
  const subscribe = useCallback((listener: () => void) => (key === null ? () => undefined : source.listen(key, listener)), [source, key]);
  // By key, not by the entry this render opened: a commit that comes late may follow a new entry.
  const read = () => (key === null ? NONE : source.read(key));
  const value = useSyncExternalStore(subscribe, read, read);
  const last = useRef<T | undefined>(undefined);
  if (value !== NONE) last.current = value;
  else if (!keepLast) return undefined;
  return last.current;
}

function sameJson<T>(a: T, b: T): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** After the next frame (the one that shows a result just rendered); a task later where there are no frames (tests). */
export function afterPaint(run: () => void): void {
  if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && document.visibilityState === 'visible') requestAnimationFrame(() => setTimeout(run, 0));
  else setTimeout(run, 0);
}
