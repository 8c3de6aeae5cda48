// The contacts list's first page read straight from IndexedDB (issue 16), started by the app's entry before React,
// Dexie and the page's code load: with Dexie, the read waited for its chunk and its open, hundreds of milliseconds
// after the shell. Read only, one transaction, every request issued at once; it never creates or upgrades the
// database (openKizunaDb), and anything unexpected gives null: the store then reads the page itself, as before.
import type { Company, Contact, SegmentRecord, StoredScore, Tag } from '@/lib/db/types';
import { blockOf as scoreBlockOf, type ScoreBlockRow } from '@/lib/db/score-blocks';
import { blockOf as memberBlockOf, tagsFromRows, type TagMemberRow } from '@/lib/contacts/membership';
import type { FirstPage } from '@/lib/workspace/first-page';
import { isObject } from '@/lib/panel/first-pick';

/** Where app.html's first script (entrypoints/app-first-read.ts) leaves the read it started, for the entry (boot.ts). */
export interface FirstReadGlobal {
  kizunaFirstPage?: Promise<FirstPage | null>;
}

const STORES = ['contacts', 'contactStage', 'tagMembers', 'tags', 'scoreBlocks', 'companies', 'segments'];

/**
 * The schema version this read knows (lib/db/schema.ts's LATEST_VERSION, which brings Dexie; the unit test holds them
 * equal): a database of another version, one the app is about to upgrade, say, is left to the store.
 */
export const FIRST_READ_SCHEMA = 19;

/**
 * The first `limit` contacts in id order with their tags, stored scores and companies, every tag and the saved segments
 * by name, as the ContactStore and Dexie read them (test/unit/workspace/first-read.test.ts holds them equal). Null when
 * a large import's contacts are still staged (the store merges them), the schema is not `FIRST_READ_SCHEMA`, or the read fails.
 * Closes the connection.
 */
export function readFirstPage(db: IDBDatabase, limit: number): Promise<FirstPage | null> {
  return new Promise((resolve) => {
    const done = (value: FirstPage | null) => (db.close(), resolve(value));
    // Dexie stores its version times ten.
    if (db.version !== FIRST_READ_SCHEMA * 10) return done(null);
    let tx: IDBTransaction;
    try {
      tx = db.transaction(STORES, 'readonly');
    } catch {
      return done(null); // an older schema: the app's Dexie upgrades it
    }
    const page: FirstPage = { contacts: [], scores: [], companies: [], tags: [], segments: [] };
    let staged = true;
    tx.oncomplete = () => done(staged ? null : page);
    tx.onabort = () => done(null);
    const store = (name: string) => tx.objectStore(name);
    const all = <T>(request: IDBRequest, take: (rows: T[]) => void) => (request.onsuccess = () => take(request.result as T[]));
    all<unknown>(store('contactStage').getAllKeys(null, 1), (keys) => (staged = keys.length > 0));
    all<Tag>(store('tags').getAll(), (rows) => (page.tags = rows));
    all<SegmentRecord>(store('segments').index('name').getAll(), (rows) => (page.segments = rows));
    all<Contact>(store('contacts').getAll(null, limit), (rows) => {
      if (!rows.every((row) => isObject(row) && typeof row.id === 'number')) return tx.abort();
      page.contacts = rows;
      if (!rows.length) return;
      const ids = rows.map((row) => row.id);
      const wanted = new Set(ids);
      const members = IDBKeyRange.bound(memberBlockOf(ids[0]), memberBlockOf(ids[ids.length - 1]));
      all<TagMemberRow>(store('tagMembers').index('block').getAll(members), (found) => {
        const tags = tagsFromRows(found, wanted);
        for (const row of rows) row.tags = tags.get(row.id) ?? [];
      });
      const blocks = IDBKeyRange.bound(scoreBlockOf(ids[0]), scoreBlockOf(ids[ids.length - 1]));
      all<ScoreBlockRow>(store('scoreBlocks').getAll(blocks), (found) => {
        const byId = new Map<number, StoredScore>(found.flatMap((block) => block.rows.map((score) => [score.contactId, score] as const)));
        page.scores = ids.map((id) => byId.get(id));
      });
      const companyIds = [...new Set(rows.flatMap((row) => (typeof row.companyId === 'number' ? [row.companyId] : [])))];
      for (const id of companyIds) {
        const got = store('companies').get(id);
        got.onsuccess = () => {
          if (isObject(got.result)) page.companies.push(got.result as unknown as Company);
        };
      }
    });
  });
}
