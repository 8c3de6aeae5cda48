import { useLiveQuery } from 'dexie-react-hooks';
import { formatPercent } from '@/lib/format';
import { useI18n } from '@/components/i18n';
import { replyRates, type StepRate } from '@/lib/campaigns/reply-rates';
import { db } from '@/lib/db';
import { createDexieStore } from '@/lib/campaigns/dexie-store';
import { href } from '../router';
import './campaigns.css';

const store = createDexieStore(db);

/** Reports card: per campaign and per step, recipients sent, replied, and the reply rate. */
export function ReplyRatesCard() {
  const { t, locale } = useI18n();
  const data = useLiveQuery(async () => {
    const campaigns = (await db.campaigns.toArray()).filter((c) => c.status !== 'draft').sort((a, b) => b.createdAt - a.createdAt);
    return Promise.all(campaigns.map(async (c) => ({ c, rates: replyRates(await store.listRecipients(c.id), c.steps.length) })));
  }, []);
  const pct = (r: StepRate) => (r.rate === undefined ? '—' : formatPercent(r.rate, locale));
  const row = (key: string, label: React.ReactNode, r: StepRate, total: boolean) => (
    <tr key={key} className={total ? 'cp-rate-total' : 'cp-rate-step'}>
      <th scope="row">{label}</th>
      <td>{r.sent}</td>
      <td>{r.replied}</td>
      <td>{pct(r)}</td>
    </tr>
  );
  return (
    <section className="card cp-rates" aria-labelledby="cp-rates-title">
      <h3 id="cp-rates-title">{t('cpRatesTitle')}</h3>
      {!data ? (
        <p className="muted">{t('loading')}</p>
      ) : data.length === 0 ? (
        <p className="muted">{t('cpNoCampaigns')}</p>
      ) : (
        <table className="cp-table">
          <thead>
            <tr>
              <th scope="col">{t('cpName')}</th>
              <th scope="col">{t('cpSent')}</th>
              <th scope="col">{t('cpReplied')}</th>
              <th scope="col">{t('cpReplyRate')}</th>
            </tr>
          </thead>
          {data.map(({ c, rates }) => (
            <tbody key={c.id}>
              {row('total', <a href={href({ page: 'campaign', id: c.id })}>{c.name}</a>, rates.total, true)}
              {rates.steps.map((s) => row(`s${s.step}`, t('cpStepN', String(s.step + 1)), s, false))}
            </tbody>
          ))}
        </table>
      )}
      <p className="muted">{t('cpRatesNote')}</p>
    </section>
  );
}
