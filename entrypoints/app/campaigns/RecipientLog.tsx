import { useVirtualizer } from '@tanstack/react-virtual';
import { formatDateTime } from '@/lib/format';
import { useRef } from 'react';
import { useI18n } from '@/components/i18n';
import type { Recipient } from '@/lib/campaigns/types';

const ROW_PX = 34;

/** The per-recipient log (state, step, reason or error, times), virtualised so thousands of rows stay light. */
export function RecipientLog({ rows, steps }: { rows: Recipient[]; steps: number }) {
  const { t, locale } = useI18n();
  const parent = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => parent.current, estimateSize: () => ROW_PX, overscan: 10 });
  const time = (ms: number | undefined) => (ms === undefined ? '' : formatDateTime(ms, locale));
  return (
    <div className="cp-log" role="table" aria-label={t('cpLog')} aria-rowcount={rows.length + 1}>
      <div className="cp-log-row cp-log-head" role="row" aria-rowindex={1}>
        <span role="columnheader">{t('cpRecipient')}</span>
        <span role="columnheader">{t('cpState')}</span>
        <span role="columnheader">{t('cpStep')}</span>
        <span role="columnheader">{t('cpReason')}</span>
        <span role="columnheader">{t('cpLastSent')}</span>
        <span role="columnheader">{t('cpNextAt')}</span>
      </div>
      <div ref={parent} className="cp-log-body" tabIndex={0} aria-label={t('cpLogScroll')}>
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {virtual.getVirtualItems().map((item) => {
            const r = rows[item.index]!;
            return (
              <div
                key={r.id}
                className={`cp-log-row cp-state-${r.state}`}
                role="row"
                aria-rowindex={item.index + 2}
                data-email={r.email}
                data-state={r.state}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_PX, transform: `translateY(${item.start}px)` }}
              >
                <span role="cell" title={r.email}>
                  {r.name ? `${r.name} <${r.email}>` : r.email}
                </span>
                <span role="cell">{t(`cpState_${r.state}`)}</span>
                <span role="cell">{t('cpStepOf', [String(r.step + 1), String(steps)])}</span>
                <span role="cell" title={r.lastError}>
                  {r.reason ? t(`cpReason_${r.reason.replace(/-/g, '_')}`) : ''}
                  {/* A skip's reason is said above in the reader's language; its English detail stays in the tooltip. */}
                  {r.lastError && !(r.state === 'skipped' && r.reason) ? ` ${r.lastError}` : ''}
                </span>
                <span role="cell">{time(r.sentAt)}</span>
                <span role="cell">{time(r.nextAttemptAt)}</span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
