import { useRef } from 'react';
import Papa from 'papaparse';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useFormat, useI18n } from '@/components/i18n';
import type { CsvRowError } from '@/lib/csv/errors';
import { FORMULA_START } from '@/lib/csv/export';
import { downloadFile } from '../download';
import { translateReason } from './reasons';

const ROW_PX = 28;
/** Tallest the list grows before it scrolls. */
const MAX_PX = 240;

const KEYS = {
  invalid: { title: 'wiInvalidTitle', scroll: 'wiInvalidScroll', download: 'wiDownloadInvalid', file: 'kizuna-import-invalid-rows.csv' },
  warning: { title: 'wiWarningsTitle', scroll: 'wiWarningsScroll', download: 'wiDownloadWarnings', file: 'kizuna-import-warnings.csv' },
} as const;

function download(errors: CsvRowError[], headers: string[], reason: (r: string) => string, file: string): void {
  const csv = Papa.unparse({ fields: headers, data: errors.map((e) => [e.row, e.column, reason(e.reason)]) }, { newline: '\r\n', escapeFormulae: FORMULA_START });
  downloadFile(`\uFEFF${csv}\r\n`, file, 'text/csv;charset=utf-8');
}

/** Every rejected row, or every row imported with a warning (row number, column, reason), in a virtualised list, downloadable as CSV. */
export function InvalidRows({ errors, kind = 'invalid' }: { errors: CsvRowError[]; kind?: 'invalid' | 'warning' }) {
  const { t } = useI18n();
  const format = useFormat();
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: errors.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_PX, overscan: 10 });
  if (errors.length === 0) return null;
  const keys = KEYS[kind];
  const titleId = `wi-${kind}-title`;
  return (
    <section className={`wi-${kind}`} aria-labelledby={titleId} data-testid={`wi-${kind}`}>
      <h3 id={titleId}>{format.count(keys.title, errors.length)}</h3>
      <div role="table" aria-label={format.count(keys.title, errors.length)} aria-rowcount={errors.length + 1}>
        <div role="row" className="wi-invalid-row wi-invalid-head" aria-rowindex={1}>
          <span role="columnheader">{t('wiRow')}</span>
          <span role="columnheader">{t('wiColumn')}</span>
          <span role="columnheader">{t('wiReason')}</span>
        </div>
        <div ref={scroller} className={`wi-rows-scroll wi-${kind}-scroll`} style={{ height: Math.min(MAX_PX, errors.length * ROW_PX + 2) }} tabIndex={0} aria-label={t(keys.scroll)}>
          <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
            {virtual.getVirtualItems().map((item) => {
              const e = errors[item.index];
              return (
                <div
                  key={item.key}
                  role="row"
                  aria-rowindex={item.index + 2}
                  className="wi-invalid-row"
                  style={{ position: 'absolute', top: 0, transform: `translateY(${item.start}px)`, height: ROW_PX }}
                >
                  <span role="cell">{e.row}</span>
                  <span role="cell">{e.column}</span>
                  <span role="cell" title={e.reason}>
                    {translateReason(e.reason, t)}
                  </span>
                </div>
              );
            })}
          </div>
        </div>
      </div>
      <button type="button" onClick={() => download(errors, [t('wiRow'), t('wiColumn'), t('wiReason')], (r) => translateReason(r, t), keys.file)}>
        {t(keys.download)}
      </button>
    </section>
  );
}
