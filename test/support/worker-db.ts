import type { Worker } from 'playwright-core';

/** Every row of these stores of the extension's database, read in the service worker (below Dexie). */
export function readStores<T extends Record<string, unknown[]>>(worker: Worker, stores: (keyof T & string)[]): Promise<T> {
  return worker.evaluate(async (names) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('kizuna');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const out: Record<string, unknown[]> = {};
    for (const name of names) {
      out[name] = await new Promise<unknown[]>((resolve, reject) => {
        // Stored scores are packed a block of contact ids per row (lib/db/score-blocks.ts): read as their rows.
        const packed = name === 'scores';
        const r = db
          .transaction(packed ? 'scoreBlocks' : name)
          .objectStore(packed ? 'scoreBlocks' : name)
          .getAll();
        r.onsuccess = () => resolve(packed ? (r.result as { rows: unknown[] }[]).flatMap((b) => b.rows) : r.result);
        r.onerror = () => reject(r.error);
      });
    }
    db.close();
    return out;
  }, stores) as Promise<T>;
}
