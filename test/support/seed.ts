/**
 * Writes rows straight into the extension's IndexedDB from its service worker (the extension
 * origin), for the demo and the benchmarks. Waits until the background has created the schema.
 * Contacts' `tags` are stored the way the app stores them: as tag membership rows
 * (lib/db/tag-members.ts), not on the contact row; so is a contact's stored churn score (`risk`,
 * `riskBand`, `riskAt` given on the row): a row of the scores table, for customers only (lib/db/scores.ts).
 */
import type { Worker } from 'playwright-core';
import { churnEligible } from '../../lib/churn/eligible';
import { DEFAULT_BAND_THRESHOLDS, riskBand } from '../../lib/segments/risk-band';
import type { Contact, StoredScore } from '../../lib/db/types';
import { memberRows, type TagMemberRow } from '../../lib/db/tag-members';

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
  const seeded = { ids: contacts.map((c) => c.id), members: memberRows(contacts) };
  const scores = scoreRows(contacts);
  const rows: Rows = {
    ...input,
    ...(input.contacts ? { contacts: contacts.map(({ risk: _r, riskBand: _b, riskAt: _a, ...rest }) => rest) } : {}),
    ...(scores.length ? { scores: [...((input.scores ?? []) as StoredScore[]), ...scores] } : {}),
  };
  await worker.evaluate(async ({ rows, seeded }: { rows: Rows; seeded: { ids: number[]; members: TagMemberRow[] } }) => {
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
    const stores = [...new Set([...Object.keys(rows), ...(seeded.ids.length ? ['tagMembers'] : [])])];
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
    if (seeded.ids.length) {
      // Each seeded contact's membership becomes exactly its tags.
      const members = tx.objectStore('tagMembers');
      const existing = await new Promise<TagMemberRow[]>((resolve, reject) => {
        const request = members.getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const ids = new Set(seeded.ids);
      const byKey = new Map(existing.map((m) => [`${m.tagId}:${m.block}`, { ...m, ids: m.ids.filter((id) => !ids.has(id)) }]));
      for (const m of seeded.members) {
        const key = `${m.tagId}:${m.block}`;
        byKey.set(key, { ...m, ids: [...(byKey.get(key)?.ids ?? []), ...m.ids].sort((a, b) => a - b) });
      }
      for (const m of byKey.values()) {
        if (m.ids.length === 0) members.delete([m.tagId, m.block]);
        else members.put(m);
      }
    }
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, { rows, seeded });
}
