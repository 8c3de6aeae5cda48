import { memberRows } from '../contacts/membership';
import { pagesOf, type ListRow } from '../contacts/list-pages';
import type { StagedBlock } from '../contacts/staging';

// Row changes of schema versions that run on the raw version-change transaction (lib/db/schema.ts UPGRADES).

type Row = Record<string, unknown> & { id: number };

/** Schema 5's upgrade: moves each contact's `tags` into `tagMembers` rows and takes it off the contact row. */
export function moveTagsToMembers(idb: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    const tagged: { id: number; tags: unknown }[] = [];
    const request = idb.objectStore('contacts').openCursor();
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const cursor = request.result;
      if (!cursor) {
        const members = idb.objectStore('tagMembers');
        for (const row of memberRows(tagged)) members.put(row);
        resolve();
        return;
      }
      const { tags, ...rest } = cursor.value as Row;
      if (tags !== undefined) {
        tagged.push({ id: rest.id, tags });
        cursor.update(rest);
      }
      cursor.continue();
    };
  });
}

/**
 * Schema 8's upgrade: the contact id counter (`contactMeta`, lib/contacts/dexie-store.ts) starts where
 * the contacts table's key generator is, so no id ever handed out (a deleted contact's, a staged one's)
 * is handed out again. The generator's value is read the one way IndexedDB offers: a row added without
 * a key, deleted at once.
 */
export function startContactCounter(idb: IDBTransaction, key: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const contacts = idb.objectStore('contacts');
    const probe = contacts.add({ email: '\u0000kizuna:id-probe' });
    probe.onerror = () => reject(probe.error);
    probe.onsuccess = () => {
      const id = probe.result as number;
      contacts.delete(id);
      const put = idb.objectStore('contactMeta').put({ key, value: id });
      put.onerror = () => reject(put.error);
      put.onsuccess = () => resolve();
    };
  });
}

/**
 * Schema 17's upgrade: drops every stored score input and stale mark. Those of schemas 15–16 hold a contact's events,
 * the whole history's volume, where the rescore now keeps their summary; it rebuilds each from the activities.
 */
export function dropEventInputs(idb: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    const stores = ['scoreInputBlocks', 'scoreInputMarks'].map((name) => idb.objectStore(name).clear());
    let left = stores.length;
    for (const request of stores) {
      request.onerror = () => reject(request.error);
      request.onsuccess = () => {
        if (--left === 0) resolve();
      };
    }
  });
}

/**
 * Schema 19's upgrade: builds the contacts list's pages (`contactList`, lib/contacts/list-pages.ts) from every contact
 * row and staged contact, in one read of each table. An ordinary row wins over a staged one with its id (as the
 * ContactStore reads them).
 */
export function buildListPages(idb: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    const rows = idb.objectStore('contacts').getAll();
    const staged = idb.objectStore('contactStage').getAll();
    for (const request of [rows, staged]) request.onerror = () => reject(request.error);
    let left = 2;
    const done = () => {
      if (--left > 0) return;
      const byId = new Map<number, ListRow>();
      for (const block of staged.result as StagedBlock[]) for (const row of block.rows) byId.set(row.id, row);
      for (const row of rows.result as ListRow[]) byId.set(row.id, row);
      const pages = idb.objectStore('contactList');
      for (const page of pagesOf([...byId.values()])) pages.put(page);
      resolve();
    };
    rows.onsuccess = staged.onsuccess = done;
  });
}
