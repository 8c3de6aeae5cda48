import { describe, expect, it } from 'vitest';
import { explainBackupError } from '../../../lib/backup/explain';
import { readBackupText } from '../../../lib/backup/format';

const problemsOf = (text: string) => {
  const check = readBackupText(text);
  return check.ok ? [] : check.errors.map(explainBackupError);
};

describe('explainBackupError: a refused backup in terms a person can be told', () => {
  it('a file without a schema version is not a Kizuna backup', () => {
    expect(problemsOf(JSON.stringify({ format: 'kizuna-backup' }))).toEqual([{ kind: 'no-version' }]);
  });
  it('other files, JSON or not', () => {
    expect(problemsOf('{ nope')).toEqual([{ kind: 'not-json' }]);
    expect(problemsOf(JSON.stringify({ hello: 1, schemaVersion: 3 }))).toEqual([{ kind: 'not-backup' }]);
  });
  it('a newer backup, with both versions', () => {
    expect(problemsOf(JSON.stringify({ format: 'kizuna-backup', schemaVersion: 999, exportedAt: '', tables: {} }))).toEqual([{ kind: 'newer', version: 999, supported: expect.any(Number) }]);
  });
  it('tables and rows by name, rows counted from 1', () => {
    expect(explainBackupError('tables.widgets: Unknown table')).toEqual({ kind: 'unknown-table', table: 'widgets' });
    expect(explainBackupError('tables.tags: Missing table')).toEqual({ kind: 'missing-table', table: 'tags' });
    expect(explainBackupError('tables.contacts[1].email: Invalid input: expected string, received undefined')).toEqual({ kind: 'missing-field', table: 'contacts', row: 2, field: 'email' });
    expect(explainBackupError('tables.contacts[1].email: Invalid email address')).toEqual({ kind: 'bad-field', table: 'contacts', row: 2, field: 'email', detail: 'Invalid email address' });
    expect(explainBackupError('tables.tags[1].id: Same id as tables.tags[0]')).toEqual({ kind: 'duplicate', table: 'tags', row: 2, field: 'id', firstRow: 1 });
  });
});
