import { useMemo } from 'react';
import type { ChartConfiguration } from 'chart.js';
import { useLiveQuery } from 'dexie-react-hooks';
import { useI18n } from '@/components/i18n';
import { formatDate, formatNumber, formatPercent, formatUnit, plural } from '@/lib/format';
import { backtestReport, type BacktestRow } from '@/lib/churn/backtest';
import { db } from '@/lib/db';
import { ChartCanvas, color } from './chart';
import type { ReportContext } from './context';

const pct = (v: number | null, locale: string) => (v === null ? '—' : formatPercent(v, locale));

/**
 * Proof that the churn model works: its out-of-fold backtest on the customers whose outcome is known (what it would
 * have said on each one's day described, fitted without it), at the high threshold; the reliability per decile as a
 * chart with its data table; the Brier score and when the model was last validated.
 */
export function BacktestCard({ context }: { context: ReportContext }) {
  const { t, locale } = useI18n();
  // The active version, else the newest calibrated one.
  const record = useLiveQuery(async () => {
    const all = await db.riskModels.orderBy('createdAt').reverse().toArray();
    return all.find((m) => m.active === 1 && m.evidence) ?? all.find((m) => m.evidence) ?? null;
  }, []);
  const inScope = useMemo(() => new Set(context.contacts.map((c) => c.id)), [context.contacts]);
  const report = useMemo(() => {
    if (!record?.evidence) return null;
    const e = record.evidence;
    const rows: BacktestRow[] = [];
    e.chance.forEach((chance, i) => {
      if (inScope.has(e.contactIds[i])) rows.push({ chance, churned: e.churned[i] ? 1 : 0 });
    });
    return backtestReport(rows, context.bands.high);
  }, [record, inScope, context.bands.high]);
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
  if (!record || !report) return <p className="muted" data-testid="wi-backtest-none">{t('wiBacktestNone')}</p>;
  const b = report.backtest;
  const horizon = formatUnit(record.horizonDays ?? 90, 'day', locale);
  const when = formatDate(record.metrics?.validatedAt ?? record.createdAt, locale);
  const label = report.deciles.map((d, i) => t('labelPair', [labels[i]!, `${pct(d.predicted, locale)} / ${pct(d.observed, locale)}`])).join('; ');
  return (
    <div data-testid="wi-backtest">
      <p className="muted">{t('wiBacktestSource', [horizon, plural(t, locale, 'nCustomers', b.total)])}</p>
      <p data-testid="wi-backtest-summary">
        {t('wiBacktestSummary', [formatNumber(context.bands.high, locale), plural(t, locale, 'nCustomers', b.flagged), formatNumber(b.flaggedChurned, locale), horizon])}
      </p>
      <table className="wi-data" data-testid="wi-backtest-table">
        <caption>{t('wiBacktestCaption', String(context.bands.high))}</caption>
        <tbody>
          <tr><th scope="row">{t('wiPrecision')}</th><td>{pct(b.precision, locale)}</td></tr>
          <tr><th scope="row">{t('wiRecall')}</th><td>{pct(b.recall, locale)}</td></tr>
          <tr><th scope="row">{t('wiLift')}</th><td>{b.lift === null ? '—' : `${formatNumber(b.lift, locale, 1)}×`}</td></tr>
          <tr><th scope="row">{t('wiBaseRate')}</th><td>{pct(b.baseRate, locale)}</td></tr>
          <tr><th scope="row">{t('wiBrier')}</th><td>{report.brier === null ? '—' : report.brier.toFixed(3)}</td></tr>
          <tr><th scope="row">{t('wiValidatedAt')}</th><td>{when}</td></tr>
        </tbody>
      </table>
      <h4>{t('wiReliabilityTitle')}</h4>
      <ChartCanvas config={config} label={t('labelPair', [t('wiReliabilityTitle'), label])} testId="wi-reliability-chart" />
      <table className="wi-data" data-testid="wi-reliability-table">
        <caption>{t('wiReliabilityCaption')}</caption>
        <thead>
          <tr><th scope="col">{t('wiDecile')}</th><th scope="col">{t('wiContactsCount')}</th><th scope="col">{t('wiPredicted')}</th><th scope="col">{t('wiObserved')}</th></tr>
        </thead>
        <tbody>
          {report.deciles.map((d, i) => (
            <tr key={labels[i]}><th scope="row">{labels[i]}</th><td>{d.count}</td><td>{pct(d.predicted, locale)}</td><td>{pct(d.observed, locale)}</td></tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
