import { useMemo, useState } from 'react';
import { useI18n } from '@/components/i18n';
import { formatMoney, formatNumber, plural } from '@/lib/format';
import { atRiskList } from '@/lib/reports/risk';
import { href } from '../router';
import type { ReportContext } from './context';

const LIMIT = 100;

/** Scored customers in the medium or high band, most revenue at risk (risk ÷ 100 × revenue) first. */
export function AtRiskCard({ context }: { context: ReportContext }) {
  const { t, locale, currency } = useI18n();
  // The settings' custom fields, plus keys found on contacts but never declared (e.g. from an older import).
  const fields = useMemo(() => {
    const known = new Set(context.customFields.map((f) => f.key));
    const found = new Set<string>();
    for (const c of context.contacts) for (const key in c.custom) if (!known.has(key)) found.add(key);
    return [...context.customFields, ...[...found].sort().map((key) => ({ key, label: key }))];
  }, [context]);
  const [chosen, setChosen] = useState<string>();
  const revenueKey = chosen ?? context.revenueKey ?? fields.find((f) => /revenue|mrr|arr|売上|金額/i.test(`${f.key} ${f.label}`))?.key ?? '';
  const items = useMemo(() => atRiskList(context.contacts, { revenueKey, limit: LIMIT, minRisk: context.bands.medium }), [context, revenueKey]);
  const money = (n: number) => formatMoney(n, currency, locale);
  return (
    <>
      <label>
        {t('wiRevenueField')}
        <select value={revenueKey} onChange={(e) => setChosen(e.target.value)}>
          <option value="">{t('wiNoRevenueField')}</option>
          {fields.map((f) => (
            <option key={f.key} value={f.key}>
              {f.label}
            </option>
          ))}
        </select>
      </label>
      {items.length === 0 ? (
        <p className="muted">{t('wiNoAtRisk', formatNumber(context.bands.medium, locale))}</p>
      ) : (
        <table className="wi-data" data-testid="wi-at-risk-table">
          <caption>{plural(t, locale, 'wiAtRiskCaption', items.length, [String(items.length), String(context.bands.medium)])}</caption>
          <thead>
            <tr>
              <th scope="col">{t('wiContact')}</th>
              <th scope="col">{t('wiField_owner')}</th>
              <th scope="col">{t('wiRisk')}</th>
              <th scope="col">{t('wiRevenue')}</th>
              <th scope="col">{t('wiExposure')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.contact.id}>
                <th scope="row">
                  <a href={href({ page: 'contact', id: i.contact.id })}>{i.contact.name || i.contact.email}</a>
                </th>
                <td>{i.contact.owner}</td>
                <td>{Math.round(i.risk)}</td>
                <td>{money(i.revenue)}</td>
                <td>{money(i.exposure)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
