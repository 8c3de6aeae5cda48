import { useMemo, useState } from 'react';
import type { ChartConfiguration } from 'chart.js';
import { useI18n } from '@/components/i18n';
import { formatList } from '@/lib/format';
import type { PeriodUnit } from '@/lib/reports/periods';
import { retentionReport } from '@/lib/reports/retention';
import { zonedParts, zonedTime } from '@/lib/reports/zone';
import { ChartCanvas, color } from './chart';
import { percent, type ReportContext } from './context';

const SPAN: Record<PeriodUnit, number> = { month: 12, quarter: 8 };

/** Churn and retention rates by month or quarter, as a line chart with its data table. */
export function RetentionCard({ context }: { context: ReportContext }) {
  const { t, locale } = useI18n();
  const [unit, setUnit] = useState<PeriodUnit>('month');
  const rows = useMemo(() => {
    const now = zonedParts(context.now, context.timeZone);
    const months = SPAN[unit] * (unit === 'month' ? 1 : 3) - 1;
    const from = zonedTime(now.year, now.month - months, 1, 0, context.timeZone);
    return retentionReport(context.contacts, context.history, { from, to: context.now, unit, timeZone: context.timeZone });
  }, [context, unit]);
  const config = useMemo<ChartConfiguration>(
    () => ({
      type: 'line',
      data: {
        labels: rows.map((r) => r.key),
        datasets: [
          { label: t('wiChurnRate'), data: rows.map((r) => r.churnRate), borderColor: color('--warn'), backgroundColor: color('--warn') },
          { label: t('wiRetentionRate'), data: rows.map((r) => r.retentionRate), borderColor: color('--accent'), backgroundColor: color('--accent') },
        ],
      },
      options: { scales: { y: { min: 0, max: 100 } } },
    }),
    [rows, t],
  );
  const label = formatList(
    rows.map((r) => t('labelPair', [r.key, `${t('wiChurnRate')} ${percent(r.churnRate, locale)} / ${t('wiRetentionRate')} ${percent(r.retentionRate, locale)}`])),
    locale,
  );
  return (
    <>
      <label>
        {t('wiPeriod')}
        <select value={unit} onChange={(e) => setUnit(e.target.value as PeriodUnit)}>
          <option value="month">{t('wiByMonth')}</option>
          <option value="quarter">{t('wiByQuarter')}</option>
        </select>
      </label>
      <ChartCanvas config={config} label={label} testId="wi-retention-chart" />
      <table className="wi-data" data-testid="wi-retention-table">
        <caption>{t('wiRetentionTableCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('wiPeriodCol')}</th>
            <th scope="col">{t('wiStartCustomers')}</th>
            <th scope="col">{t('wiNewCustomers')}</th>
            <th scope="col">{t('wiLostCustomers')}</th>
            <th scope="col">{t('wiEndCustomers')}</th>
            <th scope="col">{t('wiChurnRate')}</th>
            <th scope="col">{t('wiRetentionRate')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.key}</th>
              <td>{r.startCustomers}</td>
              <td>{r.newCustomers}</td>
              <td>{r.lostCustomers}</td>
              <td>{r.endCustomers}</td>
              <td>{percent(r.churnRate, locale)}</td>
              <td>{percent(r.retentionRate, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
