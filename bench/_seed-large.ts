import type { Worker } from 'playwright-core';
import { PEOPLE } from '../test/support/sample-threads';

/** Fills the extension's database with `contacts` contacts and `history` email rows, generated inside the worker. */
export async function seedLargeDb(worker: Worker, contacts: number, history: number): Promise<void> {
  await worker.evaluate(
    async ({ contacts, history, known }) => {
      const open = () =>
        new Promise<IDBDatabase>((resolve, reject) => {
          const r = indexedDB.open('kizuna');
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
      let db = await open();
      for (let i = 0; i < 100 && !db.objectStoreNames.contains('activities'); i++) {
        db.close();
        await new Promise((r) => setTimeout(r, 100));
        db = await open();
      }
      const put = (store: string, make: (i: number) => object, from: number, to: number) =>
        new Promise<void>((resolve, reject) => {
          const tx = db.transaction(store, 'readwrite');
          const os = tx.objectStore(store);
          for (let i = from; i < to; i++) os.put(make(i));
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
      const now = Date.now();
      const email = (i: number) => (i < known.length ? known[i] : `person${i}@company${i % 5000}.example`);
      // Contact i has tag 1 + (i % 20); tags are stored as membership rows (lib/db/tag-members.ts), not on the row; 2,048 ids per block (BLOCK_SIZE there).
      const contact = (i: number) => ({ id: i + 1, email: email(i), name: `Person ${i}`, stage: 'customer', owner: `owner${i % 10}`, custom: {}, doNotContact: 0, createdAt: now, updatedAt: now });
      for (let from = 0; from < contacts; from += 25_000) await put('contacts', contact, from, Math.min(contacts, from + 25_000));
      const members = new Map<string, { tagId: number; block: number; ids: number[] }>();
      for (let i = 0; i < contacts; i++) {
        const tagId = 1 + (i % 20);
        const block = Math.floor((i + 1) / 2048);
        const key = `${tagId}:${block}`;
        if (!members.has(key)) members.set(key, { tagId, block, ids: [] });
        members.get(key)!.ids.push(i + 1);
      }
      const memberRows = [...members.values()];
      await put('tagMembers', (i) => memberRows[i], 0, memberRows.length);
      const row = (i: number) => ({ id: i + 1, kind: 'email', contactIds: [1 + (i % contacts)], at: now - i * 60_000, messageId: `bench-${i}`, threadId: `t${i >> 2}`, direction: i % 3 ? 'in' : 'out', subject: `Subject ${i}`, snippet: 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(2) });
      for (let from = 0; from < history; from += 50_000) await put('activities', row, from, Math.min(history, from + 50_000));
      db.close();
    },
    { contacts, history, known: Object.values(PEOPLE).map((p) => p.email.toLowerCase()) },
  );
}
