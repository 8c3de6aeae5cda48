import type { Contact, Stage, StoredScore } from '../db/types';

/**
 * Stages of a customer: at-risk is a customer the user is worried about, an advocate a customer who
 * recommends us. Leads have nothing to churn from; churned contacts already did.
 */
export const CUSTOMER_STAGES: readonly Stage[] = ['customer', 'at-risk', 'advocate'];

/** Whether a contact gets a churn score: a customer (customer, at-risk or advocate) who may be contacted. */
export function churnEligible(contact: Pick<Contact, 'stage' | 'doNotContact'>): boolean {
  return CUSTOMER_STAGES.includes(contact.stage) && contact.doNotContact !== 1;
}

/** The stored score a page may show for a contact: none for a contact not scored for churn (whatever is stored). */
export function shownScore(contact: Pick<Contact, 'stage' | 'doNotContact'>, row: StoredScore | undefined): StoredScore | undefined {
  return row && churnEligible(contact) ? row : undefined;
}
