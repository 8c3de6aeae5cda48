import type { Contact } from '../db/types';
import { fieldNumber } from '../churn/crm-signals';

export interface CompanyRisk {
  /** Contacts with a stored risk score, and without. */
  scored: number;
  unscored: number;
  /** The highest risk: the account is as fragile as its most at-risk contact. */
  max?: number;
  /** The plain mean of the scores. */
  mean?: number;
  /** Σ riskᵢ × revenueᵢ ÷ Σ revenueᵢ over scored contacts with revenue > 0: the risk weighted by what each contact brings. */
  revenueWeighted?: number;
  /** Σ riskᵢ ÷ 100 × revenueᵢ: the revenue expected to be lost. */
  revenueAtRisk?: number;
}

/**
 * A company's combined churn risk from its contacts' stored scores (contacts.risk). Revenue is read
 * from the custom field `revenueKey`, read as the risk rules read it ("¥1,200", "$3.5k"); blank or non-numbers are left
 * out of the weighted figures, which are undefined when no scored contact has revenue.
 */
export function companyRisk(contacts: readonly Pick<Contact, 'risk' | 'custom'>[], revenueKey?: string): CompanyRisk {
  let scored = 0;
  let sum = 0;
  let max: number | undefined;
  let weighted = 0;
  let revenueSum = 0;
  for (const c of contacts) {
    if (c.risk === undefined || Number.isNaN(c.risk)) continue;
    scored++;
    sum += c.risk;
    max = max === undefined ? c.risk : Math.max(max, c.risk);
    const revenue = revenueKey ? fieldNumber(c.custom[revenueKey]) : null;
    if (revenue !== null && revenue > 0) {
      weighted += c.risk * revenue;
      revenueSum += revenue;
    }
  }
  return {
    scored,
    unscored: contacts.length - scored,
    max,
    mean: scored ? sum / scored : undefined,
    revenueWeighted: revenueSum > 0 ? weighted / revenueSum : undefined,
    revenueAtRisk: revenueSum > 0 ? weighted / 100 : undefined,
  };
}
