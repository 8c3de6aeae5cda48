import { describe, expect, it } from 'vitest';
import { churnEligible } from '../../../lib/churn/eligible';
import { STAGES } from '../../../lib/db/types';

describe('churnEligible: only customers are scored for churn', () => {
  it('scores a customer, an at-risk customer and an advocate', () => {
    expect(STAGES.filter((stage) => churnEligible({ stage, doNotContact: 0 }))).toEqual(['customer', 'at-risk', 'advocate']);
  });
  it('never scores a lead (nothing to churn from yet)', () => {
    expect(churnEligible({ stage: 'lead', doNotContact: 0 })).toBe(false);
  });
  it('never scores a churned contact (it already did)', () => {
    expect(churnEligible({ stage: 'churned', doNotContact: 0 })).toBe(false);
  });
  it('never scores a do-not-contact contact, whatever its stage', () => {
    expect(STAGES.some((stage) => churnEligible({ stage, doNotContact: 1 }))).toBe(false);
  });
});
