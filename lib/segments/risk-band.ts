/**
 * Risk bands, from the health bands CRMs use (health 0–50 poor, 51–75 average, 76–100 good;
 * risk = 100 − health): low < 25 ≤ medium < 50 ≤ high.
 */
export const RISK_BANDS = ['low', 'medium', 'high'] as const;
export type RiskBand = (typeof RISK_BANDS)[number];

/** The band a risk score (0–100) falls in. */
export function riskBand(risk: number): RiskBand {
  if (risk >= 50) return 'high';
  return risk >= 25 ? 'medium' : 'low';
}
