import { useRef } from 'react';
import Papa from 'papaparse';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useI18n } from '@/components/i18n';
import type { CsvRowError } from '@/lib/csv/errors';
import { FORMULA_START } from '@/lib/csv/export';
import { downloadFile } from '../download';
import { translateReason } from './reasons';

const ROW_PX = 28;

function download(errors: CsvRowError[], headers: string[], reason: (r: string) => string): void {
  const csv = Papa.unparse({ fields: headers, data: errors.map((e) => [e.row, e.column, reason(e.reason)]) }, { newline: '\r\n', escapeFormulae: FORMULA_START });
  downloadFile(`\uFEFF${csv}\r\n`, 'kizuna-import-invalid-rows.csv', 'text/csv;charset=utf-8');
}

/** Every rejected row (row number, column, reason) in a virtualised list, downloadable as CSV. */
export function InvalidRows({ errors }: { errors: CsvRowError[] }) {
  const { t } = useI18n();
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: errors.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_PX, overscan: 10 });
  if (errors.length === 0) return null;
  return (
    <section className="wi-invalid" aria-labelledby="wi-invalid-title">
      <h3 id="wi-invalid-title">{t('wiInvalidTitle', String(errors.length))}</h3>
      <div role="table" aria-label={t('wiInvalidTitle', String(errors.length))} aria-rowcount={errors.length + 1}>
        <div role="row" className="wi-invalid-row wi-invalid-head" aria-rowindex={1}>
          <span role="columnheader">{t('wiRow')}</span>
          <span role="columnheader">{t('wiColumn')}</span>
          <span role="columnheader">{t('wiReason')}</span>
        </div>
        <div ref={scroller} className="wi-invalid-scroll" tabIndex={0} aria-label={t('wiInvalidScroll')}>
          <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
            {virtual.getVirtualItems().map((item) => {
              const e = errors[item.index];
              return (
                <div key={item.key} role="row" aria-rowindex={item.index + 2} className="wi-invalid-row" style={{ position: 'absolute', top: 0, transform: `translateY(${item.start}px)`, height: ROW_PX }}>
                  <span role="cell">{e.row}</span>
                  <span role="cell">{e.column}</span>
                  <span role="cell" title={e.reason}>{translateReason(e.reason, t)}</span>
                </div>
              );
            })}
          </div>
        </div>
      </div>
      <button type="button" onClick={() => download(errors, [t('wiRow'), t('wiColumn'), t('wiReason')], (r) => translateReason(r, t))}>
        {t('wiDownloadInvalid')}
      </button>
    </section>
  );
}
