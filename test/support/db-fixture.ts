import Dexie from 'dexie';
import { SCHEMA_VERSIONS } from '../../lib/db/schema';

/**
 * A database as one schema version of Kizuna left it, in JSON: each store's rows, plus
 * `$nextKeys`, the next key each auto-increment store's generator hands out (a JSON dump of rows
 * alone loses it, and staged contacts took their ids from it).
 */
export type DbFixture = Record<string, object[] | Record<string, number>>;

const NEXT_KEYS = '$nextKeys';

/** Builds a database exactly as that version left it: only its own stores, rows in their own shape, key generators where they stood. */
export async function writeAsVersion(name: string, version: number, fixture: DbFixture): Promise<void> {
  const old = new Dexie(name);
  for (let v = 1; v <= version; v++) if (SCHEMA_VERSIONS[v]) old.version(v).stores(SCHEMA_VERSIONS[v]);
  await old.open();
  await old.transaction('rw', old.tables, async () => {
    for (const [table, list] of Object.entries(fixture)) if (table !== NEXT_KEYS && Array.isArray(list)) await old.table(table).bulkAdd(list as object[]);
    // An explicit key at or past the generator moves it; the row goes again at once.
    for (const [table, next] of Object.entries((fixture[NEXT_KEYS] ?? {}) as Record<string, number>)) {
      if (await old.table(table).get(next - 1)) continue;
      // Inbound keys (`++id`) go on the row: Dexie would otherwise take the generator's next key for it.
      const keyPath = old.table(table).schema.primKey.keyPath;
      if (typeof keyPath === 'string') await old.table(table).add({ $placeholder: true, [keyPath]: next - 1 });
      else await old.table(table).add({ $placeholder: true }, next - 1);
      await old.table(table).delete(next - 1);
    }
  });
  old.close();
}

/** Every store's rows as IndexedDB holds them, and the next key of these auto-increment stores. */
export async function dumpDatabase(idb: IDBDatabase, autoIncrement: string[]): Promise<DbFixture> {
  const names = [...idb.objectStoreNames];
  const out: Record<string, unknown> = {};
  await new Promise<void>((resolve, reject) => {
    const tx = idb.transaction(names, 'readonly');
    for (const name of names) {
      const r = tx.objectStore(name).getAll();
      r.onsuccess = () => (out[name] = r.result);
    }
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  // The generator's position: add a row and abort, which leaves the generator where it was.
  const nextKeys: Record<string, number> = {};
  for (const name of autoIncrement) {
    nextKeys[name] = await new Promise<number>((resolve) => {
      const tx = idb.transaction(name, 'readwrite');
      const r = tx.objectStore(name).add({ probe: true });
      r.onsuccess = () => {
        resolve(r.result as number);
        tx.abort();
      };
      tx.onabort = () => undefined;
    });
  }
  out[NEXT_KEYS] = nextKeys;
  return out as DbFixture;
}
