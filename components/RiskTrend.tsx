import type { TrendPoint } from '@/lib/churn/score-history';
import { TREND_ARROW as ARROW, trendListWords, trendWords } from '@/lib/churn/score-words';
import { formatExactDaysAgo } from '@/lib/format';
import { useI18n } from './i18n';

const signedDelta = (delta: number, calibrated: boolean) => `${delta > 0 ? '+' : delta < 0 ? '\u2212' : '±'}${Math.abs(delta)}${calibrated ? ' pt' : ''}`;

/**
 * The score now against 7 and 30 days ago: an arrow per look-back (↑ rising risk, ↓ falling, → steady) with its
 * change, each also in words for screen readers. `compact` (lists): one arrow, the 7-day one when known.
 */
export function RiskTrend({ points, calibrated, compact = false }: { points: readonly TrendPoint[]; calibrated: boolean; compact?: boolean }) {
  const { t, locale } = useI18n();
  if (points.length === 0) return null;
  if (compact) {
    const words = trendListWords(points, calibrated, t, locale);
    return (
      <span className="risk-trend-compact" data-direction={points[0].direction} data-testid="risk-trend" title={words}>
        <span aria-hidden="true">{ARROW[points[0].direction]}</span>
        <span className="sr-only">{words}</span>
      </span>
    );
  }
  return (
    <ul className="risk-trend" aria-label={t('riskTrend')} data-testid="risk-trend">
      {points.map((p) => (
        <li key={p.days} data-days={p.days} data-direction={p.direction}>
          <span aria-hidden="true">
            <span className="risk-trend-arrow">{ARROW[p.direction]}</span> {signedDelta(p.delta, calibrated)} <span className="muted">{t('riskTrendSince', formatExactDaysAgo(p.days, locale))}</span>
          </span>
          <span className="sr-only">{trendWords(p, calibrated, t, locale)}</span>
        </li>
      ))}
    </ul>
  );
}
