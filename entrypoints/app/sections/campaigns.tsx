import { useLiveQuery } from 'dexie-react-hooks';
import { formatDateTime } from '@/lib/format';
import { useI18n } from '@/components/i18n';
import { countRecipients } from '@/lib/campaigns/counts';
import { db } from '@/lib/db';
import { createDexieStore } from '@/lib/campaigns/dexie-store';
import { SendingSettings } from '../campaigns/SendingSettings';
import { href, type Route } from '../router';
import '../campaigns/campaigns.css';
import { PageHeader } from '@/components/ui/PageHeader';
import { EmptyState } from '@/components/ui/EmptyState';
import { Table } from '@/components/ui/Table';

const store = createDexieStore(db);

/** Every campaign with its status and counts, a link to start a new one, and the sending settings. */
export function CampaignsSection(_props: { route: Extract<Route, { page: 'campaigns' }> }) {
  const { t, locale } = useI18n();
  const rows = useLiveQuery(async () => {
    const campaigns = (await db.campaigns.toArray()).sort((a, b) => b.createdAt - a.createdAt);
    return Promise.all(campaigns.map(async (c) => ({ c, counts: countRecipients(await store.listRecipients(c.id)) })));
  }, []);
  return (
    <div className="cp-page">
      <PageHeader
        title={t('cpCampaignsTitle')}
        actions={
          <a className="ui-button ui-button-primary" href={href({ page: 'campaign-new' })}>
            {t('cpNewCampaign')}
          </a>
        }
      />
      {!rows ? (
        <p className="muted">{t('loading')}</p>
      ) : rows.length === 0 ? (
        <EmptyState title={t('cpNoCampaigns')}>{t('frNoCampaignsHint')}</EmptyState>
      ) : (
        <Table wide className="cp-table">
          <thead>
            <tr>
              <th scope="col">{t('cpName')}</th>
              <th scope="col">{t('cpStatus')}</th>
              <th scope="col">{t('cpRecipients')}</th>
              <th scope="col">{t('cpSent')}</th>
              <th scope="col">{t('cpReplied')}</th>
              <th scope="col">{t('cpCreated')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ c, counts }) => (
              <tr key={c.id}>
                <td>
                  <a href={href({ page: 'campaign', id: c.id })}>{c.name}</a>
                </td>
                <td>
                  <span className={`cp-status cp-status-${c.status}`}>{t(`cpStatus_${c.status}`)}</span>
                </td>
                <td>{counts.total}</td>
                <td>{counts.sent}</td>
                <td>{counts.replied}</td>
                <td>{formatDateTime(c.createdAt, locale)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <SendingSettings />
    </div>
  );
}
