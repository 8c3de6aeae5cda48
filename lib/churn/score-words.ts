// A stored score in words, shared by the risk badge, the contacts list and the side panel's first paint (which holds
// neither React nor the badge's reasons and phrase lists: issue 13).
import { formatExactDaysAgo, formatList, formatNumber, formatUnit, plural, type Translate } from '../format';
import type { TrendDirection, TrendPoint } from './score-history';
import type { Band, ChurnScore } from './rules';

/** The horizon a calibrated score without one is shown with (the default the issue names). */
const DEFAULT_HORIZON_DAYS = 90;

const BAND_KEY: Record<Band, string> = { low: 'riskLow', medium: 'riskMedium', high: 'riskHigh' };

/** A chance as a whole percent ("23"); below 1 % with one decimal, so a small chance never reads as 0. */
export function percentText(probability: number, locale: string): string {
  const percent = probability * 100;
  const digits = percent > 0 && percent < 1 ? 1 : 0;
  return digits ? formatNumber(percent, locale, 1) : formatNumber(percent, locale);
}

/** The band's name. */
export const bandText = (band: Band, t: Translate): string => t(BAND_KEY[band]);

/** A score's figure in words: "23 % in 90 days" when calibrated, else "62 points". */
export function scoreText(risk: Pick<ChurnScore, 'score' | 'probability' | 'horizonDays'>, t: Translate, locale: string): string {
  if (risk.probability === undefined) return plural(t, locale, 'riskPoints', risk.score);
  return t('riskChance', [percentText(risk.probability, locale), formatUnit(risk.horizonDays ?? DEFAULT_HORIZON_DAYS, 'day', locale)]);
}

/** A trend's arrow: ↑ rising risk, ↓ falling, → steady. */
export const TREND_ARROW: Record<TrendDirection, string> = { up: '↑', down: '↓', steady: '→' };
const TREND_WORDS: Record<TrendDirection, string> = { up: 'riskTrendUp', down: 'riskTrendDown', steady: 'riskTrendSteady' };

/** A score as the trend states it: "23 %" for a chance, "62" points otherwise. */
const figure = (score: number, calibrated: boolean, locale: string) => (calibrated ? `${formatNumber(score, locale, 1)} %` : formatNumber(score, locale, 1));

/** One look-back in words: "Risk rising: 47 now, 35 seven days ago". */
export function trendWords(point: TrendPoint, calibrated: boolean, t: Translate, locale: string): string {
  return t(TREND_WORDS[point.direction], [figure(point.before + point.delta, calibrated, locale), figure(point.before, calibrated, locale), formatExactDaysAgo(point.days, locale)]);
}

/** Every look-back in words, as one list (a list's compact trend, its title and screen-reader text). */
export const trendListWords = (points: readonly TrendPoint[], calibrated: boolean, t: Translate, locale: string): string =>
  formatList(
    points.map((p) => trendWords(p, calibrated, t, locale)),
    locale,
  );
