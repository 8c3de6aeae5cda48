import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VALIDATION_KEYS, validatePlaybook } from '../../../lib/playbooks/validate';
import type { Playbook } from '../../../lib/playbooks/types';
import type { Condition } from '../../../lib/segments/filter';
import { highRiskPlaybook, known } from './fixtures';

const issuesOf = (p: unknown) => {
  const r = validatePlaybook(p, known);
  return r.ok ? [] : r.issues.map((i) => `${i.path} ${i.key}${i.params.length ? ` ${i.params.join(',')}` : ''}`);
};
const withConditions = (conditions: Condition[], over: Partial<Playbook> = {}) => highRiskPlaybook({ conditions: { conditions }, ...over });

describe('validatePlaybook', () => {
  it('accepts the issue example and fills defaults', () => {
    const r = validatePlaybook(highRiskPlaybook(), known);
    expect(r.ok).toBe(true);
    const stage = validatePlaybook({ ...highRiskPlaybook(), trigger: { type: 'stage-change', to: ['customer'] } }, known);
    expect(stage.ok && stage.playbook.trigger).toEqual({ type: 'stage-change', from: [], to: ['customer'] });
  });

  it('names the field of a malformed playbook', () => {
    expect(issuesOf({ ...highRiskPlaybook(), name: '  ' })).toEqual(['name pbErrName']);
    expect(issuesOf({ ...highRiskPlaybook(), actions: [] })).toEqual(['actions pbErrNoActions']);
    expect(issuesOf({ ...highRiskPlaybook(), actions: [{ type: 'create-task', owner: '', taskType: 'call', title: 'x', dueInDays: 1, dueTime: '25:00' }] })).toEqual([
      'actions.0.dueTime pbErrInvalid',
    ]);
  });

  it('refuses an empty band set, alert kinds, stages or tags in the trigger', () => {
    expect(issuesOf(highRiskPlaybook({ trigger: { type: 'band-entered', bands: [] } }))).toEqual(['trigger.bands pbErrNoBands']);
    expect(issuesOf(highRiskPlaybook({ trigger: { type: 'alert', kinds: [] } }))).toEqual(['trigger.kinds pbErrNoAlertKinds']);
    expect(issuesOf(highRiskPlaybook({ trigger: { type: 'stage-change', from: ['lead'], to: [] } }))).toEqual(['trigger.to pbErrNoStages']);
    expect(issuesOf(highRiskPlaybook({ trigger: { type: 'tag-added', tagIds: [] } }))).toEqual(['trigger.tagIds pbErrNoTags']);
  });

  it('refuses revenue above 10 and below 5, naming both conditions', () => {
    const gt = { type: 'custom', key: 'revenue', op: 'gt', value: '10' } as const;
    const lt = { type: 'custom', key: 'revenue', op: 'lt', value: '5' } as const;
    expect(issuesOf(withConditions([gt, { type: 'stage', stages: ['customer'] }, lt]))).toEqual(['conditions.2.value pbErrContradicts 1']);
    expect(issuesOf(withConditions([lt, gt]))).toEqual(['conditions.1.value pbErrContradicts 1']);
    // Above 10 and below 10: nothing either; above 5 and below 10 is fine, and so are two different fields.
    expect(issuesOf(withConditions([gt, { ...lt, value: '10' }]))).toHaveLength(1);
    expect(
      issuesOf(
        withConditions([
          { ...gt, value: '5' },
          { ...lt, value: '10' },
        ]),
      ),
    ).toEqual([]);
    expect(issuesOf(withConditions([gt, { ...lt, key: 'seats' }]))).toEqual([]);
  });

  it('refuses other contradictions and lets possible combinations pass', () => {
    const cases: [Condition[], string[]][] = [
      [
        [
          { type: 'custom', key: 'plan', op: 'equals', value: 'Pro' },
          { type: 'custom', key: 'plan', op: 'equals', value: 'pro ' },
        ],
        [],
      ],
      [
        [
          { type: 'custom', key: 'plan', op: 'equals', value: 'Pro' },
          { type: 'custom', key: 'plan', op: 'equals', value: 'Free' },
        ],
        ['conditions.1.value pbErrContradicts 1'],
      ],
      [
        [
          { type: 'custom', key: 'plan', op: 'empty' },
          { type: 'custom', key: 'plan', op: 'notEmpty' },
        ],
        ['conditions.1.op pbErrContradicts 1'],
      ],
      [
        [
          { type: 'tags', mode: 'all', tagIds: [10, 11] },
          { type: 'tags', mode: 'none', tagIds: [11] },
        ],
        ['conditions.1.tagIds pbErrContradicts 1'],
      ],
      [
        [
          { type: 'tags', mode: 'any', tagIds: [10, 11] },
          { type: 'tags', mode: 'none', tagIds: [11] },
        ],
        [],
      ],
      [
        [
          { type: 'stage', stages: ['customer', 'at-risk'] },
          { type: 'stage', stages: ['lead'] },
        ],
        ['conditions.1.stages pbErrContradicts 1'],
      ],
      [
        [
          { type: 'stage', stages: ['customer', 'at-risk'] },
          { type: 'stage', stages: ['at-risk', 'lead'] },
        ],
        [],
      ],
      [
        [
          { type: 'doNotContact', value: true },
          { type: 'doNotContact', value: false },
        ],
        ['conditions.1.value pbErrContradicts 1'],
      ],
      [
        [
          { type: 'lastContact', op: 'olderThan', days: 30 },
          { type: 'lastContact', op: 'newerThan', days: 30 },
        ],
        ['conditions.1.days pbErrContradicts 1'],
      ],
      [
        [
          { type: 'lastContact', op: 'olderThan', days: 30 },
          { type: 'lastContact', op: 'newerThan', days: 60 },
        ],
        [],
      ],
      [[{ type: 'risk', min: 80, max: 20 }], ['conditions.0.max pbErrRiskRange']],
      [[{ type: 'risk', bands: ['low'] }], ['conditions.0.bands pbErrContradictsTrigger']],
      [[{ type: 'risk', bands: ['low', 'high'] }], []],
    ];
    for (const [conditions, expected] of cases) expect(issuesOf(withConditions(conditions)), JSON.stringify(conditions)).toEqual(expected);
    const onboarding = highRiskPlaybook({ trigger: { type: 'stage-change', from: [], to: ['customer'] }, conditions: { conditions: [{ type: 'stage', stages: ['lead'] }] } });
    expect(issuesOf(onboarding)).toEqual(['conditions.0.stages pbErrContradictsTrigger']);
  });

  it('refuses references to a deleted tag, owner, sequence or template, naming each field', () => {
    const p = highRiskPlaybook({
      trigger: { type: 'tag-added', tagIds: [10, 99] },
      conditions: {
        conditions: [
          {
            type: 'or',
            conditions: [
              { type: 'stage', stages: ['customer'] },
              { type: 'tags', mode: 'any', tagIds: [98] },
            ],
          },
        ],
      },
      actions: [
        { type: 'set-owner', owner: 'Gone@example.com' },
        { type: 'create-task', owner: 'CS@example.com', taskType: 'email', title: 'Write', dueInDays: 0, templateId: 7 },
        { type: 'remove-tag', tagId: 97 },
        { type: 'enrol', sequenceId: 'deleted-seq' },
      ],
    });
    expect(issuesOf(p)).toEqual([
      'trigger.tagIds pbErrDeletedTag 99',
      'conditions.0.conditions.1.tagIds pbErrDeletedTag 98',
      'actions.0.owner pbErrDeletedOwner Gone@example.com',
      'actions.1.templateId pbErrDeletedTemplate 7',
      'actions.2.tagId pbErrDeletedTag 97',
      'actions.3.sequenceId pbErrDeletedSequence deleted-seq',
    ]);
  });

  it('has every message key in English and Japanese', () => {
    for (const lang of ['en', 'ja']) {
      const messages = JSON.parse(readFileSync(join(import.meta.dirname, '../../../public/_locales', lang, 'messages.json'), 'utf8')) as Record<string, unknown>;
      expect(
        VALIDATION_KEYS.filter((k) => !(k in messages)),
        lang,
      ).toEqual([]);
    }
  });
});
