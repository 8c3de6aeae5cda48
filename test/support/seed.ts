/**
 * Writes rows straight into the extension's IndexedDB from its service worker (the extension
 * origin), for the demo and the benchmarks. Waits until the background has created the schema.
 */
import type { Worker } from 'playwright-core';

export type Rows = Record<string, object[]>;

/** Puts the given rows into the named stores of the 'kizuna' database, in one transaction. */
export async function seedRows(worker: Worker, rows: Rows): Promise<void> {
  await worker.evaluate(async (rows: Rows) => {
    const open = () =>
      new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('kizuna');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    let db = await open();
    for (let i = 0; i < 100 && !Object.keys(rows).every((t) => db.objectStoreNames.contains(t)); i++) {
      db.close();
      await new Promise((r) => setTimeout(r, 100));
      db = await open();
    }
    const tx = db.transaction(Object.keys(rows), 'readwrite');
    for (const [table, list] of Object.entries(rows)) for (const row of list) tx.objectStore(table).put(row);
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, rows);
}
