import { useState } from 'react';
import { useFormat, useI18n, type Translate } from '@/components/i18n';
import { RestoreLeftOut } from '@/components/RestoreLeftOut';
import { db } from '@/lib/db';
import { send } from '@/lib/messages/send';
import { contactStoreOf } from '@/lib/contacts/dexie-store';
import { backupCounts, backupDatabase, restoreBackup, RestoreBlockedError } from '@/lib/backup/db';
import { readBackupText, type Backup } from '@/lib/backup/format';
import { readSettingsForBackup, restoreSettings } from '@/lib/backup/settings';
import { explainBackupError, type BackupProblem } from '@/lib/backup/explain';
import type { LeftOut } from '@/lib/backup/integrity';
import type { BackupTableName } from '@/lib/backup/schemas';
import type { Route } from '../router';
import { downloadFile } from '../download';
import './backup.css';
import { PageHeader } from '@/components/ui/PageHeader';
import { FilePicker } from '@/components/ui/FilePicker';
import { Checkbox } from '@/components/ui/Checkbox';

const tableName = (table: string, t: Translate) => t(`backupTable_${table}`);

/** A refused backup's problem in words ("This file is not a Kizuna backup: it has no schema version."). */
export function backupProblemText(p: BackupProblem, t: Translate, number: (n: number) => string): string {
  switch (p.kind) {
    case 'not-json':
      return t('backupProblem_notJson');
    case 'not-backup':
      return t('backupProblem_notBackup');
    case 'no-version':
      return t('backupProblem_noVersion');
    case 'bad-version':
      return t('backupProblem_badVersion');
    case 'newer':
      return t('backupProblem_newer', [String(p.version), String(p.supported)]);
    case 'no-tables':
      return t('backupProblem_noTables');
    case 'no-date':
      return t('backupProblem_noDate');
    case 'unknown-table':
      return t('backupProblem_unknownTable', p.table);
    case 'missing-table':
      return t('backupProblem_missingTable', tableName(p.table, t));
    case 'missing-field':
      return t('backupProblem_missingField', [number(p.row), tableName(p.table, t), p.field]);
    case 'bad-field':
      return t('backupProblem_badField', [number(p.row), tableName(p.table, t), p.field]);
    case 'duplicate':
      return t('backupProblem_duplicate', [number(p.row), tableName(p.table, t), p.field, number(p.firstRow)]);
    case 'bad-settings':
      return t('backupProblem_badSettings', p.field);
    case 'other':
      return p.text;
  }
}

function Counts({ backup }: { backup: Backup }) {
  const { t } = useI18n();
  const format = useFormat();
  const counts = backupCounts(backup);
  const made = Date.parse(backup.exportedAt);
  return (
    <table className="wi-backup-counts" data-testid="wi-backup-counts">
      <caption>{t('wiBackupContains', [Number.isNaN(made) ? backup.exportedAt : format.dateTime(made), String(backup.schemaVersion)])}</caption>
      <thead>
        <tr>
          <th scope="col">{t('wiTable')}</th>
          <th scope="col">{t('wiRows')}</th>
        </tr>
      </thead>
      <tbody>
        {(Object.keys(counts) as BackupTableName[]).map((name) => (
          <tr key={name} data-table={name}>
            <th scope="row">{tableName(name, t)}</th>
            <td>{format.number(counts[name])}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

type RestoreState =
  | { status: 'idle' }
  | { status: 'reading' }
  | { status: 'invalid'; errors: string[] }
  | { status: 'valid'; backup: Backup; leftOut: LeftOut; fromVersion: number }
  | { status: 'restoring'; backup: Backup }
  | { status: 'restored'; backup: Backup; leftOut: LeftOut; settings: boolean }
  | { status: 'failed'; message: string };

/** Backup (everything as JSON with its schema version) and restore (whole file validated first, then replaced in one transaction). */
export function BackupSection(_props: { route: Extract<Route, { page: 'backup' }> }) {
  const { t } = useI18n();
  const format = useFormat();
  const [saving, setSaving] = useState('');
  const [restore, setRestore] = useState<RestoreState>({ status: 'idle' });
  const [withSettings, setWithSettings] = useState(true);

  const download = async () => {
    setSaving(t('wiBackupSaving'));
    try {
      const backup = await backupDatabase(db, Date.now(), await readSettingsForBackup());
      downloadFile(JSON.stringify(backup), `kizuna-backup-${backup.exportedAt.slice(0, 10)}.json`, 'application/json');
      setSaving(format.count('wiBackupSaved', backupCounts(backup).contacts));
    } catch (e) {
      setSaving(e instanceof Error ? e.message : String(e));
    }
  };
  const pick = async (file: File | undefined) => {
    if (!file) return setRestore({ status: 'idle' });
    setRestore({ status: 'reading' });
    const text = await file.text();
    let fromVersion = 0;
    try {
      fromVersion = Number((JSON.parse(text) as { schemaVersion?: unknown }).schemaVersion) || 0;
    } catch {
      // readBackupText reports the JSON error.
    }
    const check = readBackupText(text);
    setRestore(check.ok ? { status: 'valid', backup: check.backup, leftOut: check.leftOut, fromVersion } : { status: 'invalid', errors: check.errors });
  };
  const confirm = async (backup: Backup, leftOut: LeftOut) => {
    setRestore({ status: 'restoring', backup });
    try {
      await restoreBackup(db, backup);
      // Stored churn scores are not in a backup (lib/db/schema.ts DERIVED_STORES): those of the replaced contacts
      // go, and the background scores the restored ones.
      await contactStoreOf(db).scores.clear();
      void send('kizuna:risk-recompute').catch(() => undefined);
      // The settings only once the data is in: a refused or failed restore changes neither.
      const settings = withSettings && backup.settings !== undefined;
      if (settings) await restoreSettings(backup.settings!);
      setRestore({ status: 'restored', backup, leftOut, settings });
    } catch (e) {
      setRestore({ status: 'failed', message: e instanceof RestoreBlockedError ? t('wiRestoreBlocked', e.campaigns.join(', ')) : e instanceof Error ? e.message : String(e) });
    }
  };

  return (
    <div className="wi-backup">
      <PageHeader title={t('wiBackupTitle')} />
      <section aria-labelledby="wi-backup-h">
        <h3 id="wi-backup-h">{t('wiBackupDownloadTitle')}</h3>
        <p className="muted">{t('wiBackupDownloadHelp')}</p>
        <button type="button" onClick={download}>
          {t('wiBackupDownload')}
        </button>
        <p role="status">{saving}</p>
      </section>
      <section aria-labelledby="wi-restore-h">
        <h3 id="wi-restore-h">{t('wiRestoreTitle')}</h3>
        <p className="muted">{t('wiRestoreHelp')}</p>
        <FilePicker label={t('wiBackupFile')} accept=".json,application/json" onFile={(file) => void pick(file)} disabled={restore.status === 'restoring'} />
        {restore.status === 'reading' ? <p role="status">{t('wiBackupChecking')}</p> : null}
        {restore.status === 'invalid' ? (
          <div role="alert" className="wi-error" data-testid="wi-restore-errors">
            <p>
              <strong>{t('wiRestoreInvalid')}</strong>
            </p>
            <ul>
              {restore.errors.map((e, i) => {
                const problem = explainBackupError(e);
                return (
                  <li key={i} data-kind={problem.kind}>
                    {backupProblemText(problem, t, format.number)}
                    {problem.kind === 'bad-field' ? (
                      <>
                        {' '}
                        <small className="muted">{problem.detail}</small>
                      </>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          </div>
        ) : null}
        {restore.status === 'valid' ? (
          <>
            {restore.fromVersion < restore.backup.schemaVersion ? <p>{t('wiRestoreMigrated', [String(restore.fromVersion), String(restore.backup.schemaVersion)])}</p> : null}
            <Counts backup={restore.backup} />
            <RestoreLeftOut leftOut={restore.leftOut} />
            {restore.backup.settings ? (
              <Checkbox block label={t('wiRestoreSettings')} checked={withSettings} onChange={(e) => setWithSettings(e.target.checked)} />
            ) : (
              <p className="muted" data-testid="wi-restore-no-settings">
                {t('wiRestoreNoSettings')}
              </p>
            )}
            <p className="wi-warn">{t('wiRestoreWarning')}</p>
            <button type="button" onClick={() => void confirm(restore.backup, restore.leftOut)}>
              {t('wiRestoreConfirm')}
            </button>
          </>
        ) : null}
        {restore.status === 'restoring' ? <p role="status">{t('wiRestoring')}</p> : null}
        {restore.status === 'restored' ? (
          <>
            <p role="status" data-testid="wi-restored">
              {format.count('wiRestored', restore.backup.tables.contacts.length)}
              {restore.settings ? ` ${t('wiRestoredSettings')}` : ''}
            </p>
            <RestoreLeftOut leftOut={restore.leftOut} />
          </>
        ) : null}
        {restore.status === 'failed' ? (
          <p role="alert" className="wi-error">
            {t('wiRestoreFailed', restore.message)}
          </p>
        ) : null}
      </section>
    </div>
  );
}
