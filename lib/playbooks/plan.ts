import type { Stage } from '../db/types';
import { pauseThreshold, usedInWindow } from '../campaigns/ledger';
import type { LedgerEntry } from '../campaigns/types';
import { zonedParts, zonedTime } from '../reports/zone';
import { evaluatePlaybook, indexEvents, type Firing, type FiringEvent, type RunInput } from './evaluate';
import type { TASK_TYPES } from './schema';
import type { KnownRefs, Message, Playbook } from './types';
import { danglingRefs } from './validate';
import { LOOP_LIMIT } from './loop-guard';

const DAY = 86_400_000;

/** Message keys a plan can give (checked against every locale by the tests). */
export const PLAN_KEYS = ['pbStoppedAtQuota', 'pbLoopGuard'] as const;

/** A change to apply to a contact, as plain data; `key` is unique per firing and action, so applying it twice is a no-op. */
export type PlannedAction =
  | { type: 'create-task'; key: string; contactId: number; title: string; dueAt: number; owner: string; taskType: (typeof TASK_TYPES)[number]; templateId?: number }
  | { type: 'set-owner'; key: string; contactId: number; owner: string }
  | { type: 'add-tag'; key: string; contactId: number; tagId: number }
  | { type: 'remove-tag'; key: string; contactId: number; tagId: number }
  | { type: 'set-stage'; key: string; contactId: number; stage: Stage }
  | { type: 'enrol'; key: string; contactId: number; sequenceId: string };

/** One row of a playbook's log: what fired, when, and what it did. Its `key` is the firing's. */
export interface AuditEntry {
  key: string;
  playbookId: string;
  contactId: number;
  at: number;
  event: FiringEvent;
  actions: PlannedAction[];
  /** Not acted on, and why (the loop guard): the firing is settled (logged) with no actions. */
  held?: Message;
}

/** Everything a run does to one contact: the caller applies it, audit rows included, in one transaction. */
export interface ContactPlan {
  contactId: number;
  actions: PlannedAction[];
  audit: AuditEntry[];
  /** The firing keys this plan settles; stored with the audit rows so that a re-run skips them. */
  keys: string[];
}

/** A run's result. */
export interface Plan {
  /** By contact id, ascending. */
  contacts: ContactPlan[];
  /** Enabled playbooks that met a deleted tag, owner, sequence or template: the caller disables them with this reason. */
  paused: { playbookId: string; path: string; reason: Message }[];
  /**
   * Playbooks that stopped at the day's enrolment budget; their remaining firings were not acted on (nor marked
   * done). `resumeFrom` is the time of the first such event: a caller that reads events from there next time acts
   * on them then (the keys keep the rest from acting twice).
   */
  stoppedAtQuota: { playbookId: string; notActed: number; resumeFrom: number; reason: Message }[];
  /** Enrolments this plan makes, and the budget it had. */
  enrolments: { planned: number; budget: number };
}

export interface PlanInput extends RunInput {
  known: KnownRefs;
  /** How many contacts may still be enrolled today (enrolmentBudget). */
  enrolmentBudget: number;
  /** Per contact, the stage changes playbooks made in the 24 h before `now` (the loop guard; none when absent). */
  playbookStageChanges?: ReadonlyMap<number, number>;
  /**
   * In a team: whether this browser acts for the contacts without an owner on this playbook's firings (only its
   * runner's browser does, so two members' browsers never both act on one event). Absent: it does.
   */
  actsForUnowned?: (playbook: Playbook) => boolean;
}

/**
 * How many more contacts may be enrolled now: the campaign pause threshold (90 % of the daily cap) less the
 * recipients already sent to in the rolling 24 h and the enrolments of the last 24 h, since each will send.
 */
export function enrolmentBudget(entries: readonly LedgerEntry[], now: number, cap: number, enrolledLast24h: number): number {
  return Math.max(0, pauseThreshold(cap) - usedInWindow(entries, now) - enrolledLast24h);
}

/** A task's due time: N days from now at `HH:MM` on the user's wall clock, or exactly N × 24 h from now without a time. */
export function dueAtFor(now: number, dueInDays: number, dueTime: string | undefined, timeZone = 'UTC'): number {
  if (!dueTime) return now + dueInDays * DAY;
  const p = zonedParts(now, timeZone);
  const [h, m] = dueTime.split(':').map(Number);
  return zonedTime(p.year, p.month, p.day + dueInDays, h, timeZone) + m * 60_000;
}

function actionsFor(playbook: Playbook, firing: Firing, owner: string, dueAt: (days: number, time: string | undefined) => number): PlannedAction[] {
  const contactId = firing.contactId;
  let current = owner;
  return playbook.actions.map((a, i): PlannedAction => {
    const key = `${firing.key}:${i}`;
    switch (a.type) {
      case 'set-owner':
        current = a.owner;
        return { type: 'set-owner', key, contactId, owner: a.owner };
      case 'create-task':
        return {
          type: 'create-task',
          key,
          contactId,
          title: a.title,
          dueAt: dueAt(a.dueInDays, a.dueTime),
          owner: a.owner || current,
          taskType: a.taskType,
          ...(a.templateId !== undefined ? { templateId: a.templateId } : {}),
        };
      case 'add-tag':
      case 'remove-tag':
        return { type: a.type, key, contactId, tagId: a.tagId };
      case 'set-stage':
        return { type: 'set-stage', key, contactId, stage: a.stage };
      case 'enrol':
        return { type: 'enrol', key, contactId, sequenceId: a.sequenceId };
    }
  });
}

/**
 * Plans one run of every enabled playbook (oldest first) over the events since the last run: pure and
 * deterministic given its input. A playbook referring to something deleted pauses instead of acting; one that
 * would enrol more contacts than the budget allows stops at it. Contacts' owners follow earlier playbooks' set-owner.
 */
export function planRun(playbooks: readonly Playbook[], input: PlanInput): Plan {
  const events = indexEvents(input.events);
  const byContact = new Map<number, ContactPlan>();
  const owners = new Map<number, string>();
  const plan: Plan = { contacts: [], paused: [], stoppedAtQuota: [], enrolments: { planned: 0, budget: input.enrolmentBudget } };
  // Every task of a run with the same due days and time is due at the same instant: Intl once per pair, not per task.
  const dues = new Map<string, number>();
  const dueAt = (days: number, time: string | undefined) => {
    const key = `${days}|${time ?? ''}`;
    let at = dues.get(key);
    if (at === undefined) dues.set(key, (at = dueAtFor(input.now, days, time, input.timeZone)));
    return at;
  };
  // Stage changes playbooks made per contact: the last 24 h's, plus this run's planned ones.
  const chained = new Map(input.playbookStageChanges ?? []);
  const ordered = playbooks.filter((p) => p.enabled).sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  for (const playbook of ordered) {
    const [dangling] = danglingRefs(playbook, input.known);
    if (dangling) {
      plan.paused.push({ playbookId: playbook.id, path: dangling.path, reason: { key: dangling.key, params: dangling.params } });
      continue;
    }
    const enrols = playbook.actions.filter((a) => a.type === 'enrol').length;
    const setsStage = playbook.actions.some((a) => a.type === 'set-stage');
    const unowned = input.actsForUnowned?.(playbook) ?? true;
    const firings = evaluatePlaybook(playbook, input, events).filter((f) => unowned || !!input.contacts.get(f.contactId)?.owner);
    for (let i = 0; i < firings.length; i++) {
      const firing = firings[i];
      if (enrols > 0 && plan.enrolments.planned + enrols > input.enrolmentBudget) {
        const notActed = firings.length - i;
        plan.stoppedAtQuota.push({
          playbookId: playbook.id,
          notActed,
          resumeFrom: Math.min(...firings.slice(i).map((f) => f.at)),
          reason: { key: 'pbStoppedAtQuota', params: [String(input.enrolmentBudget), String(notActed)] },
        });
        break;
      }
      const contactId = firing.contactId;
      let entry = byContact.get(contactId);
      if (!entry) byContact.set(contactId, (entry = { contactId, actions: [], audit: [], keys: [] }));
      // A link of a stage-setting chain (fired by another playbook's stage change, setting a stage in turn) on a
      // contact playbooks already moved LOOP_LIMIT times in 24 h: settled without acting, the reason in the log.
      if (setsStage && firing.event.type === 'stage' && firing.event.by && (chained.get(contactId) ?? 0) >= LOOP_LIMIT) {
        entry.audit.push({ key: firing.key, playbookId: playbook.id, contactId, at: input.now, event: firing.event, actions: [], held: { key: 'pbLoopGuard', params: [String(LOOP_LIMIT)] } });
        entry.keys.push(firing.key);
        continue;
      }
      plan.enrolments.planned += enrols;
      const actions = actionsFor(playbook, firing, owners.get(contactId) ?? input.contacts.get(contactId)!.owner, dueAt);
      for (const a of actions) if (a.type === 'set-owner') owners.set(contactId, a.owner);
      const stageSets = actions.filter((a) => a.type === 'set-stage').length;
      if (stageSets) chained.set(contactId, (chained.get(contactId) ?? 0) + stageSets);
      entry.actions.push(...actions);
      entry.audit.push({ key: firing.key, playbookId: playbook.id, contactId, at: input.now, event: firing.event, actions });
      entry.keys.push(firing.key);
    }
  }
  plan.contacts = [...byContact.values()].sort((a, b) => a.contactId - b.contactId);
  return plan;
}
