/**
 * Writes rows straight into the extension's IndexedDB from its service worker (the extension
 * origin), for the demo and the benchmarks. Waits until the background has created the schema.
 * Contacts' `tags` are stored the way the app stores them: as tag membership rows
 * (lib/db/tag-members.ts), not on the contact row.
 */
import type { Worker } from 'playwright-core';
import { BLOCK_SIZE } from '../../lib/db/tag-members';

export type Rows = Record<string, object[]>;

/** Puts the given rows into the named stores of the 'kizuna' database, in one transaction. */
export async function seedRows(worker: Worker, rows: Rows): Promise<void> {
  await worker.evaluate(async ({ rows, blockSize }: { rows: Rows; blockSize: number }) => {
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
    const contacts = (rows.contacts ?? []) as { id: number; tags?: number[] }[];
    const stores = [...new Set([...Object.keys(rows), ...(contacts.length ? ['tagMembers'] : [])])];
    const tx = db.transaction(stores, 'readwrite');
    for (const [table, list] of Object.entries(rows)) {
      for (const row of list) {
        if (table !== 'contacts') tx.objectStore(table).put(row);
        else {
          const { tags: _tags, ...rest } = row as { tags?: number[] };
          tx.objectStore(table).put(rest);
        }
      }
    }
    if (contacts.length) {
      // Each seeded contact's membership becomes exactly its tags.
      type Member = { tagId: number; block: number; ids: number[] };
      const members = tx.objectStore('tagMembers');
      const existing = await new Promise<Member[]>((resolve, reject) => {
        const request = members.getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const seeded = new Set(contacts.map((c) => c.id));
      const byKey = new Map(existing.map((m) => [`${m.tagId}:${m.block}`, { ...m, ids: m.ids.filter((id) => !seeded.has(id)) }]));
      for (const c of contacts) {
        for (const tagId of new Set(c.tags ?? [])) {
          const block = Math.floor(c.id / blockSize);
          const key = `${tagId}:${block}`;
          if (!byKey.has(key)) byKey.set(key, { tagId, block, ids: [] });
          byKey.get(key)!.ids.push(c.id);
        }
      }
      for (const m of byKey.values()) {
        if (m.ids.length === 0) members.delete([m.tagId, m.block]);
        else members.put({ ...m, ids: [...new Set(m.ids)].sort((a, b) => a - b) });
      }
    }
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, { rows, blockSize: BLOCK_SIZE });
}
