import type { Table } from 'dexie';
import { contactStoreOf } from '../contacts/dexie-store';
import { activityStoreOf } from '../activities/dexie-store';
import { stageDates } from '../contacts/profile';
import type { KizunaDb } from '../db/schema';
import { bandFor, type BandName } from '../churn/bands';
import type { LedgerEntry } from '../campaigns/types';
import type { SegmentContact } from '../segments/columns';
import { DEFAULT_BAND_THRESHOLDS, type BandThresholds } from '../segments/risk-band';
import { enrolmentBudget, planRun, type AuditEntry, type ContactPlan, type Plan, type PlannedAction } from './plan';
import { decideEnrolment, type Sequence } from './sequence';
import { incompleteSequencesOf, ownersOf } from './known';
import { playbookStoreOf } from './store';
import type { KnownRefs, PlaybookEvent } from './types';

const DAY = 86_400_000;

export type PlannedTask = Extract<PlannedAction, { type: 'create-task' }>;

/**
 * How a run makes tasks (the TaskStore, wired by the background). Called inside the contact's transaction: its tables
 * must be in `tables`, and `create` must be a no-op for a `key` it has seen (the task's unique source key).
 */
export interface TaskSink {
  tables: readonly Table[];
  create(task: PlannedTask): Promise<void>;
}

/** What applying a plan did: contacts changed, contacts skipped (already applied, or deleted), enrolments refused. */
export interface ApplySummary {
  applied: number;
  skipped: number;
  refused: number;
}

/** A log row as stored: the planned entry, with any enrolment the run refused (recorded, not retried). */
export type StoredAuditEntry = AuditEntry & { refused?: { key: string; reason: string }[] };

type ContactResult = 'applied' | 'skipped' | number;

/** The tables applying a plan writes (and reads): the contact store's, the history, the log, enrolments, the task sink's. */
function applyTables(db: KizunaDb, tasks?: TaskSink): Table[] {
  return [...contactStoreOf(db).tables, ...activityStoreOf(db).tables, db.playbookLog, db.enrolments, db.sequences, ...(tasks?.tables ?? [])];
}

/** Applies one contact's plan in one transaction with its log rows; skipped when any of its keys is logged already. */
export async function applyContactPlan(db: KizunaDb, plan: ContactPlan, now: number, tasks?: TaskSink): Promise<ContactResult> {
  return db.transaction('rw', applyTables(db, tasks), () => applyInTransaction(db, plan, now, tasks));
}

// One contact's plan inside the caller's transaction (one contact's, or a chunk's).
async function applyInTransaction(db: KizunaDb, plan: ContactPlan, now: number, tasks?: TaskSink): Promise<ContactResult> {
  const contacts = contactStoreOf(db);
  // Another context (or this one before a crash) applied it: the log row went in with the changes.
  if ((await db.playbookLog.bulkGet(plan.keys)).some(Boolean)) return 'skipped';
  const contact = await contacts.get(plan.contactId);
  if (!contact) return 'skipped';
  const refused = new Map<string, { key: string; reason: string }>();
  for (const action of plan.actions) {
    switch (action.type) {
      case 'set-owner':
        await contacts.update(action.contactId, { owner: action.owner, updatedAt: now });
        break;
      case 'set-stage': {
        // Like a stage change in the UI: a history row (Reports, the stage trigger) and customerSince / churnedAt.
        const current = await contacts.get(action.contactId);
        if (!current || current.stage === action.stage) break;
        const playbookId = plan.audit.find((a) => action.key.startsWith(`${a.key}:`))?.playbookId;
        await activityStoreOf(db).add({ kind: 'stage', contactIds: [action.contactId], at: now, fromStage: current.stage, toStage: action.stage, ...(playbookId ? { playbookId } : {}) });
        await contacts.update(action.contactId, { stage: action.stage, ...stageDates(current, action.stage, now), updatedAt: now });
        break;
      }
      case 'add-tag':
        await contacts.addToTag(action.tagId, [action.contactId]);
        break;
      case 'remove-tag':
        await contacts.removeFromTag(action.tagId, [action.contactId]);
        break;
      case 'create-task':
        // No task store wired (the tasks work is not merged): the log row still says what was planned.
        if (tasks) await tasks.create(action);
        break;
      case 'enrol': {
        const [sequence, existing, all] = await Promise.all([db.sequences.get(action.sequenceId), db.enrolments.where('contactId').equals(action.contactId).toArray(), db.sequences.toArray()]);
        const playbookId = plan.audit.find((a) => action.key.startsWith(`${a.key}:`))?.playbookId;
        const decision = sequence
          ? decideEnrolment({ ...action, playbookId }, sequence, contact, existing, new Map<string, Sequence>(all.map((s) => [s.id, s])), now)
          : ({ refused: 'deleted-sequence' } as const);
        if ('enrolment' in decision) await db.enrolments.add(decision.enrolment);
        else refused.set(action.key, { key: action.key, reason: decision.refused });
        break;
      }
    }
  }
  const rows: StoredAuditEntry[] = plan.audit.map((a) => {
    const mine = a.actions.flatMap((x) => refused.get(x.key) ?? []);
    return mine.length ? { ...a, refused: mine } : a;
  });
  await db.playbookLog.bulkAdd(rows);
  return refused.size ? refused.size : 'applied';
}

/** Contacts applied per transaction: one transaction each cost most of a large plan's time (docs/playbooks.md). */
export const APPLY_CHUNK = 50;

/**
 * Applies a plan a chunk of contacts per transaction (each contact still all or nothing, skipped when its keys are
 * logged), then pauses the playbooks it says to pause. A chunk that fails rolls back whole and is applied again
 * contact by contact, so the contacts before the failing one are applied and its error is thrown, as one by one.
 */
export async function applyPlan(db: KizunaDb, plan: Plan, now: number, tasks?: TaskSink, chunk = APPLY_CHUNK): Promise<ApplySummary> {
  const summary: ApplySummary = { applied: 0, skipped: 0, refused: 0 };
  const tables = applyTables(db, tasks);
  for (let i = 0; i < plan.contacts.length; i += chunk) {
    const part = plan.contacts.slice(i, i + chunk);
    let results: ContactResult[];
    try {
      results = await db.transaction('rw', tables, async () => {
        const out: ContactResult[] = [];
        for (const contactPlan of part) out.push(await applyInTransaction(db, contactPlan, now, tasks));
        return out;
      });
    } catch {
      results = [];
      for (const contactPlan of part) results.push(await applyContactPlan(db, contactPlan, now, tasks));
    }
    for (const result of results) {
      if (result === 'skipped') summary.skipped++;
      else {
        summary.applied++;
        if (typeof result === 'number') summary.refused += result;
      }
    }
  }
  const store = playbookStoreOf(db);
  for (const p of plan.paused) await store.pause(p.playbookId, p.reason, now);
  return summary;
}

/** What a run needs besides the database: the clock, the zone, band thresholds, known ids and the sending quota. */
export interface RunOptions {
  now: number;
  timeZone?: string;
  bands?: BandThresholds;
  /**
   * The user's own addresses and template ids that exist now (tags and sequences are read from the database; the
   * owners of the contacts the run reads are added to these, so a run reads the contacts once).
   */
  owners: ReadonlySet<string>;
  templateIds: ReadonlySet<number>;
  /** The send ledger of the last 24 h and the effective daily cap, for the enrolment budget. */
  ledger: readonly LedgerEntry[];
  cap: number;
  tasks?: TaskSink;
  /**
   * In a team: who this browser is (the member's display name and own addresses, lower-cased). A contact owned by
   * another member is left to that member's browser, and a contact without an owner to the browser of the playbook's
   * runner (who last saved or switched it), so two browsers never both act on one event (docs/team-book.md).
   */
  actsFor?: ReadonlySet<string>;
}

/** The events since `from`: score changes (from the stored scores' history), new alerts, stage changes and tag additions. */
export async function eventsSince(db: KizunaDb, from: number, bands: BandThresholds = DEFAULT_BAND_THRESHOLDS): Promise<PlaybookEvent[]> {
  const events: PlaybookEvent[] = [];
  const scores = (await contactStoreOf(db).scores.page({})).filter((s) => s.at >= from);
  for (const s of scores) {
    // The history has one entry per day the score changed; the one before the last is the score before this change.
    const previous = s.history.length > 1 ? s.history[s.history.length - 2][1] : undefined;
    const oldBand: BandName | undefined = previous === undefined ? undefined : bandFor(previous, bands);
    events.push({ type: 'score', contactId: s.contactId, at: s.at, newBand: s.band, newScore: s.score, ...(previous !== undefined ? { oldBand, oldScore: previous } : {}) });
  }
  for (const a of await db.alerts.where('at').aboveOrEqual(from).toArray()) events.push({ type: 'alert', contactId: a.contactId, at: a.at, kind: a.kind, key: a.key });
  const stages = await db.activities
    .where('at')
    .aboveOrEqual(from)
    .filter((a) => a.kind === 'stage')
    .toArray();
  for (const row of await db.tagEvents.where('at').aboveOrEqual(from).toArray()) for (const contactId of row.ids) events.push({ type: 'tag', contactId, at: row.at, tagId: row.tagId });
  for (const a of stages) {
    const { fromStage, toStage, playbookId } = a;
    if (toStage) for (const contactId of a.contactIds) events.push({ type: 'stage', contactId, at: a.at, from: fromStage ?? 'lead', to: toStage, ...(playbookId ? { playbookId } : {}) });
  }
  return events;
}

/**
 * One run of every enabled playbook over the events since the cursor (after a rescore, on the daily alarm): plans,
 * applies contact by contact, pauses playbooks that met a deleted reference, and moves the cursor (to the earliest
 * event left at the quota, when a playbook stopped there). Safe to run twice or after a crash: the log's keys.
 */
export async function runPlaybooks(db: KizunaDb, options: RunOptions): Promise<ApplySummary & { plan: Plan }> {
  const store = playbookStoreOf(db);
  const playbooks = (await store.list()).filter((p) => p.enabled);
  const from = (await store.cursor()) ?? options.now - DAY;
  if (!playbooks.length) {
    await store.setCursor(options.now);
    return { applied: 0, skipped: 0, refused: 0, plan: { contacts: [], paused: [], stoppedAtQuota: [], enrolments: { planned: 0, budget: 0 } } };
  }
  const bands = options.bands ?? DEFAULT_BAND_THRESHOLDS;
  const contactStore = contactStoreOf(db);
  const [events, people, scores, tags, sequences, recentEnrolments, recentStages] = await Promise.all([
    eventsSince(db, from, bands),
    contactStore.all(),
    contactStore.scores.page({}),
    contactStore.tags.list(),
    db.sequences.toArray(),
    db.enrolments.filter((e) => e.createdAt > options.now - DAY).count(),
    db.activities
      .where('at')
      .above(options.now - DAY)
      .filter((a) => a.kind === 'stage' && a.playbookId !== undefined)
      .toArray(),
  ]);
  // The loop guard's count: stage changes playbooks made to each contact in the last 24 h.
  const playbookStageChanges = new Map<number, number>();
  for (const a of recentStages) for (const id of a.contactIds) playbookStageChanges.set(id, (playbookStageChanges.get(id) ?? 0) + 1);
  const scoreOf = new Map(scores.map((s) => [s.contactId, s]));
  const actsFor = options.actsFor;
  const contacts = new Map<number, SegmentContact>(
    people
      .filter((c) => !actsFor || !c.owner || actsFor.has(c.owner.toLowerCase()))
      .map((c) => {
        const score = scoreOf.get(c.id);
        return [c.id, score ? { ...c, risk: score.score, score } : c];
      }),
  );
  const known: KnownRefs = {
    owners: ownersOf(people, options.owners),
    templateIds: options.templateIds,
    tagIds: new Set(tags.map((t) => t.id)),
    sequenceIds: new Set(sequences.map((s) => s.id)),
    incompleteSequenceIds: incompleteSequencesOf(sequences, options.templateIds),
  };
  // The plan only asks about the keys of the events it reads: whatever is logged is done.
  const logged = new Set(await db.playbookLog.toCollection().primaryKeys());
  const plan = planRun(playbooks, {
    now: options.now,
    timeZone: options.timeZone,
    events,
    contacts,
    bands,
    done: logged,
    known,
    enrolmentBudget: enrolmentBudget(options.ledger, options.now, options.cap, recentEnrolments),
    playbookStageChanges,
    // A playbook not shared yet (no runner) is this browser's own.
    ...(actsFor ? { actsForUnowned: (p) => !p.runner || actsFor.has(p.runner.toLowerCase()) } : {}),
  });
  const summary = await applyPlan(db, plan, options.now, options.tasks);
  const resume = plan.stoppedAtQuota.length ? Math.min(...plan.stoppedAtQuota.map((s) => s.resumeFrom)) : options.now;
  await store.setCursor(resume);
  return { ...summary, plan };
}
