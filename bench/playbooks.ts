// Evaluating 20 playbooks over 100,000 contacts' events after a rescore (a score event for each, most moving a
// few points, plus alerts, stage changes and tag additions) and planning their actions, next to one pass that only reads the same events.
// Then applying 2,000 planned actions (lib/playbooks/run.ts: APPLY_CHUNK contacts per transaction, each with its log
// row; and one transaction per contact, as before), with the
// Dexie stores on fake-indexeddb in Node (not a browser's IndexedDB: compare the ratio to its baseline, one rw
// transaction per contact reading and writing its row), and what listing the owners from every contact cost each run
// before the run took them from the contacts it reads anyway. The rescore's own time at the same size is
// bench/risk-recompute.ts at the same BENCH_SCALE (a browser bench): the goal is plan + apply after it ≤ 2 s.
// BENCH_SCALE=0.1 for a quick run while developing; the goal is stated for the full size.
import 'fake-indexeddb/auto';
import { contactStoreOf } from '../lib/contacts/dexie-store';
import { createDb } from '../lib/db/schema';
import { ALERT_KINDS, type Stage } from '../lib/db/types';
import { knownRefsOf, templateIdsOf } from '../lib/playbooks/known';
import { APPLY_CHUNK, applyPlan } from '../lib/playbooks/run';
import { taskSinkOf } from '../lib/playbooks/task-sink';
import type { Plan } from '../lib/playbooks/plan';
import type { BandName } from '../lib/churn/bands';
import { planRun } from '../lib/playbooks/plan';
import type { KnownRefs, Playbook, PlaybookEvent, Trigger } from '../lib/playbooks/types';
import type { SegmentContact } from '../lib/segments/columns';
import type { SegmentFilter } from '../lib/segments/filter';
import { medianMs, report } from './_measure';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const CONTACTS = Math.round(100_000 * SCALE);
const ACTIONS = Math.max(100, Math.round(2_000 * SCALE));
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
  let plan: Plan | undefined;
  const planMs = await medianMs(() => {
    plan = planRun(rules, { now: NOW, timeZone: 'Asia/Tokyo', events: list, contacts: book, done: new Set(), known, enrolmentBudget: Number.MAX_SAFE_INTEGER });
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
  await applyBench(book, plan!, planMs);
}

/** A fresh book of CONTACTS contacts on fake-indexeddb, as the apply bench needs it. */
async function seededDb(name: string, book: Map<number, SegmentContact>) {
  const db = createDb(name);
  const contacts = contactStoreOf(db);
  await contacts.tags.put(Array.from({ length: 20 }, (_, i) => ({ id: i + 1, name: `Tag ${i + 1}`, key: `tag ${i + 1}`, color: '#1a73e8' })));
  const rows = [...book.values()].map(({ risk: _risk, tags: _tags, ...c }) => c);
  for (let i = 0; i < rows.length; i += 10_000) await contacts.put(rows.slice(i, i + 10_000));
  await db.sequences.put({ id: 'win-back', name: 'Win-back', steps: [], sendWithoutApproval: false, allowConcurrent: false });
  return db;
}

/** Applies the first contacts' plans up to ACTIONS actions to a book of CONTACTS contacts on fake-indexeddb. */
async function applyBench(book: Map<number, SegmentContact>, plan: Plan, planMs: number): Promise<void> {
  const db = await seededDb('bench-playbooks-apply', book);
  // The same plan applied one contact per transaction (as before the chunks), on a book of its own.
  const single = await seededDb('bench-playbooks-apply-single', book);
  try {
    const part: Plan = { ...plan, contacts: [], paused: [], stoppedAtQuota: [] };
    let actions = 0;
    for (const c of plan.contacts) {
      if (actions >= ACTIONS) break;
      part.contacts.push(c);
      actions += c.actions.length;
    }
    const ids = part.contacts.map((c) => c.contactId);
    // Baseline: one rw transaction per contact that reads its row and writes it back (what any per-contact apply costs at least).
    const t0 = performance.now();
    for (const id of ids)
      await db.transaction('rw', db.contacts, async () => {
        const row = (await db.contacts.get(id))!;
        await db.contacts.put({ ...row, updatedAt: NOW });
      });
    const baseline = performance.now() - t0;
    const t1 = performance.now();
    const summary = await applyPlan(
      db,
      part,
      NOW,
      taskSinkOf(db, () => NOW),
    );
    const applyMs = performance.now() - t1;
    const t3 = performance.now();
    await applyPlan(
      single,
      part,
      NOW,
      taskSinkOf(single, () => NOW),
      1,
    );
    const singleMs = performance.now() - t3;
    const t2 = performance.now();
    const again = await applyPlan(
      db,
      part,
      NOW,
      taskSinkOf(db, () => NOW),
    );
    const againMs = performance.now() - t2;
    const per = `${ids.length.toLocaleString('en')} contacts, ${actions.toLocaleString('en')} actions`;
    report(`apply a plan of ${per} (fake-indexeddb)`, applyMs, 'one rw get + put per contact', baseline, 'plan + apply ≤ 2,000 ms after the rescore, at full size');
    report(`apply it ${APPLY_CHUNK} contacts per transaction (fake-indexeddb)`, applyMs, 'one transaction per contact', singleMs);
    console.log(`  applied ${summary.applied}, refused ${summary.refused}; the same plan again (a re-run, all logged): ${againMs.toFixed(1)} ms, ${again.skipped} skipped`);
    console.log(`  plan + apply: ${(planMs + applyMs).toFixed(1)} ms (the rescore's own time: bench/risk-recompute.ts at BENCH_SCALE=${SCALE})`);

    // What each run paid before to list the owners (knownRefsOf reads every contact), and what it reads now.
    const fullMs = await medianMs(() => knownRefsOf(db, ['me@example.com']), 3);
    const nowMs = await medianMs(() => templateIdsOf(db), 3);
    report(`known ids with the owners from every contact (the run's old extra read of ${CONTACTS.toLocaleString('en')})`, fullMs, 'known ids now (owners from the run’s own read)', nowMs);
  } finally {
    await db.delete();
    await single.delete();
  }
}
