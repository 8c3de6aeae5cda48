import { bandFor } from '../churn/bands';
import { DEFAULT_RULES } from '../churn/default-rules';

/**
 * Risk bands, by the thresholds in the risk settings (`RiskSettings.rules.bands`, default
 * low < 40 ≤ medium < 70 ≤ high), the same ones the churn badge uses.
 */
export const RISK_BANDS = ['low', 'medium', 'high'] as const;
export type RiskBand = (typeof RISK_BANDS)[number];

/** The lowest score of the medium and of the high band. */
export interface BandThresholds {
  medium: number;
  high: number;
}

export const DEFAULT_BAND_THRESHOLDS: BandThresholds = { medium: DEFAULT_RULES.bands.medium, high: DEFAULT_RULES.bands.high };

/** The band a risk score (0–100) falls in under the given thresholds (default: the default risk settings). */
export function riskBand(risk: number, thresholds: BandThresholds = DEFAULT_BAND_THRESHOLDS): RiskBand {
  return bandFor(risk, thresholds);
}
