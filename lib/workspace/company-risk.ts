import type { Contact, StoredScore } from '../db/types';
import { fieldNumber } from '../churn/crm-signals';
import { churnEligible } from '../churn/eligible';
import { chanceOf } from '../churn/exposure';

export interface CompanyRisk {
  /** Contacts scored for churn with a stored score, and those without one yet (leads, churned and do-not-contact are neither). */
  scored: number;
  unscored: number;
  /** The highest risk: the account is as fragile as its most at-risk contact. */
  max?: number;
  /** The plain mean of the scores. */
  mean?: number;
  /** Σ riskᵢ × revenueᵢ ÷ Σ revenueᵢ over scored contacts with revenue > 0: the risk weighted by what each contact brings. */
  revenueWeighted?: number;
  /** Σ chanceᵢ × revenueᵢ (chance: the calibrated probability, else points ÷ 100): the revenue expected to be lost. */
  revenueAtRisk?: number;
}

type Member = Pick<Contact, 'custom' | 'stage' | 'doNotContact'> & { score?: Pick<StoredScore, 'score' | 'probability'> };

/**
 * A company's combined churn risk from its contacts' stored scores. Only contacts scored for churn count
 * (eligible.ts): a churned contact's revenue is not at risk any more, a lead's not yet. Revenue is read from
 * the custom field `revenueKey`, read as the risk rules read it ("¥1,200", "$3.5k"); blank or non-numbers are
 * left out of the weighted figures, which are undefined when no scored contact has revenue.
 */
export function companyRisk(contacts: readonly Member[], revenueKey?: string): CompanyRisk {
  let scored = 0;
  let unscored = 0;
  let sum = 0;
  let max: number | undefined;
  let weighted = 0;
  let atRisk = 0;
  let revenueSum = 0;
  for (const c of contacts) {
    if (!churnEligible(c)) continue;
    const risk = c.score?.score;
    if (risk === undefined || Number.isNaN(risk)) {
      unscored++;
      continue;
    }
    scored++;
    sum += risk;
    max = max === undefined ? risk : Math.max(max, risk);
    const revenue = revenueKey ? fieldNumber(c.custom[revenueKey]) : null;
    if (revenue !== null && revenue > 0) {
      weighted += risk * revenue;
      atRisk += chanceOf(c.score!) * revenue;
      revenueSum += revenue;
    }
  }
  return {
    scored,
    unscored,
    max,
    mean: scored ? sum / scored : undefined,
    revenueWeighted: revenueSum > 0 ? weighted / revenueSum : undefined,
    revenueAtRisk: revenueSum > 0 ? atRisk : undefined,
  };
}
