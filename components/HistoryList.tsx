import { useState } from 'react';
import { formatDate, machineTime } from '@/lib/format';
import type { Activity } from '@/lib/db/types';
import { useI18n } from './i18n';
import { Checkbox } from './ui/Checkbox';

const PAGE = 20;

const STOP_KEY: Record<string, string> = { replied: 'historyStopReplied', bounced: 'historyStopBounced', unsubscribed: 'historyStopUnsubscribed' };

/** What a campaign row says: "Campaign message" or why its follow-ups stopped. */
function campaignLabel(row: Activity, t: (key: string) => string): string | null {
  if (row.kind !== 'send') return null;
  const stop = row.flags?.find((f) => f.startsWith('stopped:'))?.slice('stopped:'.length);
  if (stop) return t(STOP_KEY[stop] ?? 'historyStopOther');
  return t('historyCampaignSend');
}

/** A joined team's thread sharing, for a member who may change it (absent: no team, or read-only). */
export interface HistorySharing {
  shared(threadId: string): boolean;
  onShare(threadId: string, shared: boolean): void;
}

/**
 * The contact's emails (seen in Gmail, imported, or sent by a campaign), newest first: date, direction, subject, snippet;
 * and the threads other members shared (subject, date and direction, with who shared them). With `sharing`, the newest
 * message of each Gmail thread has a box that shares the thread's summary with the team.
 */
export function HistoryList({ rows, sharing }: { rows: Activity[]; sharing?: HistorySharing }) {
  const { t, locale } = useI18n();
  const [shown, setShown] = useState(PAGE);
  const date = (ms: number) => formatDate(ms, locale);
  // Rows are newest first: a thread's box goes on the first row seen of it.
  const boxed = new Set<number>();
  const seen = new Set<string>();
  for (const row of rows) if (row.kind === 'email' && row.threadId && !seen.has(row.threadId)) (seen.add(row.threadId), boxed.add(row.id));
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
            {row.kind === 'team-thread' ? <span className="shared-by">{t('historySharedBy', row.author ?? '')}</span> : <span className="snippet">{row.snippet}</span>}
            {sharing && boxed.has(row.id) && (
              <Checkbox
                className="share-thread"
                label={t('historyShareThread')}
                aria-label={t('historyShareThreadNamed', row.subject ?? '')}
                checked={sharing.shared(row.threadId!)}
                onChange={(event) => sharing.onShare(row.threadId!, event.currentTarget.checked)}
              />
            )}
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
