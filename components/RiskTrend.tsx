import type { TrendDirection, TrendPoint } from '@/lib/churn/score-history';
import { formatExactDaysAgo, formatList, formatNumber } from '@/lib/format';
import { useI18n, type Translate } from './i18n';

const ARROW: Record<TrendDirection, string> = { up: '↑', down: '↓', steady: '→' };
const WORDS: Record<TrendDirection, string> = { up: 'riskTrendUp', down: 'riskTrendDown', steady: 'riskTrendSteady' };

/** A score as the trend states it: "23 %" for a chance, "62" points otherwise. */
const figure = (score: number, calibrated: boolean, locale: string) => (calibrated ? `${formatNumber(score, locale, 1)} %` : formatNumber(score, locale, 1));

/** One look-back in words: "Risk rising: 47 now, 35 seven days ago". */
export function trendWords(point: TrendPoint, calibrated: boolean, t: Translate, locale: string): string {
  return t(WORDS[point.direction], [figure(point.before + point.delta, calibrated, locale), figure(point.before, calibrated, locale), formatExactDaysAgo(point.days, locale)]);
}

const signedDelta = (delta: number, calibrated: boolean) => `${delta > 0 ? '+' : delta < 0 ? '\u2212' : '±'}${Math.abs(delta)}${calibrated ? ' pt' : ''}`;

/**
 * The score now against 7 and 30 days ago: an arrow per look-back (↑ rising risk, ↓ falling, → steady) with its
 * change, each also in words for screen readers. `compact` (lists): one arrow, the 7-day one when known.
 */
export function RiskTrend({ points, calibrated, compact = false }: { points: readonly TrendPoint[]; calibrated: boolean; compact?: boolean }) {
  const { t, locale } = useI18n();
  if (points.length === 0) return null;
  if (compact) {
    const words = formatList(
      points.map((p) => trendWords(p, calibrated, t, locale)),
      locale,
    );
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
