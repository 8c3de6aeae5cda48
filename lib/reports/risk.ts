import type { Stage } from '../db/types';
import type { SegmentContact } from '../segments/columns';
import { fieldNumber } from '../churn/crm-signals';
import { churnEligible } from '../churn/eligible';
import { expectedLoss } from '../churn/exposure';
import { RISK_BANDS, riskBand, type BandThresholds, type RiskBand } from '../segments/risk-band';
import { CUSTOMER_STAGES } from './customer-timeline';

export interface RiskDistribution {
  /** Equal-width buckets over 0–100; the last one includes 100. */
  buckets: { from: number; to: number; count: number }[];
  bands: Record<RiskBand, number>;
  /** Contacts scored for churn without a stored score yet. */
  unscored: number;
}

/**
 * The histogram and band counts of the contacts' risk scores (buckets `bucketSize` wide, default 10;
 * bands by `thresholds`, the risk settings' `rules.bands`, default 40 / 70). Only contacts scored for churn
 * count (eligible.ts): leads, churned and do-not-contact contacts are in no band.
 */
export function riskDistribution(contacts: readonly SegmentContact[], bucketSize = 10, thresholds?: BandThresholds): RiskDistribution {
  const n = Math.ceil(100 / bucketSize);
  const buckets = Array.from({ length: n }, (_, i) => ({ from: i * bucketSize, to: Math.min(100, (i + 1) * bucketSize), count: 0 }));
  const bands = Object.fromEntries(RISK_BANDS.map((b) => [b, 0])) as Record<RiskBand, number>;
  let unscored = 0;
  for (const c of contacts) {
    if (!churnEligible(c)) continue;
    if (c.risk === undefined || Number.isNaN(c.risk)) {
      unscored++;
      continue;
    }
    const risk = Math.min(100, Math.max(0, c.risk));
    buckets[Math.min(n - 1, Math.floor(risk / bucketSize))].count++;
    bands[riskBand(risk, thresholds)]++;
  }
  return { buckets, bands, unscored };
}

export interface AtRiskItem {
  contact: SegmentContact;
  risk: number;
  /** The revenue field read as a number (0 when blank or not a number). */
  revenue: number;
  /** chance × revenue: the revenue expected to be lost (chance: the calibrated probability, else risk ÷ 100). */
  exposure: number;
}

export interface AtRiskOptions {
  /** Custom field key holding each contact's revenue. */
  revenueKey: string;
  /** Lowest risk listed (default 50, the high band). */
  minRisk?: number;
  /** Stages listed (default the customer stages: customer, at-risk, advocate). */
  stages?: readonly Stage[];
  limit?: number;
}

/** Scored customers (churn-eligible) at or above minRisk, most revenue expected to be lost first, then highest risk. */
export function atRiskList(contacts: readonly SegmentContact[], options: AtRiskOptions): AtRiskItem[] {
  const { revenueKey, minRisk = 50, limit = Infinity } = options;
  const stages = new Set<Stage>(options.stages ?? CUSTOMER_STAGES);
  const items: AtRiskItem[] = [];
  for (const contact of contacts) {
    const risk = contact.risk;
    if (risk === undefined || risk < minRisk || !stages.has(contact.stage) || !churnEligible(contact)) continue;
    // Read like the churn rules' revenue signal ("¥1,200", "$3.5k", "12万"), so every page agrees.
    const revenue = fieldNumber(contact.custom[revenueKey]) ?? 0;
    items.push({ contact, risk, revenue, exposure: expectedLoss(contact.score ?? { score: risk }, revenue) });
  }
  items.sort((a, b) => b.exposure - a.exposure || b.risk - a.risk || a.contact.id - b.contact.id);
  return items.slice(0, limit);
}
