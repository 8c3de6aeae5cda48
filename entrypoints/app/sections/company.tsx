import { useMemo } from 'react';
import { useI18n } from '@/components/i18n';
import { NotCalibrated } from '@/components/RiskWords';
import { userTimeZone } from '@/lib/churn/scorer-config';
import { formatMoney, formatNumber } from '@/lib/format';
import { companyRisk } from '@/lib/workspace/company-risk';
import { href, type Route } from '../router';
import { RiskChip, stageLabel } from '../contacts/columns';
import { useRiskSettings, useWorkspace } from '../contacts/use-workspace';
import './contacts.css';
import { PageHeader } from '@/components/ui/PageHeader';
import { Link } from '@/components/ui/Link';
import { Table } from '@/components/ui/Table';

/** One company: its contacts and their combined churn risk (highest, mean, revenue-weighted mean). */
export function CompanyPage({ route }: { route: Extract<Route, { page: 'company' }> }) {
  const { t, locale, currency } = useI18n();
  const settings = useRiskSettings();
  // The app's in-memory copy of the contacts (live), filtered by company: there is no companyId index,
  // because each index slows every contact write.
  const workspace = useWorkspace();
  const contacts = useMemo(() => {
    if (!workspace) return [];
    const list = workspace.contacts.filter((c) => c.companyId === route.id);
    return list.sort((a, b) => (b.risk ?? -1) - (a.risk ?? -1) || a.name.localeCompare(b.name));
  }, [workspace, route.id]);
  if (!workspace)
    return (
      <p className="muted" aria-busy="true">
        {t('loading')}
      </p>
    );
  const company = workspace.companies.get(route.id);
  if (!company)
    return (
      <p role="alert">
        {t('wsCompanyMissing')} <a href={href({ page: 'contacts' })}>{t('navContacts')}</a>
      </p>
    );
  // Revenue: the field mapped in the risk settings, else a custom field named "revenue" (any case).
  const revenueKey = settings.mapping.revenue || contacts.flatMap((c) => Object.keys(c.custom)).find((k) => k.toLowerCase() === 'revenue');
  const combined = companyRisk(contacts, revenueKey);
  const fmt = (x: number | undefined) => (x === undefined ? '—' : formatNumber(x, locale));
  const money = (x: number | undefined) => (x === undefined ? '—' : formatMoney(x, currency, locale));
  const chip = { t, locale, bands: settings.rules.bands, now: Date.now(), timeZone: userTimeZone() };
  // Revenue at risk counts a calibrated chance; rule points stand in for one until then (and say so).
  const uncalibrated = contacts.some((c) => c.score && c.score.probability === undefined);
  return (
    <article className="ws-company" data-company={company.id}>
      <PageHeader back={{ href: href({ page: 'contacts' }), label: t('navContacts') }} title={company.name} subtitle={company.domain || undefined} />
      <section aria-label={t('wsCombinedRisk')}>
        <h3>{t('wsCombinedRisk')}</h3>
        <dl className="ws-combined">
          <div>
            <dt>{t('wsRiskMaxLabel')}</dt>
            <dd data-testid="risk-max">{fmt(combined.max)}</dd>
          </div>
          <div>
            <dt>{t('wsRiskMeanLabel')}</dt>
            <dd data-testid="risk-mean">{fmt(combined.mean)}</dd>
          </div>
          <div>
            <dt>{t('wsRiskWeightedLabel')}</dt>
            <dd data-testid="risk-weighted">{fmt(combined.revenueWeighted)}</dd>
          </div>
          <div>
            <dt>{t('wsRevenueAtRisk')}</dt>
            <dd data-testid="revenue-at-risk">{money(combined.revenueAtRisk)}</dd>
          </div>
        </dl>
        <p className="muted">{t('wsCombinedExplain', [formatNumber(combined.scored, locale), formatNumber(combined.unscored, locale), revenueKey ?? '—'])}</p>
        {uncalibrated ? (
          <p className="muted">
            {t('wsRevenueAtRiskProxy')} <NotCalibrated />
          </p>
        ) : null}
      </section>
      <section aria-label={t('wsCompanyContacts')}>
        <h3>{t('wsCompanyContactsCount', formatNumber(contacts.length, locale))}</h3>
        <Table wide className="ws-table">
          <thead>
            <tr>
              <th scope="col">{t('wsColName')}</th>
              <th scope="col">{t('wsColEmail')}</th>
              <th scope="col">{t('wsColStage')}</th>
              <th scope="col">{t('wsColOwner')}</th>
              <th scope="col">{t('wsColRisk')}</th>
            </tr>
          </thead>
          <tbody>
            {contacts.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link href={href({ page: 'contact', id: c.id })}>{c.name || c.email}</Link>
                </td>
                <td>{c.email}</td>
                <td>{stageLabel(c.stage, t)}</td>
                <td>{c.owner}</td>
                <td>
                  <RiskChip contact={c} ctx={chip} />
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      </section>
    </article>
  );
}
