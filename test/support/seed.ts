/**
 * Writes rows straight into the extension's IndexedDB from its service worker (the extension
 * origin), for the demo and the benchmarks. Waits until the background has created the schema.
 * Contacts' `tags` are stored the way the app stores them: as tag membership rows, worked out by
 * the ContactStore's own membership logic (lib/contacts/membership.ts), not on the contact row; so is a contact's stored churn score (`risk`,
 * `riskBand`, `riskAt` given on the row): a stored score, for customers only, in its block of `scoreBlocks` (rows given as
 * `scores` go there too: lib/db/score-blocks.ts). Contacts go into the list pages of their blocks too (`contactList`,
 * changed by the store's own lib/contacts/list-pages.ts), which the contacts page reads the book from.
 */
import type { Worker } from 'playwright-core';
import { churnEligible } from '../../lib/churn/eligible';
import { DEFAULT_BAND_THRESHOLDS, riskBand } from '../../lib/segments/risk-band';
import type { Contact, StoredScore } from '../../lib/db/types';
import { blockOf, setTagsInRows, type TagMemberRow } from '../../lib/contacts/membership';
import { mergeIntoBlocks, type ScoreBlockRow } from '../../lib/db/score-blocks';
import { changePages, listBlockOf, type ListPage, type ListRow } from '../../lib/contacts/list-pages';

type SeedContact = Contact & { risk?: number; riskBand?: StoredScore['band']; riskAt?: number };

/** The scores rows of seeded contacts that carry a stored score, as the app would store them. */
function scoreRows(contacts: readonly SeedContact[]): StoredScore[] {
  return contacts
    .filter((c) => typeof c.risk === 'number' && churnEligible({ stage: c.stage, doNotContact: c.doNotContact ?? 0 }))
    .map((c) => ({ contactId: c.id, score: c.risk!, band: c.riskBand ?? riskBand(c.risk!, DEFAULT_BAND_THRESHOLDS), at: c.riskAt ?? Date.now(), basis: '', history: [] }));
}

export type Rows = Record<string, object[]>;

/** Puts the given rows into the named stores of the 'kizuna' database, in one transaction. */
export async function seedRows(worker: Worker, input: Rows): Promise<void> {
  const contacts = (input.contacts ?? []) as SeedContact[];
  const scores = scoreRows(contacts);
  const { scores: given, ...others } = input;
  const allScores = [...((given ?? []) as StoredScore[]), ...scores];
  const rows: Rows = {
    ...others,
    ...(input.contacts ? { contacts: contacts.map(({ risk: _r, riskBand: _b, riskAt: _a, tags: _t, ...rest }) => rest) } : {}),
  };
  // Each seeded contact's membership becomes exactly its tags: the stored rows of their blocks are read,
  // changed by the store's own logic, and written back with the rows.
  // In the worker: opens 'kizuna' once the background has created the given stores (it may still be upgrading).
  const opener = await worker.evaluateHandle(() => async (stores: string[]) => {
    const open = () =>
      new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('kizuna');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    let db = await open();
    for (let i = 0; i < 100 && !stores.every((t) => db.objectStoreNames.contains(t)); i++) {
      db.close();
      await new Promise((r) => setTimeout(r, 100));
      db = await open();
    }
    return db;
  });
  let members: { put: TagMemberRow[]; drop: [number, number][] } = { put: [], drop: [] };
  if (contacts.length) {
    const blocks = [...new Set(contacts.map((c) => blockOf(c.id)))];
    const stored = await worker.evaluate(
      async ({ open, wanted }) => {
        const db = await open(['tagMembers']);
        const all = await new Promise<TagMemberRow[]>((resolve, reject) => {
          const request = db.transaction('tagMembers').objectStore('tagMembers').getAll();
          request.onsuccess = () => resolve(request.result as TagMemberRow[]);
          request.onerror = () => reject(request.error);
        });
        db.close();
        return all.filter((row) => wanted.includes(row.block));
      },
      { open: opener, wanted: blocks },
    );
    const changed = setTagsInRows(stored, new Map(contacts.map((c) => [c.id, Array.isArray(c.tags) ? c.tags : []])));
    members = { put: changed.filter((m) => m.ids.length > 0), drop: changed.filter((m) => m.ids.length === 0).map((m) => [m.tagId, m.block]) };
  }
  if (contacts.length) {
    // The list pages of the seeded blocks: read, changed with the rows, written with them.
    const blocks = [...new Set(contacts.map((c) => listBlockOf(c.id)))];
    const stored = await worker.evaluate(
      async ({ open, wanted }) => {
        const db = await open(['contactList']);
        const all = await new Promise<ListPage[]>((resolve, reject) => {
          const request = db.transaction('contactList').objectStore('contactList').getAll();
          request.onsuccess = () => resolve(request.result as ListPage[]);
          request.onerror = () => reject(request.error);
        });
        db.close();
        return all.filter((page) => wanted.includes(page.block));
      },
      { open: opener, wanted: blocks },
    );
    const byBlock = new Map(stored.map((page) => [page.block, page]));
    rows.contactList = changePages(new Map(blocks.map((block) => [block, byBlock.get(block)])), rows.contacts as ListRow[]).pages;
  }
  if (allScores.length) {
    // Scores are stored a block of contact ids per row: the stored blocks they go into are read and merged.
    const stored = await worker.evaluate(
      async ({ open }) => {
        const db = await open(['scoreBlocks']);
        const all = await new Promise<ScoreBlockRow[]>((resolve, reject) => {
          const request = db.transaction('scoreBlocks').objectStore('scoreBlocks').getAll();
          request.onsuccess = () => resolve(request.result as ScoreBlockRow[]);
          request.onerror = () => reject(request.error);
        });
        db.close();
        return all;
      },
      { open: opener },
    );
    rows.scoreBlocks = mergeIntoBlocks(stored, allScores);
  }
  await worker.evaluate(
    async ({ open, stores, rows, members }) => {
      const db = await open(stores);
      const withMembers = members.put.length + members.drop.length > 0;
      const tx = db.transaction([...new Set([...Object.keys(rows), ...(withMembers ? ['tagMembers'] : [])])], 'readwrite');
      for (const [table, list] of Object.entries(rows)) for (const row of list) tx.objectStore(table).put(row);
      for (const row of members.put) tx.objectStore('tagMembers').put(row);
      for (const key of members.drop) tx.objectStore('tagMembers').delete(key);
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { open: opener, stores: Object.keys(rows), rows, members },
  );
  await opener.dispose();
}
