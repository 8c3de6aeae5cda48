import type { SegmentContact } from '../../../lib/segments/columns';
import type { KnownRefs, Playbook } from '../../../lib/playbooks/types';

export const known: KnownRefs = {
  templateIds: new Set([1, 2]),
  owners: new Set(['cs@example.com', 'rep@example.com']),
  sequenceIds: new Set(['win-back', 'onboarding']),
  tagIds: new Set([10, 11, 12]),
};

/** The example: high risk → the account to CS, a call task tomorrow at 10:00, the win-back sequence. */
export function highRiskPlaybook(over: Partial<Playbook> = {}): Playbook {
  return {
    id: 'pb-high',
    name: 'High risk to CS',
    enabled: true,
    trigger: { type: 'band-entered', bands: ['high'] },
    conditions: { conditions: [] },
    actions: [
      { type: 'set-owner', owner: 'cs@example.com' },
      { type: 'create-task', owner: '', taskType: 'call', title: 'Call them', dueInDays: 1, dueTime: '10:00' },
      { type: 'enrol', sequenceId: 'win-back' },
    ],
    createdAt: 1,
    updatedAt: 1,
    ...over,
  };
}

export function contact(id: number, over: Partial<SegmentContact> = {}): SegmentContact {
  return {
    id,
    email: `c${id}@example.com`,
    name: `Contact ${id}`,
    tags: [],
    stage: 'customer',
    owner: 'rep@example.com',
    custom: {},
    doNotContact: 0,
    createdAt: 0,
    updatedAt: 0,
    risk: 80,
    ...over,
  };
}
