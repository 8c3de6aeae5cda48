// A playbook's and a sequence's references as the team book holds them: local ids (tags, templates, companies)
// differ between browsers, so in the book each is the key the team already shares it by (a tag's `key`, a team
// template's `team` key, a company's domain or name). Sequence ids are random strings made to be shared as they are.
// A template that is not the team's (a personal one) has no team key: it is shared as null, and a browser without it
// leaves the task's template out, or marks the sequence's step as missing its template (docs/team-book.md).
import type { Condition, SegmentFilter } from '../segments/filter';
import type { Sequence } from '../playbooks/sequence';
import type { Playbook, PlaybookAction, Trigger } from '../playbooks/types';

/** Local ids → the keys the team shares them by (undefined: not shared). */
export interface ToTeam {
  tag(id: number): string | undefined;
  template(id: number): string | undefined;
  company(id: number): string | undefined;
}

/** Team keys → local ids (undefined: this browser has none). */
export interface ToLocal {
  tag(key: string): number | undefined;
  template(key: string): number | undefined;
  company(key: string): number | undefined;
}

/** A step's template id when the team's template is not in this browser (the sequence editor shows it as deleted). */
export const MISSING_TEMPLATE = 0;

type Json = Record<string, unknown>;
const keys = (ids: readonly number[], of: (id: number) => string | undefined) => ids.flatMap((id) => of(id) ?? []);
const ids = (list: unknown, of: (key: string) => number | undefined) => (Array.isArray(list) ? list.flatMap((k) => (typeof k === 'string' ? (of(k) ?? []) : [])) : []);

function conditionToTeam(c: Condition, to: ToTeam): Json {
  if (c.type === 'or') return { ...c, conditions: c.conditions.map((d) => conditionToTeam(d, to)) };
  if (c.type === 'tags') {
    const { tagIds, ...rest } = c;
    return { ...rest, tagKeys: keys(tagIds, to.tag) };
  }
  if (c.type === 'company') {
    const { companyIds, ...rest } = c;
    return { ...rest, companyKeys: keys(companyIds, to.company) };
  }
  return c;
}

function conditionToLocal(c: Json, to: ToLocal): Json {
  if (c.type === 'or' && Array.isArray(c.conditions)) return { ...c, conditions: c.conditions.map((d: Json) => conditionToLocal(d, to)) };
  // A condition without keys is left as it is: a segment shared by an older version holds the sharer's ids.
  if (c.type === 'tags' && Array.isArray(c.tagKeys)) {
    const { tagKeys, ...rest } = c;
    return { ...rest, tagIds: ids(tagKeys, to.tag) };
  }
  // A company this browser has no contact of cannot match here either: leaving it out changes no result.
  if (c.type === 'company' && Array.isArray(c.companyKeys)) {
    const { companyKeys, ...rest } = c;
    return { ...rest, companyIds: ids(companyKeys, to.company) };
  }
  return c;
}

/** A segment filter with team keys for tags and companies. */
export function filterToTeam(filter: SegmentFilter, to: ToTeam): Json {
  return { conditions: filter.conditions.map((c) => conditionToTeam(c, to)) };
}

/** A filter from the book with this browser's ids (validated by the caller). */
export function filterToLocal(filter: Json, to: ToLocal): Json {
  return { ...filter, conditions: Array.isArray(filter.conditions) ? filter.conditions.map((c: Json) => conditionToLocal(c, to)) : filter.conditions };
}

/** A trigger with team keys. */
export function triggerToTeam(trigger: Trigger, to: ToTeam): Json {
  if (trigger.type !== 'tag-added') return trigger;
  const { tagIds, ...rest } = trigger;
  return { ...rest, tagKeys: keys(tagIds, to.tag) };
}

/** A trigger from the book with this browser's ids. */
export function triggerToLocal(trigger: Json, to: ToLocal): Json {
  if (trigger.type !== 'tag-added') return trigger;
  const { tagKeys, ...rest } = trigger;
  return { ...rest, tagIds: ids(tagKeys, to.tag) };
}

/** Actions with team keys (a personal template: `templateKey: null`). */
export function actionsToTeam(actions: readonly PlaybookAction[], to: ToTeam): Json[] {
  return actions.map((a) => {
    if (a.type === 'add-tag' || a.type === 'remove-tag') {
      const { tagId, ...rest } = a;
      return { ...rest, tagKey: to.tag(tagId) ?? null };
    }
    if (a.type === 'create-task' && a.templateId !== undefined) {
      const { templateId, ...rest } = a;
      return { ...rest, templateKey: to.template(templateId) ?? null };
    }
    return a;
  });
}

/** Actions from the book with this browser's ids; a task's template this browser does not have is left out (the task is still made). */
export function actionsToLocal(actions: readonly Json[], to: ToLocal): Json[] {
  return actions.map((a) => {
    if (a.type === 'add-tag' || a.type === 'remove-tag') {
      const { tagKey, ...rest } = a;
      // A missing tag is -1: validation reports it (pbErrDeletedTag) rather than a tag of another meaning.
      return { ...rest, tagId: typeof tagKey === 'string' ? (to.tag(tagKey) ?? -1) : -1 };
    }
    if (a.type === 'create-task' && 'templateKey' in a) {
      const { templateKey, ...rest } = a;
      const id = typeof templateKey === 'string' ? to.template(templateKey) : undefined;
      return id === undefined ? rest : { ...rest, templateId: id };
    }
    return a;
  });
}

/** The tag keys a playbook from the book names (to make those tags here before its ids are looked up). */
export function tagKeysOf(trigger: Json, conditions: Json, actions: readonly Json[]): string[] {
  const out = new Set<string>();
  const add = (list: unknown) => {
    if (Array.isArray(list)) for (const k of list) if (typeof k === 'string') out.add(k);
  };
  add(trigger.tagKeys);
  const walk = (c: Json) => {
    add(c.tagKeys);
    if (Array.isArray(c.conditions)) c.conditions.forEach(walk);
  };
  if (Array.isArray(conditions.conditions)) conditions.conditions.forEach(walk);
  for (const a of actions) if (typeof a.tagKey === 'string') out.add(a.tagKey);
  return [...out];
}

/** A playbook's shared definition as JSON texts with team keys (what `book-playbooks.ts` stores). */
export function playbookToTeam(p: Playbook, to: ToTeam): { trigger: string; conditions: string; actions: string } {
  return { trigger: JSON.stringify(triggerToTeam(p.trigger, to)), conditions: JSON.stringify(filterToTeam(p.conditions, to)), actions: JSON.stringify(actionsToTeam(p.actions, to)) };
}

/** A sequence's steps as JSON text with team keys for their templates. */
export function stepsToTeam(steps: Sequence['steps'], to: ToTeam): string {
  return JSON.stringify(steps.map(({ templateId, ...rest }) => ({ ...rest, templateKey: (typeof templateId === 'number' ? to.template(templateId) : undefined) ?? null })));
}

/** A sequence's steps from the book with this browser's template ids (MISSING_TEMPLATE where it has none). */
export function stepsToLocal(steps: readonly Json[], to: ToLocal): Json[] {
  return steps.map(({ templateKey, ...rest }) => ({ ...rest, templateId: typeof templateKey === 'string' ? (to.template(templateKey) ?? MISSING_TEMPLATE) : MISSING_TEMPLATE }));
}
