import { z } from 'zod';
import { LATEST_VERSION } from '../db/schema';
import { checkIntegrity, dropDangling, type LeftOut } from './integrity';
import { migrateBackup } from './migrate';
import { BACKUP_TABLES, type BackupTableName, type BackupTables } from './schemas';
import { BackupSettingsSchema, type BackupSettings } from './settings';

export const BACKUP_FORMAT = 'kizuna-backup';
const MAX_ERRORS = 20;

export interface Backup {
  format: typeof BACKUP_FORMAT;
  /** The Dexie schema version the rows follow. */
  schemaVersion: number;
  /** ISO 8601. */
  exportedAt: string;
  tables: BackupTables;
  /** The settings (absent in backups made before settings were included: then restore leaves them). */
  settings?: BackupSettings;
}

/** A valid backup comes with what the restore leaves out (references to rows the file does not hold). */
export type BackupCheck = { ok: true; backup: Backup; leftOut: LeftOut } | { ok: false; errors: string[] };

const HeaderSchema = z.looseObject({
  format: z.literal(BACKUP_FORMAT, { error: 'Not a Kizuna backup file' }),
  schemaVersion: z.number().int().min(1),
});

const EnvelopeSchema = HeaderSchema.extend({
  exportedAt: z.string(),
  tables: z.record(z.string(), z.array(z.unknown())),
});

function pathText(path: PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

function issuesOf(error: z.ZodError, prefix: PropertyKey[]): string[] {
  return error.issues.map((issue) => `${pathText([...prefix, ...issue.path])}: ${issue.message}`);
}

/** A backup of every table (and the settings, when given), at the app's schema version. */
export function createBackup(tables: BackupTables, now: number, settings?: BackupSettings): Backup {
  const backup: Backup = { format: BACKUP_FORMAT, schemaVersion: LATEST_VERSION, exportedAt: new Date(now).toISOString(), tables };
  if (settings) backup.settings = settings;
  return backup;
}

/**
 * Validates a whole backup before any write: version, migration, row schemas, unique keys; errors carry
 * their path. References to rows not in the file are taken out and counted (dropDangling), not refused.
 */
export function validateBackup(data: unknown, appVersion: number = LATEST_VERSION): BackupCheck {
  // Version first: a newer file may be shaped differently, and "update Kizuna" is the useful answer.
  const header = HeaderSchema.safeParse(data);
  if (!header.success) return { ok: false, errors: issuesOf(header.error, []).slice(0, MAX_ERRORS) };
  if (header.data.schemaVersion > appVersion) {
    return {
      ok: false,
      errors: [`This backup was made by a newer Kizuna (schema version ${header.data.schemaVersion}; this version reads up to ${appVersion}). Update Kizuna, then restore it.`],
    };
  }
  const envelope = EnvelopeSchema.safeParse(data);
  if (!envelope.success) return { ok: false, errors: issuesOf(envelope.error, []).slice(0, MAX_ERRORS) };
  const migrated = migrateBackup(envelope.data, appVersion);
  const errors: string[] = [];
  for (const name of Object.keys(migrated.tables)) {
    if (!(name in BACKUP_TABLES)) errors.push(`tables.${name}: Unknown table`);
  }
  const tables: Record<string, unknown[]> = {};
  for (const [name, schema] of Object.entries(BACKUP_TABLES) as [BackupTableName, z.ZodType][]) {
    const rows = migrated.tables[name];
    if (!rows) {
      errors.push(`tables.${name}: Missing table`);
      continue;
    }
    tables[name] = rows.map((row, i) => {
      const parsed = schema.safeParse(row);
      if (!parsed.success && errors.length < MAX_ERRORS) errors.push(...issuesOf(parsed.error, ['tables', name, i]));
      return parsed.data;
    });
    if (errors.length >= MAX_ERRORS) break;
  }
  const rawSettings = (data as { settings?: unknown }).settings;
  const settings = rawSettings === undefined ? undefined : BackupSettingsSchema.safeParse(rawSettings);
  if (settings && !settings.success) errors.push(...issuesOf(settings.error, ['settings']));
  if (errors.length > 0) return { ok: false, errors: errors.slice(0, MAX_ERRORS) };
  const broken = checkIntegrity(tables as unknown as BackupTables, MAX_ERRORS);
  if (broken.length > 0) return { ok: false, errors: broken };
  const { tables: valid, leftOut } = dropDangling(tables as unknown as BackupTables);
  const backup: Backup = { format: BACKUP_FORMAT, schemaVersion: migrated.schemaVersion, exportedAt: migrated.exportedAt, tables: valid };
  if (settings?.success) backup.settings = settings.data;
  return { ok: true, backup, leftOut };
}

/** Parses a backup file's text (JSON) and validates it (see validateBackup). */
export function readBackupText(text: string, appVersion: number = LATEST_VERSION): BackupCheck {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [`Not a JSON file: ${(error as Error).message}`] };
  }
  return validateBackup(data, appVersion);
}
