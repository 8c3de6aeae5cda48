import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluatePlaybook, previewPlaybook, type RunInput } from '../../../lib/playbooks/evaluate';
import { PLAN_KEYS, dueAtFor, enrolmentBudget, planRun, type PlanInput } from '../../../lib/playbooks/plan';
import type { Playbook, PlaybookEvent } from '../../../lib/playbooks/types';
import type { SegmentContact } from '../../../lib/segments/columns';
import { contact, highRiskPlaybook, known } from './fixtures';

const NOW = Date.UTC(2026, 11, 2, 9, 0); // 2026-12-02 09:00 UTC
const H = 3_600_000;

function input(events: PlaybookEvent[], contacts: SegmentContact[], over: Partial<PlanInput> = {}): PlanInput {
  return { now: NOW, events, contacts: new Map(contacts.map((c) => [c.id, c])), done: new Set(), known, enrolmentBudget: 100, ...over };
}
const keysOf = (p: Playbook, run: RunInput) => evaluatePlaybook(p, run).map((f) => f.key);
const score = (contactId: number, oldBand: 'low' | 'medium' | 'high' | undefined, newBand: 'low' | 'medium' | 'high', oldScore?: number, newScore = 80, at = NOW - H): PlaybookEvent => ({
  type: 'score',
  contactId,
  at,
  oldBand,
  newBand,
  oldScore,
  newScore,
});

describe('playbook triggers', () => {
  const people = [1, 2, 3, 4].map((id) => contact(id));

  it('band entered: into the band from another or from never scored, not staying in it', () => {
    const events = [score(1, 'medium', 'high', 50), score(2, 'high', 'high', 75), score(3, undefined, 'high'), score(4, 'low', 'medium', 10, 45)];
    expect(keysOf(highRiskPlaybook(), input(events, people))).toEqual(['pb:pb-high:1:band:high:2026-12-02', 'pb:pb-high:3:band:high:2026-12-02']);
  });

  it('chance rises by at least N points within one rescore', () => {
    const p = highRiskPlaybook({ trigger: { type: 'chance-rise', points: 10 } });
    const events = [score(1, 'low', 'medium', 30, 40), score(2, 'low', 'low', 30, 39), score(3, undefined, 'high', undefined, 90), score(4, 'high', 'high', 70, 95)];
    expect(keysOf(p, input(events, people))).toEqual(['pb:pb-high:1:rise:2026-12-02', 'pb:pb-high:4:rise:2026-12-02']);
  });

  it('an alert of a chosen kind, keyed by the alert', () => {
    const p = highRiskPlaybook({ trigger: { type: 'alert', kinds: ['unanswered', 'renewal-silent'] } });
    const events: PlaybookEvent[] = [
      { type: 'alert', contactId: 1, at: NOW, kind: 'unanswered', key: '1:unanswered:m1' },
      { type: 'alert', contactId: 2, at: NOW, kind: 'intent', key: '2:intent:m2' },
      { type: 'alert', contactId: 3, at: NOW, kind: 'renewal-silent', key: '3:renewal-silent:2026-12-20' },
    ];
    expect(keysOf(p, input(events, people))).toEqual(['pb:pb-high:alert:1:unanswered:m1', 'pb:pb-high:alert:3:renewal-silent:2026-12-20']);
  });

  it('a stage change from one of the stages (any when none) to one of them', () => {
    const events: PlaybookEvent[] = [
      { type: 'stage', contactId: 1, at: NOW - 2 * H, from: 'lead', to: 'customer' },
      { type: 'stage', contactId: 2, at: NOW - H, from: 'customer', to: 'at-risk' },
      { type: 'stage', contactId: 3, at: NOW - H, from: 'churned', to: 'customer' },
    ];
    const any = highRiskPlaybook({ trigger: { type: 'stage-change', from: [], to: ['customer'] } });
    expect(keysOf(any, input(events, people))).toEqual([`pb:pb-high:1:stage:lead>customer:${NOW - 2 * H}`, `pb:pb-high:3:stage:churned>customer:${NOW - H}`]);
    const fromLead = highRiskPlaybook({ trigger: { type: 'stage-change', from: ['lead'], to: ['customer'] } });
    expect(keysOf(fromLead, input(events, people))).toEqual([`pb:pb-high:1:stage:lead>customer:${NOW - 2 * H}`]);
  });

  it('a tag is added', () => {
    const p = highRiskPlaybook({ trigger: { type: 'tag-added', tagIds: [10] } });
    const events: PlaybookEvent[] = [
      { type: 'tag', contactId: 1, at: NOW, tagId: 10 },
      { type: 'tag', contactId: 2, at: NOW, tagId: 11 },
    ];
    expect(keysOf(p, input(events, people))).toEqual([`pb:pb-high:1:tag:10:${NOW}`]);
  });

  it('a date field N days away fires once per date, on the first run within N days', () => {
    const p = highRiskPlaybook({ trigger: { type: 'date-field', field: 'renewal', daysBefore: 7 } });
    const renewing = [
      contact(1, { custom: { renewal: '2026-12-12' } }),
      contact(2, { custom: { renewal: '2026/12/05' } }),
      contact(3, { custom: { renewal: '2026-11-30' } }),
      contact(4, { custom: { renewal: 'soon' } }),
    ];
    const day = (d: number) => Date.UTC(2026, 11, d, 9);
    expect(keysOf(p, input([], renewing, { now: day(2) }))).toEqual(['pb:pb-high:2:date:renewal:2026-12-05']);
    const done = new Set(keysOf(p, input([], renewing, { now: day(2) })));
    expect(keysOf(p, input([], renewing, { now: day(5), done }))).toEqual(['pb:pb-high:1:date:renewal:2026-12-12']);
    // Renewed: the next year's date fires again.
    const renewed = [contact(2, { custom: { renewal: '2027-12-05' } })];
    expect(keysOf(p, input([], renewed, { now: Date.UTC(2027, 11, 1), done }))).toEqual(['pb:pb-high:2:date:renewal:2027-12-05']);
  });

  it('only for contacts that exist and meet the conditions now', () => {
    const vip = highRiskPlaybook({
      conditions: {
        conditions: [
          { type: 'tags', mode: 'any', tagIds: [10] },
          { type: 'custom', key: 'revenue', op: 'gt', value: '1000' },
        ],
      },
    });
    const contacts = [contact(1, { tags: [10], custom: { revenue: '5,000' } }), contact(2, { tags: [10], custom: { revenue: '500' } }), contact(3, { custom: { revenue: '9000' } })];
    const events = [1, 2, 3, 4].map((id) => score(id, 'medium', 'high'));
    expect(keysOf(vip, input(events, contacts))).toEqual(['pb:pb-high:1:band:high:2026-12-02']);
  });
});

describe('planRun', () => {
  const people = [1, 2, 3, 4, 5].map((id) => contact(id));
  const events = [5, 3, 1, 4, 2].map((id) => score(id, 'medium', 'high', 50, 80, NOW - id * H));

  it('plans owner, task and enrolment per contact, with the task for the new owner, due tomorrow at 10:00 local time', () => {
    const plan = planRun([highRiskPlaybook()], input(events.slice(0, 1), people, { timeZone: 'Asia/Tokyo' }));
    const key = 'pb:pb-high:5:band:high:2026-12-02';
    expect(plan.contacts).toEqual([
      {
        contactId: 5,
        keys: [key],
        actions: [
          { type: 'set-owner', key: `${key}:0`, contactId: 5, owner: 'cs@example.com' },
          { type: 'create-task', key: `${key}:1`, contactId: 5, title: 'Call them', dueAt: Date.UTC(2026, 11, 3, 1, 0), owner: 'cs@example.com', taskType: 'call' },
          { type: 'enrol', key: `${key}:2`, contactId: 5, sequenceId: 'win-back' },
        ],
        audit: [{ key, playbookId: 'pb-high', contactId: 5, at: NOW, event: { type: 'band', band: 'high', score: 80 }, actions: plan.contacts[0].actions }],
      },
    ]);
    expect(plan.paused).toEqual([]);
    expect(plan.stoppedAtQuota).toEqual([]);
  });

  it('never acts twice: a re-run with the applied keys plans nothing, and an unapplied plan is planned again the same', () => {
    const first = planRun([highRiskPlaybook()], input(events, people));
    expect(first.contacts.map((c) => c.contactId)).toEqual([1, 2, 3, 4, 5]);
    // A crash before applying: the same input plans exactly the same again.
    expect(planRun([highRiskPlaybook()], input(events, people))).toEqual(first);
    const done = new Set(first.contacts.flatMap((c) => c.keys));
    const again = planRun([highRiskPlaybook()], input([...events, ...events], people, { done }));
    expect(again.contacts).toEqual([]);
    expect(again.enrolments.planned).toBe(0);
  });

  it('is deterministic whatever the order of events and playbooks', () => {
    const tagger = highRiskPlaybook({ id: 'pb-tag', createdAt: 0, actions: [{ type: 'add-tag', tagId: 11 }] });
    const a = planRun([highRiskPlaybook(), tagger], input(events, people));
    const b = planRun([tagger, highRiskPlaybook()], input([...events].reverse(), people));
    expect(b).toEqual(a);
    expect(a.contacts[0].audit.map((e) => e.playbookId)).toEqual(['pb-tag', 'pb-high']);
  });

  it('stops at the enrolment budget and says so; playbooks that do not enrol go on', () => {
    const tagger = highRiskPlaybook({ id: 'pb-tag', createdAt: 5, actions: [{ type: 'add-tag', tagId: 11 }] });
    const plan = planRun([highRiskPlaybook(), tagger], input(events, people, { enrolmentBudget: 2 }));
    expect(plan.enrolments).toEqual({ planned: 2, budget: 2 });
    expect(plan.stoppedAtQuota).toEqual([{ playbookId: 'pb-high', notActed: 3, resumeFrom: NOW - 3 * H, reason: { key: 'pbStoppedAtQuota', params: ['2', '3'] } }]);
    const enrolled = plan.contacts.filter((c) => c.actions.some((a) => a.type === 'enrol')).map((c) => c.contactId);
    // Oldest events first: contacts 5 and 4 entered high first.
    expect(enrolled).toEqual([4, 5]);
    expect(plan.contacts.flatMap((c) => c.keys).filter((k) => k.startsWith('pb:pb-high'))).toHaveLength(2);
    expect(plan.contacts.flatMap((c) => c.keys).filter((k) => k.startsWith('pb:pb-tag'))).toHaveLength(5);
    // The next day, with the budget back and the events read again from resumeFrom, the other three are enrolled once.
    const done = new Set(plan.contacts.flatMap((c) => c.keys));
    const later = events.filter((e) => e.at >= plan.stoppedAtQuota[0].resumeFrom);
    const next = planRun([highRiskPlaybook(), tagger], input(later, people, { now: NOW + 24 * H, done, enrolmentBudget: 2 }));
    expect(next.contacts.map((c) => c.contactId)).toEqual([2, 3]);
    expect(next.stoppedAtQuota).toMatchObject([{ notActed: 1, resumeFrom: NOW - H }]);
  });

  it('pauses a playbook that refers to a deleted sequence, naming it, and acts on nothing for it', () => {
    const plan = planRun([highRiskPlaybook()], input(events, people, { known: { ...known, sequenceIds: new Set(['onboarding']) } }));
    expect(plan.paused).toEqual([{ playbookId: 'pb-high', path: 'actions.2.sequenceId', reason: { key: 'pbErrDeletedSequence', params: ['win-back'] } }]);
    expect(plan.contacts).toEqual([]);
  });

  it('skips disabled playbooks', () => {
    expect(planRun([highRiskPlaybook({ enabled: false })], input(events, people)).contacts).toEqual([]);
  });
});

describe('enrolmentBudget and dueAtFor', () => {
  it('leaves 90 % of the cap less the last 24 h of sends and enrolments', () => {
    const ledger = [
      { at: NOW - 25 * H, count: 100, kind: 'send' as const },
      { at: NOW - H, count: 40, kind: 'send' as const },
    ];
    expect(enrolmentBudget(ledger, NOW, 500, 10)).toBe(450 - 40 - 10);
    expect(enrolmentBudget(ledger, NOW, 50, 10)).toBe(0);
  });
  it('puts a time of day on the wall clock of the zone, days counted from the local date', () => {
    expect(dueAtFor(NOW, 3, undefined)).toBe(NOW + 3 * 24 * H);
    expect(dueAtFor(NOW, 0, '17:30', 'UTC')).toBe(Date.UTC(2026, 11, 2, 17, 30));
    // 09:00 UTC is 18:00 in Tokyo: "tomorrow 10:00" is Dec 3, 01:00 UTC.
    expect(dueAtFor(NOW, 1, '10:00', 'Asia/Tokyo')).toBe(Date.UTC(2026, 11, 3, 1, 0));
  });
  it('has every plan message in every locale', () => {
    for (const lang of ['en', 'ja']) {
      const messages = JSON.parse(readFileSync(join(import.meta.dirname, '../../../public/_locales', lang, 'messages.json'), 'utf8')) as Record<string, unknown>;
      expect(
        PLAN_KEYS.filter((k) => !(k in messages)),
        lang,
      ).toEqual([]);
    }
  });
});

describe('previewPlaybook', () => {
  it('lists the contacts in the band now for a band trigger, and today’s firings otherwise, acting on nothing', () => {
    const contacts = [contact(1, { risk: 90 }), contact(2, { risk: 20 }), contact(3, { risk: 75, stage: 'lead' }), contact(4, { risk: 71, tags: [10] })];
    const bandOf = (c: SegmentContact) => (c.risk === undefined ? undefined : c.risk >= 70 ? 'high' : c.risk >= 40 ? 'medium' : 'low');
    const customers = highRiskPlaybook({ conditions: { conditions: [{ type: 'stage', stages: ['customer'] }] } });
    expect(previewPlaybook(customers, { ...input([], contacts), bandOf })).toEqual([1, 4]);
    const tagged = highRiskPlaybook({ trigger: { type: 'tag-added', tagIds: [10] } });
    expect(previewPlaybook(tagged, { ...input([{ type: 'tag', contactId: 4, at: NOW, tagId: 10 }], contacts), bandOf })).toEqual([4]);
  });
});
