import type { Condition } from '../segments/filter';
import { parseLooseNumber } from '../segments/numbers';
import { PlaybookSchema } from './schema';
import type { KnownRefs, Playbook, Trigger } from './types';

/** A reason a playbook cannot be saved: the field (`trigger.bands`, `conditions.2.value`, `actions.0.sequenceId`) and an i18n message. */
export interface PlaybookIssue {
  path: string;
  key: string;
  params: string[];
}

/** Every message key validation can give (the locale test checks that each exists in every language). */
export const VALIDATION_KEYS = [
  'pbErrInvalid',
  'pbErrName',
  'pbErrNoActions',
  'pbErrNoBands',
  'pbErrNoAlertKinds',
  'pbErrNoStages',
  'pbErrNoTags',
  'pbErrRiskRange',
  'pbErrContradicts',
  'pbErrContradictsTrigger',
  'pbErrDeletedTag',
  'pbErrDeletedOwner',
  'pbErrDeletedSequence',
  'pbErrDeletedTemplate',
  'pbErrStageLoop',
  'pbErrSequenceTemplate',
] as const;

const issue = (path: string, key: (typeof VALIDATION_KEYS)[number], params: string[] = []): PlaybookIssue => ({ path, key, params });

function emptyTrigger(trigger: Trigger): PlaybookIssue | undefined {
  if (trigger.type === 'band-entered' && trigger.bands.length === 0) return issue('trigger.bands', 'pbErrNoBands');
  if (trigger.type === 'alert' && trigger.kinds.length === 0) return issue('trigger.kinds', 'pbErrNoAlertKinds');
  if (trigger.type === 'stage-change' && trigger.to.length === 0) return issue('trigger.to', 'pbErrNoStages');
  if (trigger.type === 'tag-added' && trigger.tagIds.length === 0) return issue('trigger.tagIds', 'pbErrNoTags');
  return undefined;
}

/**
 * Conditions no contact can meet together (only the top-level AND is read; an OR group is taken as possible):
 * a number above x and below y ≤ x, one field equal to two values, empty and not empty, a tag both required and
 * excluded, disjoint stage sets, both do-not-contact values, last contact older than N and newer than M ≤ N days,
 * a risk range with min > max, and a band or stage condition the trigger can never meet.
 */
function contradictions(conditions: readonly Condition[], trigger: Trigger): PlaybookIssue[] {
  const out: PlaybookIssue[] = [];
  // For each fact, the index of the first condition that set it: a later one that contradicts it names it.
  const above = new Map<string, [number, number]>();
  const below = new Map<string, [number, number]>();
  const equals = new Map<string, [string, number]>();
  const emptiness = new Map<string, [boolean, number]>();
  const required = new Map<number, number>();
  const excluded = new Map<number, number>();
  let stages: [Set<string>, number] | undefined;
  let dnc: [boolean, number] | undefined;
  let older: [number, number] | undefined;
  let newer: [number, number] | undefined;
  const clash = (path: string, earlier: number) => out.push(issue(path, 'pbErrContradicts', [String(earlier + 1)]));

  conditions.forEach((c, i) => {
    const at = `conditions.${i}`;
    switch (c.type) {
      case 'custom': {
        const n = parseLooseNumber(c.value);
        if (c.op === 'gt' || c.op === 'lt') {
          const mine = c.op === 'gt' ? above : below;
          const prev = mine.get(c.key);
          if (!prev || (c.op === 'gt' ? n > prev[0] : n < prev[0])) mine.set(c.key, [n, i]);
          const lo = above.get(c.key);
          const hi = below.get(c.key);
          if (lo && hi && lo[0] >= hi[0]) clash(`${at}.value`, c.op === 'gt' ? hi[1] : lo[1]);
        } else if (c.op === 'equals') {
          const value = (c.value ?? '').trim().normalize('NFKC').toLowerCase();
          const prev = equals.get(c.key);
          if (prev && prev[0] !== value) clash(`${at}.value`, prev[1]);
          else if (!prev) equals.set(c.key, [value, i]);
        } else if (c.op === 'empty' || c.op === 'notEmpty') {
          const prev = emptiness.get(c.key);
          if (prev && prev[0] !== (c.op === 'empty')) clash(`${at}.op`, prev[1]);
          else if (!prev) emptiness.set(c.key, [c.op === 'empty', i]);
        }
        break;
      }
      case 'tags': {
        const [mine, other] = c.mode === 'none' ? [excluded, required] : [required, excluded];
        // "any" of several tags requires none of them in particular.
        if (c.mode === 'any' && c.tagIds.length !== 1) break;
        for (const id of c.tagIds) {
          const prev = other.get(id);
          if (prev !== undefined) {
            clash(`${at}.tagIds`, prev);
            break;
          }
          if (!mine.has(id)) mine.set(id, i);
        }
        break;
      }
      case 'stage': {
        if (c.stages.length === 0) break;
        const set = new Set<string>(c.stages);
        if (stages && ![...set].some((s) => stages![0].has(s))) clash(`${at}.stages`, stages[1]);
        else stages = [stages ? new Set([...set].filter((s) => stages![0].has(s))) : set, stages?.[1] ?? i];
        if (trigger.type === 'stage-change' && trigger.to.length && !trigger.to.some((s) => set.has(s))) out.push(issue(`${at}.stages`, 'pbErrContradictsTrigger'));
        break;
      }
      case 'doNotContact':
        if (dnc && dnc[0] !== c.value) clash(`${at}.value`, dnc[1]);
        else dnc ??= [c.value, i];
        break;
      case 'lastContact': {
        if (c.op === 'olderThan' && (!older || c.days > older[0])) older = [c.days, i];
        if (c.op === 'newerThan' && (!newer || c.days < newer[0])) newer = [c.days, i];
        if (older && newer && newer[0] <= older[0]) clash(`${at}.days`, c.op === 'olderThan' ? newer[1] : older[1]);
        break;
      }
      case 'risk': {
        if (c.min !== undefined && c.max !== undefined && c.min > c.max) out.push(issue(`${at}.max`, 'pbErrRiskRange'));
        if (trigger.type === 'band-entered' && c.bands?.length && trigger.bands.length && !trigger.bands.some((b) => c.bands!.includes(b))) out.push(issue(`${at}.bands`, 'pbErrContradictsTrigger'));
        break;
      }
      default:
        break;
    }
  });
  return out;
}

/** References to tags, owners, sequences and templates that no longer exist, each with its field. */
export function danglingRefs(playbook: Pick<Playbook, 'trigger' | 'conditions' | 'actions'>, known: KnownRefs): PlaybookIssue[] {
  const out: PlaybookIssue[] = [];
  const tag = (path: string, id: number) => {
    if (!known.tagIds.has(id)) out.push(issue(path, 'pbErrDeletedTag', [String(id)]));
  };
  if (playbook.trigger.type === 'tag-added') for (const id of playbook.trigger.tagIds) tag('trigger.tagIds', id);
  playbook.conditions.conditions.forEach((c, i) => {
    const inner = c.type === 'or' ? c.conditions.map((d, j) => [d, `conditions.${i}.conditions.${j}`] as const) : [[c, `conditions.${i}`] as const];
    for (const [d, path] of inner) if (d.type === 'tags') for (const id of d.tagIds) tag(`${path}.tagIds`, id);
  });
  playbook.actions.forEach((a, i) => {
    const at = `actions.${i}`;
    if ((a.type === 'add-tag' || a.type === 'remove-tag') && !known.tagIds.has(a.tagId)) tag(`${at}.tagId`, a.tagId);
    if ((a.type === 'set-owner' || a.type === 'create-task') && a.owner !== '' && !known.owners.has(a.owner.toLowerCase())) out.push(issue(`${at}.owner`, 'pbErrDeletedOwner', [a.owner]));
    if (a.type === 'create-task' && a.templateId !== undefined && !known.templateIds.has(a.templateId)) out.push(issue(`${at}.templateId`, 'pbErrDeletedTemplate', [String(a.templateId)]));
    if (a.type === 'enrol' && !known.sequenceIds.has(a.sequenceId)) out.push(issue(`${at}.sequenceId`, 'pbErrDeletedSequence', [a.sequenceId]));
    else if (a.type === 'enrol' && known.incompleteSequenceIds?.has(a.sequenceId)) out.push(issue(`${at}.sequenceId`, 'pbErrSequenceTemplate', [a.sequenceId]));
  });
  return out;
}

function zodKey(path: string, code: string): (typeof VALIDATION_KEYS)[number] {
  if (path === 'name') return 'pbErrName';
  if (path === 'actions' && code === 'too_small') return 'pbErrNoActions';
  return 'pbErrInvalid';
}

/** Checks a playbook on save: its shape, impossible conditions and dangling references; every issue names its field. */
export function validatePlaybook(input: unknown, known: KnownRefs): { ok: true; playbook: Playbook } | { ok: false; issues: PlaybookIssue[] } {
  const parsed = PlaybookSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => {
        const path = i.path.join('.');
        return issue(path, zodKey(path, i.code));
      }),
    };
  }
  const playbook = parsed.data;
  const empty = emptyTrigger(playbook.trigger);
  const issues = [...(empty ? [empty] : []), ...contradictions(playbook.conditions.conditions, playbook.trigger), ...danglingRefs(playbook, known)];
  return issues.length ? { ok: false, issues } : { ok: true, playbook };
}
