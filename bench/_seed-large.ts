import type { Worker } from 'playwright-core';
import { PEOPLE } from '../test/support/sample-threads';
import { memberRows } from '../lib/contacts/membership';

/** Fills the extension's database with `contacts` contacts and `history` email rows, generated inside the worker. */
export async function seedLargeDb(worker: Worker, contacts: number, history: number): Promise<void> {
  await worker.evaluate(
    async ({ contacts, history, known, members }) => {
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
      // Contact i has tag 1 + (i % 20), stored as membership rows (lib/contacts/membership.ts), not on the row.
      const contact = (i: number) => ({ id: i + 1, email: email(i), name: `Person ${i}`, stage: 'customer', owner: `owner${i % 10}`, custom: {}, doNotContact: 0, createdAt: now, updatedAt: now });
      for (let from = 0; from < contacts; from += 25_000) await put('contacts', contact, from, Math.min(contacts, from + 25_000));
      await put('tagMembers', (i) => members[i], 0, members.length);
      const row = (i: number) => ({
        id: i + 1,
        kind: 'email',
        contactIds: [1 + (i % contacts)],
        at: now - i * 60_000,
        messageId: `bench-${i}`,
        threadId: `t${i >> 2}`,
        direction: i % 3 ? 'in' : 'out',
        subject: `Subject ${i}`,
        snippet: 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(2),
      });
      for (let from = 0; from < history; from += 50_000) await put('activities', row, from, Math.min(history, from + 50_000));
      db.close();
    },
    {
      contacts,
      history,
      known: Object.values(PEOPLE).map((p) => p.email.toLowerCase()),
      members: memberRows(Array.from({ length: contacts }, (_, i) => ({ id: i + 1, tags: [1 + (i % 20)] }))),
    },
  );
}
