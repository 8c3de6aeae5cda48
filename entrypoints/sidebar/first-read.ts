// A side panel the background read nothing for (opened by the toolbar icon) reads its first paint's contact straight
// from IndexedDB (issue 13): Dexie, the schema and the stores are on the app's path, which takes longer to load than
// the profile takes to show. Read only, one transaction; it
// never creates or upgrades the database (the app's Dexie does), and the connection closes once the rows are in.
import type { Contact } from '@/lib/db/types';
import { blockOf, type ScoreBlockRow } from '@/lib/db/score-blocks';
import { isObject } from '@/lib/panel/first-pick';
import type { FirstProfile } from '@/lib/panel/first-profile';

/** lib/db/schema.ts's DB_NAME (that module brings Dexie); test/unit/sidebar/first-read.test.ts holds them equal. */
export const KIZUNA_DB = 'kizuna';

/** Opens the Kizuna database as it is, or resolves null when there is none yet (nothing is created) or it fails. */
export function openKizunaDb(factory: IDBFactory = indexedDB): Promise<IDBDatabase | null> {
  return new Promise((resolve) => {
    let request: IDBOpenDBRequest;
    try {
      request = factory.open(KIZUNA_DB);
    } catch {
      return resolve(null);
    }
    // No database yet (a new install): abort, which leaves none behind for the app's Dexie to create properly.
    request.onupgradeneeded = () => request.transaction?.abort();
    request.onerror = (e) => (e.preventDefault(), resolve(null));
    request.onblocked = () => resolve(null);
    request.onsuccess = () => {
      const db = request.result;
      // The app (or an update) may upgrade the schema: never stand in its way.
      db.onversionchange = () => db.close();
      resolve(db);
    };
  });
}

/**
 * The contact stored under this address (as the app's ContactStore finds it by the email index), its company's name
 * and stored score, in one read-only transaction: null when there is no such row (a staged contact of a large import
 * is left to the app) or the read fails. Closes the connection.
 */
export function readFirstProfile(db: IDBDatabase, email: string): Promise<FirstProfile | null> {
  return new Promise((resolve) => {
    const done = (value: FirstProfile | null) => (db.close(), resolve(value));
    let tx: IDBTransaction;
    try {
      tx = db.transaction(['contacts', 'companies', 'scoreBlocks'], 'readonly');
    } catch {
      return done(null); // an older schema without these stores: the app upgrades it
    }
    let result: FirstProfile | null = null;
    tx.oncomplete = () => done(result);
    tx.onabort = () => done(null);
    const found = tx.objectStore('contacts').index('email').get(email);
    found.onsuccess = () => {
      const row: unknown = found.result;
      if (!isObject(row) || typeof row.id !== 'number' || row.email !== email) return;
      const { tags: _tags, ...contact } = row as unknown as Contact;
      const profile: FirstProfile = { contact, companyName: '' };
      result = profile;
      if (typeof contact.companyId === 'number') {
        const company = tx.objectStore('companies').get(contact.companyId);
        company.onsuccess = () => {
          const name: unknown = isObject(company.result) ? company.result.name : undefined;
          if (typeof name === 'string') profile.companyName = name;
        };
      }
      const block = tx.objectStore('scoreBlocks').get(blockOf(contact.id));
      block.onsuccess = () => {
        const rows = (block.result as ScoreBlockRow | undefined)?.rows;
        if (Array.isArray(rows)) profile.score = rows.find((s) => isObject(s) && s.contactId === contact.id);
      };
    };
  });
}
