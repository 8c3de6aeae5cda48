import Dexie from 'dexie';
import type { KizunaDb } from '../../../lib/db/schema';
import { contactStoreOf } from '../../../lib/contacts/dexie-store';

/**
 * Dexie keeps a transaction's zone across native awaits only for a limited number of microtasks.
 * Runs each step twice over (zone echoes used up by one pattern show in the next) inside nested
 * async helpers in one transaction, then `last`; returns where each await came back: 'in' the
 * transaction or 'out' of it. A store call that answers too late shows as 'out'.
 */
export async function zoneAfterEachStep(db: KizunaDb, steps: (() => Promise<unknown>)[], last: () => Promise<unknown>): Promise<string[]> {
  const inTx = () => (Dexie.currentTransaction ? 'in' : 'out');
  const log: string[] = [];
  await db.transaction('rw', [...contactStoreOf(db).tables, db.companies], async () => {
    for (const step of [...steps, ...steps]) {
      const helper = async () => {
        await step();
        log.push(inTx());
      };
      const outer = async () => {
        await helper();
        log.push(inTx());
      };
      await outer();
      log.push(inTx());
    }
    await last();
    log.push(inTx());
  });
  return log;
}
