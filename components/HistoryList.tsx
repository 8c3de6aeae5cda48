import { useState } from 'react';
import { formatDate, machineTime } from '@/lib/format';
import type { Activity } from '@/lib/db/types';
import { useI18n } from './i18n';

const PAGE = 20;

const STOP_KEY: Record<string, string> = { replied: 'historyStopReplied', bounced: 'historyStopBounced', unsubscribed: 'historyStopUnsubscribed' };

/** What a campaign row says: "Campaign message" or why its follow-ups stopped. */
function campaignLabel(row: Activity, t: (key: string) => string): string | null {
  if (row.kind !== 'send') return null;
  const stop = row.flags?.find((f) => f.startsWith('stopped:'))?.slice('stopped:'.length);
  if (stop) return t(STOP_KEY[stop] ?? 'historyStopOther');
  return t('historyCampaignSend');
}

/** The contact's emails (seen in Gmail, imported, or sent by a campaign), newest first: date, direction, subject, snippet. */
export function HistoryList({ rows }: { rows: Activity[] }) {
  const { t, locale } = useI18n();
  const [shown, setShown] = useState(PAGE);
  const date = (ms: number) => formatDate(ms, locale);
  return (
    <section className="history" aria-label={t('history')}>
      <h2>{t('history')}</h2>
      {rows.length === 0 && <p className="muted">{t('historyEmpty')}</p>}
      <ol>
        {rows.slice(0, shown).map((row) => (
          <li key={row.id} className={`message ${row.direction ?? ''} ${row.kind}`}>
            <span className="direction" aria-label={t(row.direction === 'out' ? 'directionOut' : 'directionIn')} title={t(row.direction === 'out' ? 'directionOut' : 'directionIn')}>
              {row.direction === 'out' ? '↗' : '↙'}
            </span>
            <time dateTime={machineTime(row.at)}>{date(row.at)}</time>
            {campaignLabel(row, t) && <span className="campaign">{campaignLabel(row, t)}</span>}
            <strong>{row.subject}</strong>
            <span className="snippet">{row.snippet}</span>
          </li>
        ))}
      </ol>
      {rows.length > shown && (
        <button type="button" onClick={() => setShown(shown + PAGE)}>
          {t('showMore')}
        </button>
      )}
    </section>
  );
}
