import { storedScores } from '../../support/stored-scores';
import { afterEach, describe, expect, it } from 'vitest';
import { contactStoreOf } from '../../../lib/contacts/dexie-store';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import { planRun, type Plan } from '../../../lib/playbooks/plan';
import { applyContactPlan, applyPlan, runPlaybooks, type PlannedTask, type TaskSink } from '../../../lib/playbooks/run';
import { playbookStoreOf } from '../../../lib/playbooks/store';
import { taskSinkOf } from '../../../lib/playbooks/task-sink';
import { createDexieTaskStore } from '../../../lib/tasks/dexie-store';
import type { Playbook, PlaybookEvent } from '../../../lib/playbooks/types';
import type { Stage } from '../../../lib/db/types';
import { updateProfile } from '../../../lib/contacts/profile';
import { contact, highRiskPlaybook, known } from './fixtures';

// fake-indexeddb (test/unit/setup.ts): a fresh database per test.
let n = 0;
const opened: KizunaDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

const NOW = Date.UTC(2026, 11, 2, 8);

async function book(): Promise<KizunaDb> {
  const db = createDb(`playbook-run-${++n}`);
  opened.push(db);
  const contacts = contactStoreOf(db);
  for (const id of [1, 2])
    await contacts.add({ email: `c${id}@example.com`, name: `Contact ${id}`, tags: [], stage: 'customer', owner: 'rep@example.com', custom: {}, doNotContact: 0, createdAt: 0, updatedAt: 0 });
  await db.sequences.put({ id: 'win-back', name: 'Win-back', steps: [], sendWithoutApproval: false, allowConcurrent: false });
  return db;
}

/** A task sink as the TaskStore will be: one task per source key. */
function taskSink(db: KizunaDb, failFor?: number): TaskSink & { made: PlannedTask[] } {
  const made: PlannedTask[] = [];
  return {
    made,
    tables: [db.playbookMeta],
    async create(task) {
      if (task.contactId === failFor) throw new Error('crash while applying');
      if (!made.some((t) => t.key === task.key)) made.push(task);
    },
  };
}

function highRiskPlan(): Plan {
  const events: PlaybookEvent[] = [1, 2].map((contactId) => ({ type: 'score', contactId, at: NOW - 1000, oldBand: 'medium', newBand: 'high', oldScore: 40, newScore: 80 }));
  const contacts = new Map([1, 2].map((id) => [id, contact(id)]));
  return planRun([highRiskPlaybook()], { now: NOW, events, contacts, done: new Set(), known, enrolmentBudget: 100 });
}

async function state(db: KizunaDb) {
  const contacts = contactStoreOf(db);
  return {
    owners: (await contacts.getMany([1, 2])).map((c) => c?.owner),
    log: (await db.playbookLog.toArray()).map((r) => r.contactId),
    enrolments: (await db.enrolments.toArray()).map((e) => [e.contactId, e.state]),
  };
}

describe('applying a plan', () => {
  it('makes real tasks through the TaskStore: for the new owner, of the planned type, once however often the plan is applied', async () => {
    const db = await book();
    const plan = highRiskPlan();
    await applyPlan(
      db,
      plan,
      NOW,
      taskSinkOf(db, () => NOW),
    );
    // A second application (another context, or a re-run after a crash) and a second sink add nothing.
    await applyPlan(
      db,
      plan,
      NOW,
      taskSinkOf(db, () => NOW),
    );
    for (const contactPlan of plan.contacts) await db.playbookLog.bulkDelete(contactPlan.keys);
    await applyPlan(
      db,
      plan,
      NOW,
      taskSinkOf(db, () => NOW),
    );
    const tasks = await createDexieTaskStore(db).all();
    expect(tasks.map((t) => [t.contactId, t.owner, t.type, t.createdBy, t.done])).toEqual([
      [1, 'cs@example.com', 'call', 'playbook', 0],
      [2, 'cs@example.com', 'call', 'playbook', 0],
    ]);
  });

  it('gives the account to CS, makes the call task and queues the win-back series for approval, each with its log row', async () => {
    const db = await book();
    const tasks = taskSink(db);
    expect(await applyPlan(db, highRiskPlan(), NOW, tasks)).toEqual({ applied: 2, skipped: 0, refused: 0 });
    expect(await state(db)).toEqual({
      owners: ['cs@example.com', 'cs@example.com'],
      log: [1, 2],
      enrolments: [
        [1, 'awaiting-approval'],
        [2, 'awaiting-approval'],
      ],
    });
    expect(tasks.made.map((t) => [t.contactId, t.owner, t.taskType])).toEqual([
      [1, 'cs@example.com', 'call'],
      [2, 'cs@example.com', 'call'],
    ]);
  });

  it('applying the same plan twice acts once', async () => {
    const db = await book();
    const tasks = taskSink(db);
    const plan = highRiskPlan();
    await applyPlan(db, plan, NOW, tasks);
    const create = tasks.create;
    let calls = 0;
    tasks.create = async (t) => {
      calls++;
      await create(t);
    };
    expect(await applyPlan(db, plan, NOW + 1, tasks)).toEqual({ applied: 0, skipped: 2, refused: 0 });
    expect(calls).toBe(0);
    expect((await state(db)).enrolments).toHaveLength(2);
    expect(await db.playbookLog.count()).toBe(2);
  });

  it('a plan applied halfway (a crash after the first contact) is finished by the next run, the first contact untouched', async () => {
    const db = await book();
    const plan = highRiskPlan();
    await applyContactPlan(db, plan.contacts[0], NOW, taskSink(db));
    const tasks = taskSink(db);
    expect(await applyPlan(db, plan, NOW, tasks)).toEqual({ applied: 1, skipped: 1, refused: 0 });
    expect(tasks.made.map((t) => t.contactId)).toEqual([2]);
    expect((await state(db)).enrolments).toHaveLength(2);
  });

  it('a crash inside a contact’s transaction leaves nothing of it, and the re-run applies it once', async () => {
    const db = await book();
    const plan = highRiskPlan();
    await expect(applyPlan(db, plan, NOW, taskSink(db, 2))).rejects.toThrow('crash while applying');
    expect(await state(db)).toEqual({ owners: ['cs@example.com', 'rep@example.com'], log: [1], enrolments: [[1, 'awaiting-approval']] });
    expect(await applyPlan(db, plan, NOW, taskSink(db))).toEqual({ applied: 1, skipped: 1, refused: 0 });
    expect((await state(db)).owners).toEqual(['cs@example.com', 'cs@example.com']);
  });

  it('records a refused enrolment (the contact is in another sequence) in the log row instead of enrolling', async () => {
    const db = await book();
    await db.sequences.put({ id: 'onboarding', name: 'Onboarding', steps: [], sendWithoutApproval: true, allowConcurrent: false });
    await db.enrolments.add({ id: 'earlier', contactId: 1, sequenceId: 'onboarding', state: 'handed', createdAt: 1, updatedAt: 1 });
    expect(await applyPlan(db, highRiskPlan(), NOW, taskSink(db))).toEqual({ applied: 2, skipped: 0, refused: 1 });
    const row = await db.playbookLog.where('contactId').equals(1).first();
    expect(row).toMatchObject({ refused: [{ reason: 'in-another-sequence' }] });
  });
});

describe('runPlaybooks', () => {
  it('reads the rescore’s score changes since the cursor, acts once across two runs, and moves the cursor', async () => {
    const db = await book();
    await playbookStoreOf(db).save(highRiskPlaybook(), known, 1);
    await playbookStoreOf(db).setCursor(NOW - 60_000);
    await storedScores(db).put({
      contactId: 1,
      score: 80,
      band: 'high',
      at: NOW - 1000,
      basis: 'rules:x',
      history: [
        [1, 40],
        [2, 80],
      ],
    });
    const options = { now: NOW, owners: known.owners, templateIds: known.templateIds, ledger: [], cap: 500, tasks: taskSink(db) };
    expect(await runPlaybooks(db, options)).toMatchObject({ applied: 1 });
    expect(await playbookStoreOf(db).cursor()).toBe(NOW);
    await playbookStoreOf(db).setCursor(NOW - 60_000);
    expect(await runPlaybooks(db, { ...options, now: NOW + 1 })).toMatchObject({ applied: 0 });
    expect((await state(db)).enrolments).toEqual([[1, 'awaiting-approval']]);
  });
});

describe('a stage set by a playbook', () => {
  const stagePlaybook = (id: string, to: Stage[], actions: Playbook['actions']) => highRiskPlaybook({ id, name: id, trigger: { type: 'stage-change', from: [], to }, actions });

  it('writes its stage-history row, which another playbook’s stage trigger sees, and never fires its own playbook again', async () => {
    const db = await book();
    const store = playbookStoreOf(db);
    // P answers "churned" (or "at risk") by setting at risk; Q answers "at risk" with a task.
    await store.save(
      stagePlaybook(
        'p',
        ['churned', 'at-risk'],
        [
          { type: 'set-stage', stage: 'at-risk' },
          { type: 'create-task', owner: '', taskType: 'call', title: 'P', dueInDays: 1 },
        ],
      ),
      known,
      1,
    );
    await store.save(stagePlaybook('q', ['at-risk'], [{ type: 'create-task', owner: '', taskType: 'call', title: 'Q', dueInDays: 1 }]), known, 1);
    await store.setCursor(NOW - 60_000);
    await updateProfile(db, 1, { stage: 'churned' }, NOW - 1000);
    const tasks = taskSink(db);
    const options = { owners: known.owners, templateIds: known.templateIds, ledger: [], cap: 500, tasks };
    for (let run = 0; run < 4; run++) await runPlaybooks(db, { ...options, now: NOW + run * 1000 });

    const contact = await contactStoreOf(db).get(1);
    expect(contact).toMatchObject({ stage: 'at-risk', customerSince: NOW });
    const history = (await db.activities.where('kind').equals('stage').sortBy('at')).map((a) => [a.fromStage, a.toStage, a.at, a.playbookId]);
    expect(history).toEqual([
      ['customer', 'churned', NOW - 1000, undefined],
      ['churned', 'at-risk', NOW, 'p'],
    ]);
    expect(tasks.made.map((t) => t.title).sort()).toEqual(['P', 'Q']);
  });
});

describe('a run’s known owners', () => {
  it('takes the owners of the contacts it reads (no second full read by the caller): a playbook handing accounts to an owner of a contact runs', async () => {
    const db = await book();
    await contactStoreOf(db).update(2, { owner: 'CS@example.com' });
    await playbookStoreOf(db).save(highRiskPlaybook(), known, 1);
    await playbookStoreOf(db).setCursor(NOW - 60_000);
    await storedScores(db).put({ contactId: 1, score: 80, band: 'high', at: NOW - 1000, basis: 'rules:x', history: [[1, 80]] });
    // Only the user's own address: cs@example.com is known because it owns contact 2.
    const run = await runPlaybooks(db, { now: NOW, owners: new Set(['me@example.com']), templateIds: known.templateIds, ledger: [], cap: 500, tasks: taskSink(db) });
    expect(run.plan.paused).toEqual([]);
    expect((await contactStoreOf(db).get(1))?.owner).toBe('cs@example.com');
  });
});

describe('a run in a team', () => {
  it('acts only for contacts this member owns or nobody owns: another member’s browser acts for theirs', async () => {
    const db = await book();
    // Contact 1 is owned by another member (rep@example.com); contact 2 by nobody.
    await contactStoreOf(db).update(2, { owner: '' });
    await playbookStoreOf(db).save(highRiskPlaybook(), known, 1);
    await playbookStoreOf(db).setCursor(NOW - 60_000);
    for (const contactId of [1, 2])
      await storedScores(db).put({
        contactId,
        score: 80,
        band: 'high',
        at: NOW - 1000,
        basis: 'rules:x',
        history: [
          [1, 40],
          [2, 80],
        ],
      });
    const options = { now: NOW, owners: known.owners, templateIds: known.templateIds, ledger: [], cap: 500, tasks: taskSink(db) };
    const run = await runPlaybooks(db, { ...options, actsFor: new Set(['ann', 'ann@example.com']) });
    expect(run.plan.contacts.map((c) => c.contactId)).toEqual([2]);
    expect((await db.playbookLog.toArray()).map((r) => r.contactId)).toEqual([2]);
    // The owner's own browser (by display name, any case) acts for contact 1.
    await playbookStoreOf(db).setCursor(NOW - 60_000);
    const owners = await runPlaybooks(db, { ...options, now: NOW + 1, actsFor: new Set(['rep@example.com']) });
    expect(owners.plan.contacts.map((c) => c.contactId)).toEqual([1]);
  });
});
