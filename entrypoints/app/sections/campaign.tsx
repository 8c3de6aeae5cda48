import { useLiveQuery } from 'dexie-react-hooks';
import { formatDateTime } from '@/lib/format';
import { useEffect, useState } from 'react';
import { useI18n } from '@/components/i18n';
import { countRecipients } from '@/lib/campaigns/counts';
import { db } from '@/lib/db';
import { createDexieStore } from '@/lib/campaigns/dexie-store';
import { toBackground } from '../campaigns/api';
import { RecipientLog } from '../campaigns/RecipientLog';
import { href, type Route } from '../router';
import '../campaigns/campaigns.css';
import { PageHeader } from '@/components/ui/PageHeader';

type Action = 'pause' | 'resume' | 'cancel';

const store = createDexieStore(db);

/** One campaign's progress: live counts with a progress bar, pause / resume / cancel, and the per-recipient log. */
export function CampaignPage({ route }: { route: Extract<Route, { page: 'campaign' }> }) {
  const { t, locale } = useI18n();
  const [status, setStatus] = useState('');
  // Opening the page nudges the queue ("tick now"), in case the browser delayed the alarm.
  useEffect(() => void toBackground({ type: 'campaign:tick' }).catch(() => undefined), [route.id]);
  const data = useLiveQuery(async () => {
    const campaign = await db.campaigns.get(route.id);
    const rows = await store.listRecipients(route.id);
    rows.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
    return { campaign, rows };
  }, [route.id]);
  if (!data) return <p className="muted">{t('loading')}</p>;
  const { campaign, rows } = data;
  if (!campaign) return <p role="alert">{t('cpNotFound')}</p>;
  const counts = countRecipients(rows);
  const percent = counts.total ? Math.round((counts.finished / counts.total) * 100) : 0;

  async function act(action: Action) {
    if (action === 'cancel' && !confirm(t('cpCancelConfirm'))) return;
    const reply = await toBackground({ type: 'campaign:control', action, id: route.id });
    setStatus(reply.ok ? (reply.changed ? t(`cpDone_${action}`) : t('cpNoChange')) : t('cpError', reply.error));
  }
  const live = ['scheduled', 'running', 'paused', 'draft'].includes(campaign.status);
  const stat = (key: string, label: string, value: number) => (
    <div className="cp-stat" data-count={key}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
  return (
    <div className="cp-page">
      <PageHeader
        back={{ href: href({ page: 'campaigns' }), label: t('navCampaigns') }}
        title={campaign.name}
        actions={
          <span className={`cp-status cp-status-${campaign.status}`} data-testid="cp-campaign-status">
            {t(`cpStatus_${campaign.status}`)}
          </span>
        }
      />
      {campaign.pauseReason && campaign.status === 'paused' && <p className="cp-error">{t('cpPausedBecause', campaign.pauseReason)}</p>}
      {campaign.quotaWaitUntil && campaign.status === 'running' && <p className="muted">{t('cpQuotaWait', formatDateTime(campaign.quotaWaitUntil, locale))}</p>}
      {campaign.status === 'scheduled' && <p className="muted">{t('cpStartsAt', formatDateTime(campaign.startAt, locale))}</p>}
      <dl className="cp-counts" aria-live="polite">
        {stat('queued', t('cpCountQueued'), counts.queued)}
        {stat('sent', t('cpCountSent'), counts.sent)}
        {stat('messages', t('cpCountMessages'), counts.messages)}
        {stat('awaiting', t('cpCountAwaiting'), counts.awaitingFollowUp)}
        {stat('replied', t('cpCountReplied'), counts.replied)}
        {stat('bounced', t('cpCountBounced'), counts.bounced)}
        {stat('unsubscribed', t('cpCountUnsubscribed'), counts.unsubscribed)}
        {stat('failed', t('cpCountFailed'), counts.failed)}
        {stat('skipped', t('cpCountSkipped'), counts.skipped)}
      </dl>
      <label className="cp-progress">
        <span>{t('cpProgress', [String(counts.finished), String(counts.total)])}</span>
        <progress max={counts.total || 1} value={counts.finished} aria-valuetext={`${percent}%`} />
      </label>
      {live && (
        <div className="cp-actions">
          {campaign.status === 'paused' ? (
            <button type="button" onClick={() => void act('resume')}>
              {t('cpResume')}
            </button>
          ) : campaign.status !== 'draft' ? (
            <button type="button" onClick={() => void act('pause')}>
              {t('cpPause')}
            </button>
          ) : null}
          <button type="button" className="danger" onClick={() => void act('cancel')}>
            {t('cpCancel')}
          </button>
          <span role="status">{status}</span>
        </div>
      )}
      <h3>{t('cpLog')}</h3>
      <RecipientLog rows={rows} steps={campaign.steps.length} />
    </div>
  );
}
