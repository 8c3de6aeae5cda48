import { BACKUP_TABLES, type BackupTableName } from './schemas';

/** A backup problem in terms a person can be told (the restore screen words it in their language). */
export type BackupProblem =
  | { kind: 'not-json' }
  | { kind: 'not-backup' }
  | { kind: 'no-version' }
  | { kind: 'bad-version' }
  | { kind: 'newer'; version: number; supported: number }
  | { kind: 'no-tables' }
  | { kind: 'no-date' }
  | { kind: 'unknown-table'; table: string }
  | { kind: 'missing-table'; table: BackupTableName }
  | { kind: 'missing-field'; table: BackupTableName; row: number; field: string }
  | { kind: 'bad-field'; table: BackupTableName; row: number; field: string; detail: string }
  | { kind: 'duplicate'; table: BackupTableName; row: number; field: string; firstRow: number }
  | { kind: 'bad-settings'; field: string }
  | { kind: 'other'; text: string };

const isTable = (name: string): name is BackupTableName => name in BACKUP_TABLES;

/**
 * Reads one of validateBackup's errors ("tables.contacts[1].email: Invalid email address", the file's own path
 * grammar) as a problem to explain; rows count from 1 as a person counts them. Anything else stays as text.
 */
export function explainBackupError(error: string): BackupProblem {
  if (error.startsWith('Not a JSON file')) return { kind: 'not-json' };
  const newer = /newer Kizuna \(schema version (\d+); this version reads up to (\d+)\)/.exec(error);
  if (newer) return { kind: 'newer', version: Number(newer[1]), supported: Number(newer[2]) };
  const m = /^([^:\s]+): (.*)$/s.exec(error);
  if (!m) return { kind: 'other', text: error };
  const [, path, message] = m;
  const missing = /received undefined/.test(message);
  if (path === 'format') return { kind: 'not-backup' };
  if (path === 'schemaVersion') return missing ? { kind: 'no-version' } : { kind: 'bad-version' };
  if (path === 'tables') return { kind: 'no-tables' };
  if (path === 'exportedAt') return { kind: 'no-date' };
  if (path.startsWith('settings')) return { kind: 'bad-settings', field: path.replace(/^settings\.?/, '') };
  const table = /^tables\.([A-Za-z]+)$/.exec(path);
  if (table) {
    if (message === 'Missing table' && isTable(table[1])) return { kind: 'missing-table', table: table[1] };
    if (message === 'Unknown table') return { kind: 'unknown-table', table: table[1] };
  }
  const row = /^tables\.([A-Za-z]+)\[(\d+)\]\.?(.*)$/.exec(path);
  if (row && isTable(row[1])) {
    const [, name, index, field] = row;
    const same = /^Same \S+ as tables\.[A-Za-z]+\[(\d+)\]$/.exec(message);
    if (same) return { kind: 'duplicate', table: name, row: Number(index) + 1, field, firstRow: Number(same[1]) + 1 };
    if (missing) return { kind: 'missing-field', table: name, row: Number(index) + 1, field };
    return { kind: 'bad-field', table: name, row: Number(index) + 1, field, detail: message };
  }
  return { kind: 'other', text: error };
}
