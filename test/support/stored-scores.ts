// The stored scores as tests read and seed them: StoredScore rows through the ContactStore's scores (the database keeps
// them packed in blocks, lib/db/score-blocks.ts), with the few Table methods the tests use.
import { contactStoreOf } from '../../lib/contacts/dexie-store';
import type { KizunaDb } from '../../lib/db/schema';
import type { StoredScore } from '../../lib/db/types';

/** Every stored score, and single ones, read and written through the store (tests only). */
export function storedScores(db: KizunaDb) {
  const scores = contactStoreOf(db).scores;
  return {
    toArray: () => scores.page({}),
    get: (id: number) => scores.get(id),
    count: async () => (await scores.page({})).length,
    clear: () => scores.clear(),
    bulkPut: (rows: readonly StoredScore[]) => scores.put(rows),
    put: (row: StoredScore) => scores.put([row]),
    delete: (id: number) => scores.delete([id]),
  };
}
