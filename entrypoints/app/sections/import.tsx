import { useEffect, useEffectEvent, useMemo, useState } from 'react';
import { useFormat, useI18n } from '@/components/i18n';
import { loadRiskSettings } from '@/lib/churn/settings';
import { guessDateOrder, type DateOrder } from '@/lib/csv/dates';
import { decodeCsvBytes, type CsvEncoding } from '@/lib/csv/decode';
import { CsvError } from '@/lib/csv/errors';
import { previewCsv, type CsvPreview } from '@/lib/csv/import';
import { signalKeys as resolveSignalKeys, type CsvMapping, type CustomFieldDef, type SignalField } from '@/lib/csv/mapping';
import type { ImportPolicy } from '@/lib/csv/plan-import';
import type { Delimiter } from '@/lib/csv/sniff';
import { stageKey } from '@/lib/csv/stage-labels';
import type { StageValue } from '@/lib/csv/validate';
import { loadSettings, updateSettings } from '@/lib/settings';
import { FileError, type FileProblem } from '../import/FileError';
import { InvalidRows } from '../import/InvalidRows';
import { MappingTable } from '../import/MappingTable';
import { PreviewRows } from '../import/PreviewRows';
import { StageTable, type SeenStage } from '../import/StageTable';
import { StageWarnings } from '../import/StageWarnings';
import { useImportJob } from '../import/use-import-job';
import { href, type Route } from '../router';
import '../import/import.css';
import { ReadOnlyNote } from '@/components/ReadOnlyGate';
import { PageHeader } from '@/components/ui/PageHeader';
import { FilePicker } from '@/components/ui/FilePicker';
import { useTeamReadOnly } from '../../sidebar/use-team';

const ENCODINGS: CsvEncoding[] = ['utf-8', 'shift_jis', 'utf-16le', 'utf-16be'];
const DELIMITERS: { value: Delimiter; key: string }[] = [
  { value: ',', key: 'wiComma' },
  { value: ';', key: 'wiSemicolon' },
  { value: '\t', key: 'wiTab' },
];
const POLICIES: ImportPolicy[] = ['fill-empty', 'overwrite', 'skip'];

/** The stage column's values: those of the preview rows, then those only the dry run found, with the dry run's counts. */
function seenStages(preview: CsvPreview, column: number, checked: StageValue[]): SeenStage[] {
  const seen = new Map<string, SeenStage>();
  if (column >= 0) {
    for (const r of preview.records) {
      const value = (r.cells[column] ?? '').trim();
      const key = stageKey(value);
      if (value && !seen.has(key)) seen.set(key, { key, value });
    }
  }
  for (const v of checked) seen.set(v.key, { key: v.key, value: seen.get(v.key)?.value ?? v.value, count: v.count });
  return [...seen.values()];
}

/** CSV import: pick a file → preview and mapping → policy → dry run → import, with progress and Cancel (the work runs in a Web Worker). */
export function ImportSection(_props: { route: Extract<Route, { page: 'import' }> }) {
  const { t } = useI18n();
  const format = useFormat();
  const [file, setFile] = useState<File>();
  const [forcedEncoding, setForcedEncoding] = useState<CsvEncoding | ''>('');
  const [forcedDelimiter, setForcedDelimiter] = useState<Delimiter | ''>('');
  const [preview, setPreview] = useState<{ encoding: CsvEncoding; bom: boolean; csv: CsvPreview }>();
  const [mapping, setMapping] = useState<CsvMapping>();
  const [policy, setPolicy] = useState<ImportPolicy>('fill-empty');
  const [problem, setProblem] = useState<FileProblem>();
  const [customFields, setCustomFields] = useState<CustomFieldDef[]>([]);
  const [riskFields, setRiskFields] = useState<Partial<Record<SignalField, string>>>({});
  const [checkedStages, setCheckedStages] = useState<StageValue[]>([]);
  const { state, send, reset } = useImportJob();
  const readOnly = useTeamReadOnly();
  const signalKeys = useMemo(() => resolveSignalKeys(riskFields, customFields), [riskFields, customFields]);

  useEffect(() => {
    void loadSettings().then((s) => setCustomFields(s.customFields));
    void loadRiskSettings().then((r) => setRiskFields(r.mapping));
  }, []);

  // customFields and signalKeys only seed the guess: read at the pick, a settings load after it must not reset the user's mapping.
  const previewOptions = useEffectEvent(() => ({ rows: 20, delimiter: forcedDelimiter || undefined, customFields, signalKeys }));
  useEffect(() => {
    setPreview(undefined);
    setMapping(undefined);
    setProblem(undefined);
    setCheckedStages([]);
    reset();
    if (!file) return;
    let live = true;
    const options = previewOptions();
    (async () => {
      try {
        const decoded = decodeCsvBytes(new Uint8Array(await file.arrayBuffer()), forcedEncoding || undefined);
        const csv = await previewCsv(decoded.text, options);
        if (!live) return;
        setPreview({ encoding: decoded.encoding, bom: decoded.bom, csv });
        setMapping(csv.mapping);
      } catch (error) {
        if (live) setProblem(error instanceof CsvError ? { code: error.code, row: error.row, line: error.line, message: error.detail } : { message: String(error) });
      }
    })();
    return () => {
      live = false;
    };
  }, [file, forcedEncoding, forcedDelimiter, reset]);

  useEffect(() => {
    // Kept past the dry run, so the stage table still lists every value while the user changes one.
    if (state.status === 'checked') setCheckedStages(state.dryRun.stageValues);
  }, [state]);

  // New custom fields become fields in settings once their values are stored: once per finished import, with the
  // mapping and fields of that moment.
  const addNewFields = useEffectEvent(() => {
    if (!mapping) return;
    const fresh = mapping.columns.flatMap((c) => (c.kind === 'custom' && !customFields.some((f) => f.key === c.key) ? [{ key: c.key, label: c.label.slice(0, 80) || c.key }] : []));
    if (fresh.length > 0) void updateSettings({ customFields: [...customFields, ...fresh].slice(0, 100) }).then((s) => setCustomFields(s.customFields));
  });
  useEffect(() => {
    if (state.status === 'done') addNewFields();
  }, [state.status]);

  const changeMapping = (next: CsvMapping) => {
    setMapping(next);
    reset();
  };
  const changePolicy = (next: ImportPolicy) => {
    setPolicy(next);
    reset();
  };
  const hasEmail = mapping?.columns.some((c) => c.kind === 'field' && c.field === 'email') ?? false;
  const hasNameParts = mapping?.columns.some((c) => c.kind === 'field' && (c.field === 'firstName' || c.field === 'lastName'));
  const stageColumn = mapping?.columns.findIndex((c) => c.kind === 'field' && c.field === 'stage') ?? -1;
  const stages = preview && stageColumn >= 0 ? seenStages(preview.csv, stageColumn, checkedStages) : [];
  const yearLastDates = preview ? guessDateOrder(preview.csv.records.flatMap((r) => r.cells)) !== undefined : false;
  const running = state.status === 'running';
  const check = () => file && mapping && send({ type: 'check', file, encoding: forcedEncoding || preview?.encoding, delimiter: forcedDelimiter || preview?.csv.delimiter, mapping, policy });

  return (
    <div className="wi-import">
      <PageHeader title={t('wiImportTitle')} />
      {readOnly && <ReadOnlyNote reason={readOnly} />}
      <fieldset disabled={running || !!readOnly}>
        <legend>{t('wiFileLegend')}</legend>
        <FilePicker label={t('wiCsvFile')} accept=".csv,.tsv,.txt,text/csv" onFile={setFile} />
        <label>
          {t('wiEncoding')}
          <select value={forcedEncoding} onChange={(e) => setForcedEncoding(e.target.value as CsvEncoding | '')}>
            <option value="">{preview && !forcedEncoding ? t('wiAutoDetected', preview.encoding + (preview.bom ? ' BOM' : '')) : t('wiAuto')}</option>
            {ENCODINGS.map((e) => (
              <option key={e} value={e}>
                {e}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('wiSeparator')}
          <select value={forcedDelimiter} onChange={(e) => setForcedDelimiter(e.target.value as Delimiter | '')}>
            <option value="">{t('wiAuto')}</option>
            {DELIMITERS.map((d) => (
              <option key={d.key} value={d.value}>
                {t(d.key)}
              </option>
            ))}
          </select>
        </label>
      </fieldset>
      {problem ? <FileError problem={problem} /> : null}
      {preview && mapping ? (
        <>
          <p className="muted" data-testid="wi-detected">
            {t('wiDetected', [preview.encoding + (preview.bom ? ' (BOM)' : ''), String(preview.csv.header.length)])}
          </p>
          <PreviewRows header={preview.csv.header} records={preview.csv.records} />
          <MappingTable
            header={preview.csv.header}
            records={preview.csv.records}
            mapping={mapping}
            customFields={customFields}
            signalKeys={signalKeys}
            onChange={(next) => {
              if (next.columns.findIndex((c) => c.kind === 'field' && c.field === 'stage') !== stageColumn) setCheckedStages([]);
              changeMapping(next);
            }}
          />
          <StageTable values={stages} chosen={mapping.stages} onChange={(chosen) => changeMapping({ ...mapping, stages: chosen })} />
          {yearLastDates ? (
            <label>
              {t('wiDateOrder')}
              <select value={mapping.dateOrder} onChange={(e) => changeMapping({ ...mapping, dateOrder: e.target.value as DateOrder })}>
                <option value="month-first">{t('wiMonthFirst')}</option>
                <option value="day-first">{t('wiDayFirst')}</option>
              </select>
            </label>
          ) : null}
          {hasNameParts ? (
            <label>
              {t('wiNameOrder')}
              <select value={mapping.nameOrder} onChange={(e) => changeMapping({ ...mapping, nameOrder: e.target.value as CsvMapping['nameOrder'] })}>
                <option value="given-family">{t('wiGivenFamily')}</option>
                <option value="family-given">{t('wiFamilyGiven')}</option>
              </select>
            </label>
          ) : null}
          {!hasEmail ? <FileError problem={{ code: 'no-email-column', message: t('wiMapEmailHint') }} /> : null}
          <fieldset disabled={running}>
            <legend>{t('wiPolicyLegend')}</legend>
            {POLICIES.map((p) => (
              <label key={p}>
                <input type="radio" name="wi-policy" value={p} checked={policy === p} onChange={() => changePolicy(p)} />
                {t(p === 'fill-empty' ? 'wiPolicy_fillEmpty' : `wiPolicy_${p}`)}
              </label>
            ))}
          </fieldset>
          <div className="wi-actions">
            <button type="button" onClick={check} disabled={running || !hasEmail || state.status === 'done'}>
              {t('wiCheck')}
            </button>
            {state.status === 'checked' ? (
              <button type="button" className="primary" onClick={() => send({ type: 'apply', policy })} disabled={state.dryRun.counts.new + state.dryRun.counts.updated === 0}>
                {format.count('wiImportNow', state.dryRun.counts.new + state.dryRun.counts.updated)}
              </button>
            ) : null}
          </div>
        </>
      ) : null}
      <JobView state={state} onCancel={() => send({ type: 'cancel' })} />
    </div>
  );
}

function Counts({ counts }: { counts: { new: number; updated: number; unchanged: number; invalid: number } }) {
  const { t } = useI18n();
  const format = useFormat();
  return (
    <ul className="wi-counts" data-testid="wi-counts">
      {(['new', 'updated', 'unchanged', 'invalid'] as const).map((k) => (
        <li key={k} data-testid={`wi-count-${k}`}>
          <strong>{format.number(counts[k])}</strong>
          {t(`wiCount_${k}`)}
        </li>
      ))}
    </ul>
  );
}

function JobView({ state, onCancel }: { state: ReturnType<typeof useImportJob>['state']; onCancel: () => void }) {
  const { t } = useI18n();
  const format = useFormat();
  switch (state.status) {
    case 'running': {
      const label = t(`wiPhase_${state.phase}`);
      return (
        <div className="wi-progress" role="status">
          <span>{label}</span>
          <progress aria-label={label} value={state.total ? state.done : undefined} max={state.total ?? undefined} />
          {state.total && state.phase === 'write' ? <span>{t('wiProgressRows', [format.number(state.done), format.number(state.total)])}</span> : null}
          <button type="button" onClick={onCancel}>
            {t('wiCancel')}
          </button>
        </div>
      );
    }
    case 'checked':
      return (
        <section aria-labelledby="wi-dry-title">
          <h3 id="wi-dry-title">{format.count('wiDryRunTitle', state.dryRun.total)}</h3>
          <Counts counts={state.dryRun.counts} />
          {state.dryRun.counts.skipped > 0 ? <p className="muted">{format.count('wiSkippedNote', state.dryRun.counts.skipped)}</p> : null}
          {state.dryRun.warningRowCount > 0 ? <p data-testid="wi-warning-note">{format.count('wiWarningsNote', state.dryRun.warningRowCount)}</p> : null}
          <StageWarnings values={state.dryRun.stageValues} />
          <InvalidRows errors={state.dryRun.invalid} />
          <InvalidRows errors={state.dryRun.warnings} kind="warning" />
        </section>
      );
    case 'no-rows':
      return <p role="alert">{t('wiNoRows')}</p>;
    case 'cancelled':
      return <p role="status">{t(state.kind === 'apply' ? 'wiCancelledApply' : 'wiCancelledCheck')}</p>;
    case 'error':
      return <FileError problem={state} />;
    case 'done':
      return (
        <section aria-labelledby="wi-done-title" data-testid="wi-summary">
          <h3 id="wi-done-title">{t('wiDoneTitle')}</h3>
          <Counts counts={state.result.counts} />
          <p>{t('wiDoneDetails', [String(state.result.createdCompanies), String(state.result.createdTags), String(state.result.notes), String(state.result.stageChanges)])}</p>
          <a href={href({ page: 'contacts' })}>{t('wiOpenContacts')}</a>
        </section>
      );
    default:
      return null;
  }
}
