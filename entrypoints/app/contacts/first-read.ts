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
 * Where the last first page was (first-read-hint.ts): its first and last ids, then its companies' ids. With it, the
 * rows' tags, scores and companies are asked for beside the rows, in one round trip, not once they are back (issue 16).
 */
export type FirstReadHint = number[];

/**
 * The first `limit` contacts in id order with their tags, stored scores and companies, every tag and the saved segments
 * by name, as the ContactStore and Dexie read them (test/unit/workspace/first-read.test.ts holds them equal). Null when
 * a large import's contacts are still staged (the store merges them), the schema is not `FIRST_READ_SCHEMA`, or the read fails.
 * With a `hint`, every request goes out at once: the membership rows and score blocks of the hint's span and its
 * companies; what the rows need beyond it is asked for once they are back (a second round trip, as without a hint).
 * Closes the connection.
 */
export function readFirstPage(db: IDBDatabase, limit: number, hint?: FirstReadHint): Promise<FirstPage | null> {
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
    let members: TagMemberRow[] = [];
    let scores: ScoreBlockRow[] = [];
    const companies = new Map<number, Company>();
    // Done with the last result, not at the transaction's complete event, which comes a task or more later.
    const finish = () => {
      if (staged) return done(null);
      const ids = page.contacts.map((row) => row.id);
      const tags = tagsFromRows(members, new Set(ids));
      for (const row of page.contacts) row.tags = tags.get(row.id) ?? [];
      const byId = new Map<number, StoredScore>(scores.flatMap((block) => block.rows.map((score) => [score.contactId, score] as const)));
      page.scores = ids.map((id) => byId.get(id));
      page.companies = companyIdsOf(page.contacts).flatMap((id) => companies.get(id) ?? []);
      done(page);
    };
    tx.onabort = () => done(null);
    const store = (name: string) => tx.objectStore(name);
    // Requests asked for and not yet answered: those asked from a result's callback are counted before it ends.
    let pending = 0;
    const ask = <R>(request: IDBRequest, take: (result: R) => void) => {
      pending++;
      request.onsuccess = () => (take(request.result as R), --pending || finish());
    };
    // The membership rows and score blocks of ids first..last, unless `known` (the hint's span) holds that span already.
    const askBlocks = (first: number, last: number, known?: number[]) => {
      const outside = (blockOf: (id: number) => number) => !known || blockOf(first) < blockOf(known[0]) || blockOf(last) > blockOf(known[1]);
      if (outside(memberBlockOf)) {
        ask<TagMemberRow[]>(
          store('tagMembers')
            .index('block')
            .getAll(IDBKeyRange.bound(memberBlockOf(first), memberBlockOf(last))),
          (found) => (members = found),
        );
      }
      if (outside(scoreBlockOf)) ask<ScoreBlockRow[]>(store('scoreBlocks').getAll(IDBKeyRange.bound(scoreBlockOf(first), scoreBlockOf(last))), (found) => (scores = found));
    };
    const askCompanies = (ids: number[]) => {
      for (const id of ids) ask<unknown>(store('companies').get(id), (got) => isObject(got) && companies.set(id, got as unknown as Company));
    };
    ask<unknown[]>(store('contactStage').getAllKeys(null, 1), (keys) => (staged = keys.length > 0));
    ask<Tag[]>(store('tags').getAll(), (rows) => (page.tags = rows));
    ask<SegmentRecord[]>(store('segments').index('name').getAll(), (rows) => (page.segments = rows));
    ask<Contact[]>(store('contacts').getAll(null, limit), (rows) => {
      if (!rows.every((row) => isObject(row) && typeof row.id === 'number')) return tx.abort();
      page.contacts = rows;
      if (!rows.length) return;
      // The hint's reads come back after these rows (a transaction answers in order): only what it missed is asked for.
      askBlocks(rows[0].id, rows[rows.length - 1].id, hint);
      askCompanies(companyIdsOf(rows).filter((id) => !hint?.includes(id, 2)));
    });
    if (!hint) return;
    askBlocks(hint[0], hint[1]);
    askCompanies(hint.slice(2));
  });
}

/** The rows' company ids, each once, in the rows' order. */
function companyIdsOf(rows: readonly Contact[]): number[] {
  return [...new Set(rows.flatMap((row) => (typeof row.companyId === 'number' ? [row.companyId] : [])))];
}
