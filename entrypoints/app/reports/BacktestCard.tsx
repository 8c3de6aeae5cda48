import { useMemo } from 'react';
import type { ChartConfiguration } from 'chart.js';
import { useLiveQuery } from 'dexie-react-hooks';
import { useI18n } from '@/components/i18n';
import { formatDate, formatList, formatNumber, formatPercent, formatUnit, plural } from '@/lib/format';
import { backtestReport, checkForecast, pickForecast } from '@/lib/churn/backtest';
import { db } from '@/lib/db';
import { ChartCanvas, color } from './chart';
import type { ReportContext } from './context';

const DAY = 86_400_000;
const pct = (v: number | null, locale: string) => (v === null ? '—' : formatPercent(v, locale));

/**
 * Proof that the churn model works: what a trained model predicted on its training day for every customer then
 * scored, checked against who churned since (never its training rows), at the high threshold; the reliability per
 * decile as a chart with its data table; the Brier score and when the model was last validated.
 */
export function BacktestCard({ context }: { context: ReportContext }) {
  const { t, locale } = useI18n();
  // Every version's forecast; the one to check is the newest whose horizon has passed, else the oldest.
  const record = useLiveQuery(async () => {
    const all = (await db.riskModels.toArray()).filter((m) => m.forecast);
    return (
      pickForecast(
        all.map((m) => ({ ...m.forecast!, record: m })),
        context.now,
      )?.record ?? null
    );
  }, [context.now]);
  // The contacts in scope (all, or one owner's) are the outcomes: the forecast's others are left out.
  const check = useMemo(() => (record?.forecast ? checkForecast(record.forecast, context.contacts, context.now) : null), [record, context.contacts, context.now]);
  const report = useMemo(() => (check && check.elapsedDays > 0 ? backtestReport(check.rows, context.bands.high) : null), [check, context.bands.high]);
  const labels = useMemo(() => (report?.deciles ?? []).map((_, i) => String(i + 1)), [report]);
  const config = useMemo<ChartConfiguration>(
    () => ({
      type: 'bar',
      data: {
        labels,
        datasets: [
          { label: t('wiPredicted'), data: (report?.deciles ?? []).map((d) => 100 * d.predicted), backgroundColor: color('--accent') },
          { label: t('wiObserved'), data: (report?.deciles ?? []).map((d) => 100 * d.observed), backgroundColor: color('--warn') },
        ],
      },
      options: { scales: { y: { min: 0, max: 100 } } },
    }),
    [report, labels, t],
  );
  if (record === undefined) return <p className="muted">{t('loading')}</p>;
  if (!record || !check)
    return (
      <p className="muted" data-testid="wi-backtest-none">
        {t('wiBacktestNone')}
      </p>
    );
  const horizon = formatUnit(check.horizonDays, 'day', locale);
  const made = formatDate(check.at, locale);
  const customers = plural(t, locale, 'nCustomers', check.rows.length);
  if (!report)
    return (
      <p className="muted" data-testid="wi-backtest-waiting">
        {t('wiBacktestWaiting', [made, customers, horizon, formatDate(check.at + DAY, locale)])}
      </p>
    );
  const b = report.backtest;
  const when = formatDate(record.metrics?.validatedAt ?? record.createdAt, locale);
  const elapsed = formatUnit(check.elapsedDays, 'day', locale);
  const label = formatList(
    report.deciles.map((d, i) => t('labelPair', [labels[i]!, `${pct(d.predicted, locale)} / ${pct(d.observed, locale)}`])),
    locale,
  );
  return (
    <div data-testid="wi-backtest">
      <p className="muted" data-testid="wi-backtest-source">
        {t(check.complete ? 'wiBacktestSource' : 'wiBacktestSourceSoFar', [made, customers, horizon, elapsed])}
      </p>
      <p data-testid="wi-backtest-summary">
        {t(check.complete ? 'wiBacktestSummary' : 'wiBacktestSummarySoFar', [
          formatNumber(context.bands.high, locale),
          plural(t, locale, 'nCustomers', b.flagged),
          formatNumber(b.flaggedChurned, locale),
          horizon,
          elapsed,
        ])}
      </p>
      <table className="wi-data" data-testid="wi-backtest-table">
        <caption>{t('wiBacktestCaption', String(context.bands.high))}</caption>
        <tbody>
          <tr>
            <th scope="row">{t('wiPrecision')}</th>
            <td>{pct(b.precision, locale)}</td>
          </tr>
          <tr>
            <th scope="row">{t('wiRecall')}</th>
            <td>{pct(b.recall, locale)}</td>
          </tr>
          <tr>
            <th scope="row">{t('wiLift')}</th>
            <td>{b.lift === null ? '—' : `${formatNumber(b.lift, locale, 1)}×`}</td>
          </tr>
          <tr>
            <th scope="row">{t('wiBaseRate')}</th>
            <td>{pct(b.baseRate, locale)}</td>
          </tr>
          <tr>
            <th scope="row">{t('wiBrier')}</th>
            <td>{report.brier === null ? '—' : report.brier.toFixed(3)}</td>
          </tr>
          <tr>
            <th scope="row">{t('wiValidatedAt')}</th>
            <td>{when}</td>
          </tr>
        </tbody>
      </table>
      <h4>{t('wiReliabilityTitle')}</h4>
      <ChartCanvas config={config} label={t('labelPair', [t('wiReliabilityTitle'), label])} testId="wi-reliability-chart" />
      <table className="wi-data" data-testid="wi-reliability-table">
        <caption>{t('wiReliabilityCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('wiDecile')}</th>
            <th scope="col">{t('wiContactsCount')}</th>
            <th scope="col">{t('wiPredicted')}</th>
            <th scope="col">{t('wiObserved')}</th>
          </tr>
        </thead>
        <tbody>
          {report.deciles.map((d, i) => (
            <tr key={labels[i]}>
              <th scope="row">{labels[i]}</th>
              <td>{d.count}</td>
              <td>{pct(d.predicted, locale)}</td>
              <td>{pct(d.observed, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
