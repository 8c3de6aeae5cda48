import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { formatNumber } from '@/lib/format';
import { useVirtualizer } from '@tanstack/react-virtual';
import { isEnter } from '@/components/enter-key';
import { useI18n } from '@/components/i18n';
import type { ColumnKey, SegmentContact } from '@/lib/segments/columns';
import type { SortDirection } from '@/lib/segments/sort';
import { navigate } from '../router';
import { userTimeZone } from '@/lib/churn/working-days';
import { gridTemplate, ROW_HEIGHT } from './cells';
import { renderCell, type CellContext } from './columns';
import { EmptyState } from '@/components/ui/EmptyState';
import { Checkbox } from '@/components/ui/Checkbox';

interface Props {
  rows: SegmentContact[];
  columns: { key: ColumnKey; label: string }[];
  sort: { column: ColumnKey; direction: SortDirection } | null;
  onSort(column: ColumnKey): void;
  selected: ReadonlySet<number>;
  onToggle(id: number): void;
  /** Selects or clears every row of the current result. */
  onToggleAll(): void;
  cell: Omit<CellContext, 't' | 'locale' | 'currency' | 'now' | 'timeZone'>;
  /** Called once the first rows (or the empty result) have been painted: the frame after they are in the DOM. */
  onPainted?: () => void;
}

/**
 * The contacts as an ARIA grid, virtualised (only the rows in view are in the DOM). One row is in
 * the tab order; arrows, Page Up/Down, Home and End move between rows, Space selects, Enter opens.
 */
export function ContactsGrid({ rows, columns, sort, onSort, selected, onToggle, onToggleAll, cell, onPainted }: Props) {
  const { t, locale, currency } = useI18n();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  // The header is one tab stop too: arrows move between its controls (select all, then each sort button).
  const [headActive, setHeadActive] = useState(0);
  const focusWanted = useRef(false);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const ctx: CellContext = { ...cell, t, locale, currency, now: Date.now(), timeZone: userTimeZone() };
  const template = gridTemplate(columns);
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const activeIndex = Math.min(active, Math.max(0, rows.length - 1));
  // The virtualiser puts rows in only once it knows the scroll box's size, a commit or more after the first.
  const painted = rows.length === 0 || virtualizer.getVirtualItems().length > 0;
  useEffect(() => {
    if (!painted || !onPainted) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => (timer = setTimeout(onPainted, 0)));
    return () => (cancelAnimationFrame(frame), clearTimeout(timer));
  }, [painted, onPainted]);

  useEffect(() => {
    if (!focusWanted.current) return;
    focusWanted.current = false;
    scrollRef.current?.querySelector<HTMLElement>(`[data-index="${activeIndex}"]`)?.focus();
  });

  const move = (index: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, index));
    setActive(next);
    focusWanted.current = true;
    virtualizer.scrollToIndex(next);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>, index: number) => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(index + 1),
      ArrowUp: () => move(index - 1),
      PageDown: () => move(index + page),
      PageUp: () => move(index - page),
      Home: () => move(0),
      End: () => move(rows.length - 1),
      ' ': () => onToggle(rows[index].id),
    };
    const run = isEnter(e) ? () => navigate({ page: 'contact', id: rows[index].id }) : keys[e.key];
    if (run && e.target === e.currentTarget) {
      e.preventDefault();
      run();
    }
  };

  const onHeadKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const controls = [...e.currentTarget.querySelectorAll<HTMLElement>('input, button')];
    const at = controls.indexOf(e.target as HTMLElement);
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : e.key === 'Home' ? -at : e.key === 'End' ? controls.length - 1 - at : 0;
    if (at < 0 || step === 0) return;
    e.preventDefault();
    const next = Math.max(0, Math.min(controls.length - 1, at + step));
    setHeadActive(next);
    controls[next].focus();
  };

  return (
    <div className="ws-grid" role="grid" aria-label={t('wsGridLabel')} aria-rowcount={rows.length + 1} aria-colcount={columns.length + 1} aria-multiselectable="true">
      <div role="rowgroup">
        <div className="ws-row ws-head" role="row" aria-rowindex={1} style={{ gridTemplateColumns: template }} onKeyDown={onHeadKeyDown}>
          <div role="columnheader">
            <Checkbox
              hideLabel
              label={t('wsSelectAllN', formatNumber(rows.length, locale))}
              checked={allSelected}
              onChange={onToggleAll}
              disabled={rows.length === 0}
              tabIndex={headActive === 0 ? 0 : -1}
              onFocus={() => setHeadActive(0)}
            />
          </div>
          {columns.map((col, i) => {
            const sorted = sort?.column === col.key ? sort.direction : undefined;
            return (
              <div key={col.key} role="columnheader" aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}>
                <button type="button" onClick={() => onSort(col.key)} title={t('wsSortBy', col.label)} tabIndex={headActive === i + 1 ? 0 : -1} onFocus={() => setHeadActive(i + 1)}>
                  {col.label}
                  <span aria-hidden="true">{sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}</span>
                </button>
              </div>
            );
          })}
        </div>
      </div>
      <div ref={scrollRef} className="ws-scroll" role="rowgroup" id="contacts-rows">
        {rows.length === 0 && (
          <div className="ws-empty">
            <EmptyState title={t('wsNoMatches')}>{t('frNoMatchesHint')}</EmptyState>
          </div>
        )}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const c = rows[item.index];
            const isSelected = selected.has(c.id);
            return (
              <div
                key={c.id}
                role="row"
                className="ws-row"
                data-index={item.index}
                data-id={c.id}
                aria-rowindex={item.index + 2}
                aria-selected={isSelected}
                tabIndex={item.index === activeIndex ? 0 : -1}
                style={{ gridTemplateColumns: template, transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                onClick={() => navigate({ page: 'contact', id: c.id })}
                onFocus={() => setActive(item.index)}
                onKeyDown={(e) => onKeyDown(e, item.index)}
              >
                <div role="gridcell" onClick={(e) => e.stopPropagation()}>
                  <Checkbox hideLabel label={t('wsSelectContact', c.name || c.email)} tabIndex={-1} checked={isSelected} onChange={() => onToggle(c.id)} />
                </div>
                {columns.map((col) => (
                  <div key={col.key} role="gridcell" data-col={col.key}>
                    {renderCell(c, col.key, ctx)}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
