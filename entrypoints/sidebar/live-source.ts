import { liveQuery, type Subscription } from 'dexie';
import { useCallback, useRef, useSyncExternalStore } from 'react';

interface Entry<T> {
  value: T | undefined;
  has: boolean;
  listeners: Set<() => void>;
  subscription: Subscription;
  release?: ReturnType<typeof setTimeout>;
}

/** Keyed live queries shared by their readers; see useLiveSource. */
export interface LiveSource<T> {
  /** Starts the key's live query (once) and returns its entry. */
  open(key: string): Entry<T>;
  /** The key's latest result, or NONE before its first one. */
  read(key: string): T | typeof NONE;
  /** Follows a key's results; the returned function stops following (and ends the query when nobody else follows). */
  listen(key: string, listener: () => void): () => void;
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
 */
export function liveSource<T>(query: (key: string) => Promise<T>): LiveSource<T> {
  const entries = new Map<string, Entry<T>>();
  const end = (key: string, entry: Entry<T>) => {
    if (entry.listeners.size > 0 || entries.get(key) !== entry) return;
    entry.subscription.unsubscribe();
    entries.delete(key);
  };
  const endLater = (key: string, entry: Entry<T>, ms: number) => {
    clearTimeout(entry.release);
    entry.release = setTimeout(() => end(key, entry), ms);
  };
  return {
    open(key) {
      let entry = entries.get(key);
      if (!entry) {
        const created: Entry<T> = { value: undefined, has: false, listeners: new Set(), subscription: { closed: true, unsubscribe: () => undefined } };
        entries.set(key, created);
        created.subscription = liveQuery(() => query(key)).subscribe({
          next: (value) => {
            created.value = value;
            created.has = true;
            created.listeners.forEach((l) => l());
          },
          error: (error: unknown) => console.warn('Kizuna: a live read failed', error),
        });
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
      entry.listeners.add(listener);
      return () => {
        entry.listeners.delete(listener);
        // A task later: React's strict mode and a re-subscription with the same key follow at once.
        if (entry.listeners.size === 0) endLater(key, entry, 0);
      };
    },
  };
}

/**
 * The key's live result: undefined until its first result, except that while a new key loads the previous key's
 * result stays (as with useLiveQuery: the panel keeps the last profile on screen rather than flashing empty).
 */
export function useLiveSource<T>(source: LiveSource<T>, key: string): T | undefined {
  source.open(key);
  const subscribe = useCallback((listener: () => void) => source.listen(key, listener), [source, key]);
  // By key, not by the entry this render opened: a commit that comes late may follow a new entry.
  const read = () => source.read(key);
  const value = useSyncExternalStore(subscribe, read, read);
  const last = useRef<T | undefined>(undefined);
  if (value !== NONE) last.current = value;
  return last.current;
}
