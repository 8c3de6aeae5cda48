import { LATEST_VERSION } from '../db/schema';

export type BackupRows = Record<string, unknown[]>;

/** Upgrades a backup's tables from schema version n to n + 1 (mirrors the Dexie upgrade of version n + 1). */
export type BackupMigration = (tables: BackupRows) => BackupRows;

/**
 * Row migrations keyed by the version they upgrade from. A Dexie version that changed only indexes
 * changes no row and needs no entry; one with an `.upgrade()` needs the same change here.
 */
export const BACKUP_MIGRATIONS: Record<number, BackupMigration> = {
  // Version 2 added the templates table.
  1: (tables) => ({ ...tables, templates: tables.templates ?? [] }),
  // Version 3 added risk fields on contacts (optional) and the risk model, alert, segment and campaign tables.
  2: (tables) => ({
    ...tables,
    ...Object.fromEntries(['riskModels', 'alerts', 'segments', 'campaigns', 'campaignRecipients', 'sendLedger'].map((t) => [t, tables[t] ?? []])),
  }),
  // Version 9 added only the team sync's own tables, which a backup never holds (DERIVED_STORES); version 10 added the tasks table.
  9: (tables) => ({ ...tables, tasks: tables.tasks ?? [] }),
  // Version 11 added the playbook tables.
  10: (tables) => ({ ...tables, ...Object.fromEntries(['playbooks', 'playbookLog', 'sequences', 'enrolments'].map((t) => [t, tables[t] ?? []])) }),
  // Version 12 added only the tag additions table, which a backup never holds (DERIVED_STORES): no entry for 11.
  // Version 13 added only the band rosters, also never in a backup: no entry for 12.
  // Version 14 packed the scores into blocks, never in a backup either: no entry for 13.
  // Version 15 packed the score inputs into blocks, derived too: no entry for 14.
  // Version 19 added the contacts list's pages, built from the contact rows (DERIVED_STORES): no entry for 18.
};

export interface VersionedBackup {
  schemaVersion: number;
  tables: BackupRows;
}

/** Upgrades a backup's rows, one version at a time, to `target` (the app's schema version); refuses a newer backup. */
export function migrateBackup<T extends VersionedBackup>(data: T, target: number = LATEST_VERSION, migrations: Record<number, BackupMigration> = BACKUP_MIGRATIONS): T {
  if (data.schemaVersion > target) {
    throw new Error(`This backup was made by a newer Kizuna (schema version ${data.schemaVersion}; this version reads up to ${target}). Update Kizuna, then restore it.`);
  }
  let tables = data.tables;
  for (let version = data.schemaVersion; version < target; version++) {
    const step = migrations[version];
    if (step) tables = step(tables);
  }
  return { ...data, schemaVersion: target, tables };
}
