import { useEffect, useState } from 'react';
import { formatAgo, formatClock, formatDateTime, plural, type Translate } from '@/lib/format';
import type { TeamLogEntry } from '@/lib/team/config';
import type { TeamSummary } from '@/lib/team/summary';
import { useI18n } from './i18n';
import './team-status.css';

/** The time of day (10:42) for today, else the date and time: when an outage or an event began. */
export function clockTime(at: number, locale: string, now = Date.now()): string {
  const sameDay = new Date(at).toDateString() === new Date(now).toDateString();
  return sameDay ? formatClock(at, locale) : formatDateTime(at, locale);
}

/** "just now", "5 minutes ago", "3時間前": how long since the book was last synced. */
export function syncedAgo(at: number, t: Translate, locale: string, now = Date.now()): string {
  return now - at < 60_000 ? t('teamJustNow') : formatAgo(now - at, locale, (text) => t('durationAbout', text));
}

/** The team's state in words: never "synced" while something is offline, refused or waiting. */
export function teamStateText(summary: TeamSummary, t: Translate, locale: string, now = Date.now()): string {
  const parts: string[] = [];
  if (summary.state === 'offline') parts.push(t('teamStateOffline', summary.since ? clockTime(summary.since, locale, now) : '—'));
  else parts.push(t(`teamState_${summary.state}`));
  if (summary.pending > 0) parts.push(plural(t, locale, 'teamPending', summary.pending));
  if (summary.state !== 'left') parts.push(summary.lastSyncedAt ? t('teamLastSynced', syncedAgo(summary.lastSyncedAt, t, locale, now)) : t('teamNeverSynced'));
  return parts.join(' · ');
}

/** A log entry in words ("Server unreachable since 10:42", "Invitation expired"). */
export function teamLogText(entry: TeamLogEntry, t: Translate, locale: string, now = Date.now()): string {
  return t(`teamLog_${entry.code.replaceAll('-', '_')}`, clockTime(entry.at, locale, now));
}

/** Re-renders every `ms` so relative times ("2 minutes ago") stay true. */
export function useNow(ms = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}

/** The small team indicator of the app's navigation and the side panel: a dot and the state in words. */
export function TeamBadge({ summary, compact = false }: { summary: TeamSummary; compact?: boolean }) {
  const { t, locale } = useI18n();
  const now = useNow();
  const text = teamStateText(summary, t, locale, now);
  const short = summary.state === 'offline' ? t('teamBadge_offline') : t(`teamBadge_${summary.state}`);
  return (
    <span className="team-badge" data-state={summary.pending > 0 && summary.state === 'connected' ? 'pending' : summary.state} title={text}>
      <span className="team-dot" aria-hidden="true" />
      {compact ? <span className="team-badge-text">{summary.pending > 0 ? `${short} · ${plural(t, locale, 'teamPendingShort', summary.pending)}` : short}</span> : text}
      {compact && <span className="sr-only">{` (${text})`}</span>}
    </span>
  );
}
