// Evaluating 20 playbooks over 100,000 contacts' events after a rescore (a score event for each, most moving a
// few points, plus alerts, stage changes and tag additions) and planning their actions, next to one pass that only reads the same events.
// BENCH_SCALE=0.1 for a quick run while developing; the goal is stated for the full size.
import { ALERT_KINDS, type Stage } from '../lib/db/types';
import type { BandName } from '../lib/churn/bands';
import { planRun } from '../lib/playbooks/plan';
import type { KnownRefs, Playbook, PlaybookEvent, Trigger } from '../lib/playbooks/types';
import type { SegmentContact } from '../lib/segments/columns';
import type { SegmentFilter } from '../lib/segments/filter';
import { medianMs, report } from './_measure';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const CONTACTS = Math.round(100_000 * SCALE);
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 2, 9);
const STAGES: Stage[] = ['lead', 'customer', 'at-risk', 'churned', 'advocate'];
const band = (score: number): BandName => (score >= 70 ? 'high' : score >= 40 ? 'medium' : 'low');

function contacts(): Map<number, SegmentContact> {
  const map = new Map<number, SegmentContact>();
  for (let i = 1; i <= CONTACTS; i++) {
    map.set(i, {
      id: i,
      email: `user${i}@company${i % 5000}.example`,
      name: `Contact ${i}`,
      tags: [1 + (i % 20)],
      stage: i % 7 === 0 ? 'lead' : 'customer',
      owner: `owner${i % 10}@example.com`,
      custom: { plan: ['Pro', 'Basic', 'Enterprise'][i % 3], revenue: String((i * 37) % 100_000), renewal: new Date(NOW + (i % 400) * DAY).toISOString().slice(0, 10) },
      doNotContact: i % 50 === 0 ? 1 : 0,
      createdAt: 0,
      updatedAt: 0,
      risk: (i * 13) % 101,
    });
  }
  return map;
}

function events(): PlaybookEvent[] {
  const out: PlaybookEvent[] = [];
  for (let i = 1; i <= CONTACTS; i++) {
    const newScore = (i * 13) % 101;
    // A rescore moves most scores by a few points; one contact in twenty jumps (a new signal).
    const oldScore = i % 20 === 0 ? (i * 7) % 101 : Math.min(100, Math.max(0, newScore - ((i * 7) % 9) + 4));
    out.push({ type: 'score', contactId: i, at: NOW - (i % 600) * 1000, oldBand: band(oldScore), newBand: band(newScore), oldScore, newScore });
    if (i % 20 === 0) out.push({ type: 'alert', contactId: i, at: NOW, kind: ALERT_KINDS[i % ALERT_KINDS.length], key: `${i}:${ALERT_KINDS[i % ALERT_KINDS.length]}:m${i}` });
    if (i % 50 === 0) out.push({ type: 'stage', contactId: i, at: NOW - i, from: 'lead', to: STAGES[i % 5] });
    if (i % 40 === 0) out.push({ type: 'tag', contactId: i, at: NOW - i, tagId: 1 + (i % 20) });
  }
  return out;
}

const TRIGGERS: Trigger[] = [
  { type: 'band-entered', bands: ['high'] },
  { type: 'band-entered', bands: ['medium', 'high'] },
  { type: 'chance-rise', points: 10 },
  { type: 'chance-rise', points: 30 },
  { type: 'alert', kinds: ['unanswered', 'intent'] },
  { type: 'alert', kinds: ['payment-overdue', 'renewal-silent', 'high-risk'] },
  { type: 'stage-change', from: [], to: ['customer'] },
  { type: 'tag-added', tagIds: [3, 4, 5] },
  { type: 'date-field', field: 'renewal', daysBefore: 30 },
  { type: 'band-entered', bands: ['low'] },
];
const FILTERS: SegmentFilter[] = [
  { conditions: [] },
  { conditions: [{ type: 'stage', stages: ['customer'] }] },
  {
    conditions: [
      { type: 'custom', key: 'revenue', op: 'gt', value: '20000' },
      { type: 'tags', mode: 'none', tagIds: [7] },
    ],
  },
  {
    conditions: [
      {
        type: 'or',
        conditions: [
          { type: 'owner', owners: ['owner1@example.com'] },
          { type: 'custom', key: 'plan', op: 'equals', value: 'Pro' },
        ],
      },
    ],
  },
];

function playbooks(): Playbook[] {
  return Array.from({ length: 20 }, (_, i) => ({
    id: `pb-${i}`,
    name: `Playbook ${i}`,
    enabled: true,
    trigger: TRIGGERS[i % TRIGGERS.length],
    conditions: FILTERS[i % FILTERS.length],
    actions: [
      { type: 'set-owner', owner: 'cs@example.com' },
      { type: 'create-task', owner: '', taskType: 'call', title: 'Call', dueInDays: 1, dueTime: '10:00' },
      { type: 'add-tag', tagId: 1 + (i % 20) },
      ...(i % 2 === 0 ? [{ type: 'enrol' as const, sequenceId: 'win-back' }] : []),
    ],
    createdAt: i,
    updatedAt: i,
  }));
}

/** Median time of planning 20 playbooks over a rescore of every contact, against one pass that only reads the events. */
export default async function playbooksBench(): Promise<void> {
  const book = contacts();
  const list = events();
  const rules = playbooks();
  const known: KnownRefs = { templateIds: new Set(), owners: new Set(['cs@example.com']), sequenceIds: new Set(['win-back']), tagIds: new Set(Array.from({ length: 20 }, (_, i) => i + 1)) };
  console.log(`${CONTACTS.toLocaleString('en')} contacts, ${list.length.toLocaleString('en')} events, ${rules.length} playbooks`);

  let sink = 0;
  const baseline = await medianMs(() => {
    for (const e of list) sink += e.at + e.contactId + (e.type === 'score' ? e.newScore : 0);
  });
  let summary = '';
  const planMs = await medianMs(() => {
    const plan = planRun(rules, { now: NOW, timeZone: 'Asia/Tokyo', events: list, contacts: book, done: new Set(), known, enrolmentBudget: Number.MAX_SAFE_INTEGER });
    summary = `${plan.contacts.length.toLocaleString('en')} contacts acted on, ${plan.contacts.reduce((n, c) => n + c.actions.length, 0).toLocaleString('en')} actions, ${plan.enrolments.planned.toLocaleString('en')} enrolments`;
  }, 3);
  report(
    `plan 20 playbooks over ${CONTACTS.toLocaleString('en')} contacts' events`,
    planMs,
    'one pass reading the events',
    baseline,
    SCALE === 1 ? '≤ 2,000 ms' : `≤ 2,000 ms at full size (BENCH_SCALE=${SCALE})`,
  );
  console.log(`  ${summary}${sink === -1 ? ' ' : ''}`);
}
