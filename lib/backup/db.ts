import type { Table } from 'dexie';
import { contactStoreOf } from '../contacts/dexie-store';
import { activityStoreOf } from '../activities/dexie-store';
import type { KizunaDb } from '../db/schema';
import { createBackup, type Backup } from './format';
import { BACKUP_TABLES, type BackupTableName, type BackupTables } from './schemas';
import type { BackupSettings } from './settings';

const TABLE_NAMES = Object.keys(BACKUP_TABLES) as BackupTableName[];
/**
 * Backup tables kept by a store: the ContactStore (contacts with their tags; tag definitions) and the ActivityStore (which
 * marks every restored contact's score inputs stale); the others are read and written as they are.
 */
const STORE_TABLES = new Set<BackupTableName>(['contacts', 'tags', 'activities']);
const PLAIN_TABLES = TABLE_NAMES.filter((name) => !STORE_TABLES.has(name));

function tablesOf(db: KizunaDb): Table[] {
  return [...new Set([...PLAIN_TABLES.map((name) => db.table(name)), ...contactStoreOf(db).tables, ...activityStoreOf(db).tables])];
}

/** Every table's rows, read in one transaction so the backup is a consistent snapshot. */
export async function readAllTables(db: KizunaDb): Promise<BackupTables> {
  const contacts = contactStoreOf(db);
  return db.transaction('r', tablesOf(db), async () => {
    // Activities are read as they are stored (only their writes go through the ActivityStore).
    const read = [...PLAIN_TABLES, 'activities'] as const;
    const [rows, people, tags] = await Promise.all([Promise.all(read.map((name) => db.table(name).toArray())), contacts.all(), contacts.tags.list()]);
    const plain = Object.fromEntries(read.map((name, i) => [name, rows[i]]));
    return Object.fromEntries(TABLE_NAMES.map((name) => [name, name === 'contacts' ? people : name === 'tags' ? tags : plain[name]])) as unknown as BackupTables;
  });
}

/** A backup of the whole database (and the settings, when given), at the app's schema version. */
export async function backupDatabase(db: KizunaDb, now = Date.now(), settings?: BackupSettings): Promise<Backup> {
  return createBackup(await readAllTables(db), now, settings);
}

/** Rows per table, for the "this file contains" summary. */
export function backupCounts(backup: Pick<Backup, 'tables'>): Record<BackupTableName, number> {
  return Object.fromEntries(TABLE_NAMES.map((name) => [name, backup.tables[name]?.length ?? 0])) as Record<BackupTableName, number>;
}

/** Thrown when a restore would rewind a campaign that can still send: nothing is written. */
export class RestoreBlockedError extends Error {
  constructor(readonly campaigns: string[]) {
    super(`A campaign is still scheduled, running or paused (${campaigns.join(', ')}): finish or cancel it before restoring.`);
    this.name = 'RestoreBlockedError';
  }
}

const LIVE_CAMPAIGN = new Set(['scheduled', 'running', 'paused']);

/**
 * Replaces every table with a backup's rows in ONE transaction. Only give it the `backup` of a
 * successful validateBackup/readBackupText: if any write fails, IndexedDB rolls back and the
 * data stored before stays as it was.
 *
 * Sending is never rewound: the restore is refused while a campaign here can still send; restored
 * campaigns that were live come back paused; the send ledger of this browser is kept (it is what
 * Gmail's quota counted); and a contact marked do-not-contact here (an unsubscribe) stays so.
 */
export async function restoreBackup(db: KizunaDb, backup: Backup): Promise<void> {
  const contacts = contactStoreOf(db);
  const history = activityStoreOf(db);
  await db.transaction('rw', tablesOf(db), async () => {
    const live = (await db.campaigns.toArray()).filter((c) => LIVE_CAMPAIGN.has(c.status));
    if (live.length) throw new RestoreBlockedError(live.map((c) => c.name));
    const doNotContact = new Set((await contacts.all()).filter((c) => c.doNotContact === 1).map((c) => c.email));
    const ledger = await db.sendLedger.toArray();
    const rows: Record<string, object[]> = {
      ...backup.tables,
      contacts: backup.tables.contacts.map((c) => (doNotContact.has(c.email) ? { ...c, doNotContact: 1 as const } : c)),
      campaigns: backup.tables.campaigns.map((c) => (LIVE_CAMPAIGN.has(c.status) ? { ...c, status: 'paused' as const, pauseReason: 'restored from a backup' } : c)),
      sendLedger: ledger.length ? ledger : backup.tables.sendLedger,
    };
    // The store's clear also empties the scores: a restore is rescored (the trend starts again).
    await contacts.clear();
    // Its clear also drops every contact's score inputs: the restored book's history is read again by the next rescore.
    await history.clear();
    for (const name of PLAIN_TABLES) await db.table(name).clear();
    await contacts.tags.put(backup.tables.tags);
    await contacts.restore(rows.contacts as BackupTables['contacts']);
    if (backup.tables.activities.length > 0) await history.addMany(backup.tables.activities);
    for (const name of PLAIN_TABLES) {
      const list = rows[name] ?? [];
      if (list.length > 0) await db.table(name).bulkAdd(list);
    }
  });
}
