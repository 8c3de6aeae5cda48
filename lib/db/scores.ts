import { churnEligible } from '../churn/eligible';
import { dayNumber, MIGRATED_BASIS } from '../churn/score-history';
import { blockOf, type ScoreBlockRow } from './score-blocks';
import type { Contact, StoredScore } from './types';

export const SCORES = 'scores';
export const SCORE_BLOCKS = 'scoreBlocks';
const CONTACTS = 'contacts';

type OldRow = Contact & { risk?: unknown; riskBand?: unknown; riskAt?: unknown };

/**
 * Schema 7's upgrade: each contact's stored score (`risk`, `riskBand`, `riskAt` on the row) moves into the
 * `scores` table, its history starting on the day it was computed; contacts that are not scored for churn
 * (leads, churned, do-not-contact) lose theirs. Runs on the raw version-change transaction, below the
 * middlewares (which know nothing of the old fields).
 */
export function moveScoresToTable(idb: IDBTransaction, timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'): Promise<void> {
  return new Promise((resolve, reject) => {
    const scores = idb.objectStore(SCORES);
    const request = idb.objectStore(CONTACTS).openCursor();
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const cursor = request.result;
      if (!cursor) return resolve();
      const { risk, riskBand, riskAt, ...rest } = cursor.value as OldRow;
      if (risk !== undefined || riskBand !== undefined || riskAt !== undefined) {
        cursor.update(rest);
        if (typeof risk === 'number' && Number.isFinite(risk) && churnEligible(rest)) {
          const band = riskBand === 'high' || riskBand === 'medium' || riskBand === 'low' ? riskBand : 'low';
          const at = typeof riskAt === 'number' && Number.isFinite(riskAt) ? riskAt : 0;
          const row: StoredScore = { contactId: rest.id, score: risk, band, at, basis: MIGRATED_BASIS, history: at ? [[dayNumber(at, timeZone), risk]] : [] };
          scores.put(row);
        }
      }
      cursor.continue();
    };
  });
}

/**
 * Schema 14's upgrade: every row of `scores` moves into its block of `scoreBlocks` (lib/db/score-blocks.ts), as it is.
 * Reads the old table in one request (scores are small; a book of 100,000 is a few tens of MB for a moment).
 */
export function packScoresIntoBlocks(idb: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = idb.objectStore(SCORES).getAll();
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const blocks = new Map<number, StoredScore[]>();
      for (const row of request.result as StoredScore[]) {
        const block = blockOf(row.contactId);
        (blocks.get(block) ?? blocks.set(block, []).get(block)!).push(row);
      }
      const target = idb.objectStore(SCORE_BLOCKS);
      // Rows come ascending by contact id (the old table's key), so each block's rows are in order.
      for (const [block, rows] of blocks) target.put({ block, rows } satisfies ScoreBlockRow);
      resolve();
    };
  });
}
