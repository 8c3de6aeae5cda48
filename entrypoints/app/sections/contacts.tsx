import { formatNumber, plural } from '@/lib/format';
import { lazy, Suspense, useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { Form } from '@/components/enter-key';
import { useI18n } from '@/components/i18n';
import { NotCalibrated } from '@/components/RiskWords';
import { db } from '@/lib/db';
import type { ColumnKey } from '@/lib/segments/columns';
import { compileFilter } from '@/lib/segments/compile';
import type { Condition } from '@/lib/segments/filter';
import { sortContacts, type SortDirection } from '@/lib/segments/sort';
import { navigate, type Route } from '../router';
import { firstSegments, forgetFirstSegments } from '../boot';
import { ColumnChooser } from '../contacts/ColumnChooser';
import { saveColumns, savedColumns } from '../contacts/cells';
import { columnLabel, customKeys } from '../contacts/columns';
import { ContactsGrid } from '../contacts/ContactsGrid';
import { conditionError, FilterBuilder } from '../contacts/FilterBuilder';
import { SegmentList } from '../contacts/SegmentList';
import { segmentWrites } from '../contacts/segment-writes';
import { FirstRun } from './first-run';
import { useBandThresholds, useCustomFields, useRevenueKey, useWorkspace, workspaceStore } from '../contacts/use-workspace';
import { useFirstRowsAnswer } from '../contacts/use-first-rows-answer';
import './contacts.css';
import { PageHeader } from '@/components/ui/PageHeader';
import { ReadOnlyGate, ReadOnlyNote } from '@/components/ReadOnlyGate';
import { useTeamReadOnly } from '../../sidebar/use-team';

// Only in a development build (WXT_DEV_HOOKS=1, see docs/dev-hooks.md): the production build drops this import.
if (import.meta.env.WXT_DEV_HOOKS === '1') void import('../contacts/bench-hook');

// Not needed for the first rows (issue 16): the bulk bar (tasks, bulk writes), the CSV export, the campaign hand-off
// and the segment writes (their zod schema and the team outbox) load beside them or on use, so the page's first chunk
// holds what paints the table.
const BulkBar = lazy(() => import('../contacts/BulkBar').then((m) => ({ default: m.BulkBar })));

const MINUTE = 60_000;

const usable = (c: Condition) => conditionError(c) === null && !(c.type === 'custom' && c.key === '');

const restMayStart = () => workspaceStore.restMayStart();

/** The contacts list: search, filters, saved segments, sorting, columns, selection, bulk actions and export. */
export function ContactsSection({ route }: { route: Extract<Route, { page: 'contacts' }> }) {
  const { t, locale } = useI18n();
  // The first page of the book is shown while the rest is read: bulk actions, exports and segment counts wait for it.
  const snap = useWorkspace(true);
  // The rest of the book is read once the grid has painted the first rows (restMayStart), or when the page goes.
  useEffect(() => restMayStart, []);
  // The bulk bar's code (with the task and tag writers) loads after the first rows are painted, not in their way.
  const [painted, setPainted] = useState(false);
  const onPainted = useCallback(() => {
    restMayStart();
    setPainted(true);
  }, []);
  // A team join waits, after its first write, for this list to show those rows before it writes more (issue 17).
  useFirstRowsAnswer((snap?.contacts.length ?? 0) > 0);
  const bands = useBandThresholds();
  const revenueKey = useRevenueKey();
  const fields = useCustomFields();
  // Until the live query answers (Dexie has loaded and opened), the segments read with the first page (boot.ts).
  const liveSegments = useLiveQuery(() => db.segments.orderBy('name').toArray(), []);
  useEffect(() => {
    if (liveSegments) forgetFirstSegments();
  }, [liveSegments]);
  const segments = liveSegments ?? firstSegments();
  const segment = route.segmentId !== undefined ? segments?.find((s) => s.id === route.segmentId) : undefined;
  const [conditions, setConditions] = useState<Condition[]>([]);
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<{ column: ColumnKey; direction: SortDirection } | null>(null);
  const [columns, setColumnsState] = useState<ColumnKey[]>(savedColumns);
  const [selected, setSelected] = useState<Set<number>>(() => new Set());
  const [segName, setSegName] = useState('');
  // A viewer or a refused member: bulk edits and the team's saved segments are blocked here (the stores refuse too).
  const readOnly = useTeamReadOnly();
  const [segError, setSegError] = useState('');
  // Without a selection the bulk actions stay folded behind one button that names the whole filter.
  const [wholeFilter, setWholeFilter] = useState(false);
  // After "Save as segment" the page becomes the new segment's: focus its title rather than losing it to the page.
  const focusTitle = useRef(false);
  const now = Math.floor(Date.now() / MINUTE) * MINUTE;

  useEffect(() => {
    setConditions(segment ? segment.filter.conditions : []);
    setSelected(new Set());
    setWholeFilter(false);
  }, [route.segmentId, segment?.updatedAt]);

  useEffect(() => {
    if (!focusTitle.current || !segment) return;
    focusTitle.current = false;
    document.getElementById('contacts-title')?.focus();
  }, [segment?.id]);

  const setColumns = (next: ColumnKey[]) => {
    setColumnsState(next);
    saveColumns(next);
  };

  const deferredQuery = useDeferredValue(query);
  const validJson = JSON.stringify(conditions.filter(usable));
  const predicate = useMemo(() => compileFilter({ conditions: [...JSON.parse(validJson), { type: 'text', query: deferredQuery }] }, now, { bands }), [validJson, deferredQuery, now, bands]);
  const filtered = useMemo(() => (snap ? snap.contacts.filter(predicate) : []), [snap, predicate]);
  const tagNames = useMemo(() => new Map([...(snap?.tags ?? [])].map(([id, tag]) => [id, tag.name])), [snap?.tags]);
  const rows = useMemo(() => (sort ? sortContacts(filtered, sort.column, sort.direction, { locale, tagNames }) : filtered), [filtered, sort, locale, tagNames]);

  const deferredSnap = useDeferredValue(snap);
  const counts = useMemo(() => {
    if (!deferredSnap?.complete || !segments) return undefined;
    return new Map(segments.map((s) => [s.id, deferredSnap.contacts.filter(compileFilter(s.filter, now, { bands })).length]));
  }, [deferredSnap, segments, now, bands]);

  // Custom keys and owners found on contacts: recomputed from the deferred snapshot, off the typing path.
  const keys = useMemo(() => customKeys(deferredSnap?.contacts ?? [], fields).map((key) => ({ key, label: fields.find((f) => f.key === key)?.label ?? key })), [deferredSnap, fields]);
  const owners = useMemo(() => [...new Set((deferredSnap?.contacts ?? []).map((c) => c.owner).filter(Boolean))].sort(), [deferredSnap]);
  const tags = useMemo(() => [...(snap?.tags.values() ?? [])].sort((a, b) => a.name.localeCompare(b.name, locale)), [snap?.tags, locale]);
  const companies = useMemo(() => [...(snap?.companies.values() ?? [])].sort((a, b) => a.name.localeCompare(b.name, locale)), [snap?.companies, locale]);

  if (!snap || !segments)
    return (
      <p className="muted" aria-busy="true">
        {t('loading')}
      </p>
    );
  // A segment just saved is not in the live list for a moment: wait for it rather than call it missing.
  if (route.segmentId !== undefined && !segment)
    return focusTitle.current ? (
      <p className="muted" aria-busy="true">
        {t('loading')}
      </p>
    ) : (
      <p role="alert">{t('wsSegmentMissing')}</p>
    );
  if (snap.complete && snap.contacts.length === 0 && route.segmentId === undefined) return <FirstRun page="contacts" />;

  const label = (key: ColumnKey) => columnLabel(key, t, fields);
  // Only selected rows still in the result count: a filter change never acts on rows out of view.
  const selectedIds = selected.size ? rows.filter((c) => selected.has(c.id)).map((c) => c.id) : [];
  const targetIds = !snap.complete ? [] : selectedIds.length ? selectedIds : rows.map((c) => c.id);
  const n = (x: number) => formatNumber(x, locale);
  const dirty = segment !== undefined && JSON.stringify(segment.filter.conditions) !== JSON.stringify(conditions);
  const invalid = conditions.some((c) => !usable(c));

  const saveAsNew = async () => {
    setSegError('');
    const { createSegment, segmentErrorText } = await segmentWrites();
    try {
      const saved = await createSegment(db, segName, { conditions });
      setSegName('');
      focusTitle.current = true;
      navigate({ page: 'contacts', segmentId: saved.id });
    } catch (error) {
      setSegError(segmentErrorText(error, t));
    }
  };

  const exportRows = async () => {
    const chosen = selectedIds.length ? rows.filter((c) => selected.has(c.id)) : rows;
    const { downloadContactsCsv, exportFileName } = await import('../contacts/download');
    downloadContactsCsv(
      chosen,
      columns.map((key) => ({ key, header: label(key) })),
      snap.tags,
      exportFileName(segment?.name ?? t('navContacts')),
    );
  };

  return (
    <div className="ws-layout">
      <PageHeader
        titleId="contacts-title"
        title={segment ? segment.name : t('navContacts')}
        subtitle={
          <span className="ws-count-line" role="status" data-testid="result-count" data-count={rows.length} data-complete={snap.complete} aria-busy={!snap.complete}>
            {snap.complete ? plural(t, locale, 'wsCountOf', snap.contacts.length, [n(rows.length), n(snap.contacts.length)]) : t('wsLoadingRest', n(rows.length))}
          </span>
        }
      />
      {readOnly && <ReadOnlyNote reason={readOnly} />}
      <div className="ws-page">
        <SegmentList segments={segments} counts={counts} currentId={segment?.id} readOnly={!!readOnly} />
        <div className="ws-main">
          <input type="search" className="ws-search" aria-label={t('wsSearch')} placeholder={t('wsSearchPlaceholder')} value={query} maxLength={500} onChange={(e) => setQuery(e.target.value)} />
          <FilterBuilder conditions={conditions} onChange={setConditions} tags={tags} companies={companies} owners={owners} customKeys={keys} />
          <div className="ws-toolbar">
            <ColumnChooser columns={columns} onChange={setColumns} customKeys={keys} label={label} />
            <button type="button" onClick={() => void exportRows()} disabled={targetIds.length === 0}>
              {t('wsExportN', n(selectedIds.length || rows.length))}
            </button>
            <button type="button" onClick={() => void import('../campaigns/api').then((m) => m.startCampaignWithSelection(targetIds))} disabled={targetIds.length === 0}>
              {t('wsCampaignN', n(selectedIds.length || rows.length))}
            </button>
            <ReadOnlyGate reason={readOnly}>
              {segment && (
                <button
                  type="button"
                  disabled={!dirty || invalid}
                  onClick={() =>
                    void segmentWrites().then(({ updateSegment, segmentErrorText }) =>
                      updateSegment(db, segment.id, { filter: { conditions } }).catch((e: unknown) => setSegError(segmentErrorText(e, t))),
                    )
                  }
                >
                  {t('wsSaveChanges')}
                </button>
              )}
              <Form
                className="ws-save"
                onSubmit={(e) => {
                  e.preventDefault();
                  void saveAsNew();
                }}
              >
                <input aria-label={t('wsSegmentName')} placeholder={t('wsSegmentName')} value={segName} maxLength={100} onChange={(e) => setSegName(e.target.value)} />
                <button type="submit" disabled={invalid}>
                  {t('wsSaveAsSegment')}
                </button>
              </Form>
            </ReadOnlyGate>
            {segError && (
              <p className="ws-error" role="alert">
                {segError}
              </p>
            )}
          </div>
          <ReadOnlyGate reason={readOnly}>
            {painted && (
              <Suspense fallback={null}>
                <BulkBar
                  ids={targetIds}
                  open={selectedIds.length > 0 || wholeFilter}
                  targetLabel={selectedIds.length ? t('wsSelectedN', n(selectedIds.length)) : t('wsAllInFilter', n(rows.length))}
                  tags={tags}
                  owners={owners}
                  extra={
                    selectedIds.length > 0 ? (
                      <button type="button" className="ws-clear" onClick={() => setSelected(new Set())}>
                        {t('wsClearSelection')}
                      </button>
                    ) : (
                      <button type="button" onClick={() => setWholeFilter(false)}>
                        {t('wsBulkClose')}
                      </button>
                    )
                  }
                  opener={
                    snap.complete && rows.length > 0 ? (
                      <button type="button" className="ws-bulk-open" aria-expanded="false" onClick={() => setWholeFilter(true)}>
                        {t('wsBulkAllN', n(rows.length))}
                      </button>
                    ) : null
                  }
                />
              </Suspense>
            )}
          </ReadOnlyGate>
          {columns.includes('risk') && rows.some((r) => r.score && r.score.probability === undefined) ? (
            <p className="muted ws-risk-note">
              {t('wsRiskPointsNote')} <NotCalibrated />
            </p>
          ) : null}
          <ContactsGrid
            rows={rows}
            columns={columns.map((key) => ({ key, label: label(key) }))}
            sort={sort}
            onSort={(column) => setSort(sort?.column === column ? { column, direction: sort.direction === 'asc' ? 'desc' : 'asc' } : { column, direction: 'asc' })}
            selected={selected}
            onToggle={(id) => {
              const next = new Set(selected);
              if (!next.delete(id)) next.add(id);
              setSelected(next);
            }}
            onToggleAll={() => setSelected(rows.length && rows.every((r) => selected.has(r.id)) ? new Set() : new Set(rows.map((r) => r.id)))}
            cell={{ tags: snap.tags, bands, revenueKey }}
            onPainted={onPainted}
          />
        </div>
      </div>
    </div>
  );
}
