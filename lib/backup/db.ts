import type { Table } from 'dexie';
import type { KizunaDb } from '../db/schema';
import { createBackup, type Backup } from './format';
import { BACKUP_TABLES, type BackupTableName, type BackupTables } from './schemas';

const TABLE_NAMES = Object.keys(BACKUP_TABLES) as BackupTableName[];

function tablesOf(db: KizunaDb): Table[] {
  return TABLE_NAMES.map((name) => db.table(name));
}

/** Every table's rows, read in one transaction so the backup is a consistent snapshot. */
export async function readAllTables(db: KizunaDb): Promise<BackupTables> {
  return db.transaction('r', tablesOf(db), async () => {
    const rows = await Promise.all(TABLE_NAMES.map((name) => db.table(name).toArray()));
    return Object.fromEntries(TABLE_NAMES.map((name, i) => [name, rows[i]])) as unknown as BackupTables;
  });
}

/** A backup of everything, at the app's schema version. */
export async function backupDatabase(db: KizunaDb, now = Date.now()): Promise<Backup> {
  return createBackup(await readAllTables(db), now);
}

/** Rows per table, for the "this file contains" summary. */
export function backupCounts(backup: Pick<Backup, 'tables'>): Record<BackupTableName, number> {
  return Object.fromEntries(TABLE_NAMES.map((name) => [name, backup.tables[name]?.length ?? 0])) as Record<BackupTableName, number>;
}

/**
 * Replaces every table with a backup's rows in ONE transaction. Only give it the `backup` of a
 * successful validateBackup/readBackupText: if any write fails, IndexedDB rolls back and the
 * data stored before stays as it was.
 */
export async function restoreBackup(db: KizunaDb, backup: Backup): Promise<void> {
  await db.transaction('rw', tablesOf(db), async () => {
    for (const name of TABLE_NAMES) await db.table(name).clear();
    for (const name of TABLE_NAMES) {
      const rows = backup.tables[name] as object[];
      if (rows.length > 0) await db.table(name).bulkAdd(rows);
    }
  });
}
