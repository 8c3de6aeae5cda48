import { useMemo } from 'react';
import type { ChartConfiguration } from 'chart.js';
import { useI18n } from '@/components/i18n';
import { formatList, formatNumber } from '@/lib/format';
import { riskDistribution } from '@/lib/reports/risk';
import { riskBand } from '@/lib/segments/risk-band';
import { ChartCanvas, color } from './chart';
import type { ReportContext } from './context';

/** The risk histogram (10-point buckets of contacts.risk), band counts and unscored count. */
export function RiskCard({ context }: { context: ReportContext }) {
  const { t, locale } = useI18n();
  const dist = useMemo(() => riskDistribution(context.contacts, 10, context.bands), [context]);
  const labels = useMemo(() => dist.buckets.map((b) => `${b.from}–${b.to}`), [dist]);
  const config = useMemo<ChartConfiguration>(
    () => ({
      type: 'bar',
      data: {
        labels,
        datasets: [
          {
            label: t('wiContactsCount'),
            data: dist.buckets.map((b) => b.count),
            backgroundColor: dist.buckets.map((b) => color(`--risk-${riskBand(b.from, context.bands)}`)),
          },
        ],
      },
      options: { plugins: { legend: { display: false } } },
    }),
    [dist, labels, t, context.bands],
  );
  const label = formatList(
    dist.buckets.map((b, i) => t('labelPair', [labels[i]!, formatNumber(b.count, locale)])),
    locale,
  );
  return (
    <>
      <ChartCanvas config={config} label={t('labelPair', [t('wiRiskChartLabel'), label])} testId="wi-risk-chart" />
      <table className="wi-data" data-testid="wi-risk-table">
        <caption>{t('wiRiskTableCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('wiRiskRange')}</th>
            <th scope="col">{t('wiContactsCount')}</th>
          </tr>
        </thead>
        <tbody>
          {dist.buckets.map((b, i) => (
            <tr key={labels[i]}>
              <th scope="row">{labels[i]}</th>
              <td>{b.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>{t('wiBands', [String(dist.bands.low), String(dist.bands.medium), String(dist.bands.high), String(dist.unscored)])}</p>
    </>
  );
}
