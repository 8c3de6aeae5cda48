// Playbooks and sequences between the local tables and the team book (lib/team/book-playbooks.ts). Local ids become
// team keys on the way out and come back as this browser's ids (lib/team/playbook-refs.ts); writes from the team go
// straight into the tables in a transaction marked as the bridge's: no outbox rows, no echo. What a playbook did (its
// log, enrolments, the run's cursor) never leaves the browser, and a pause for a reference this browser lacks stays here.
import type { KizunaDb } from '../db/schema';
import type { Company } from '../db/types';
import { contactStoreOf } from '../contacts/dexie-store';
import { cleanTagName } from '../contacts/tags';
import { PlaybookSchema } from '../playbooks/schema';
import type { Sequence } from '../playbooks/sequence';
import { SequenceSchema } from '../playbooks/sequence-validate';
import type { Playbook } from '../playbooks/types';
import type { Stamp, TeamBook } from './book-doc';
import { deleteBookPlaybook, deleteBookSequence, readPlaybooks, readSequences, writePlaybook, writeSequence, type BookPlaybook } from './book-playbooks';
import { markFromTeam } from './outbox';
import { actionsToLocal, filterToLocal, playbookToTeam, stepsToLocal, stepsToTeam, tagKeysOf, triggerToLocal, type ToLocal, type ToTeam } from './playbook-refs';

const companyKey = (c: Company) => c.domain ?? c.name;

/** Both directions between local ids and team keys, from one read of the tags, templates and companies tables as they are now. */
export async function refMaps(db: KizunaDb): Promise<{ toTeam: ToTeam; toLocal: ToLocal }> {
  const [tags, templates, companies] = await Promise.all([db.tags.toArray(), db.templates.toArray(), db.companies.toArray()]);
  const tagKey = new Map(tags.map((t) => [t.id, t.key]));
  const templateKey = new Map(templates.flatMap((t) => (t.team ? [[t.id, t.team] as const] : [])));
  const companyOf = new Map(companies.map((c) => [c.id, companyKey(c)]));
  const tagId = new Map(tags.map((t) => [t.key, t.id]));
  const templateId = new Map(templates.flatMap((t) => (t.team ? [[t.team, t.id] as const] : [])));
  const companyId = new Map<string, number>();
  // As companyIdsOf: a domain's company first, then the first company of that name.
  for (const c of [...companies].sort((a, b) => b.id - a.id)) if (!c.domain) companyId.set(c.name, c.id);
  for (const c of companies) if (c.domain) companyId.set(c.domain, c.id);
  return {
    toTeam: { tag: (id) => tagKey.get(id), template: (id) => templateKey.get(id), company: (id) => companyOf.get(id) },
    toLocal: { tag: (key) => tagId.get(key), template: (key) => templateId.get(key), company: (key) => companyId.get(key) },
  };
}

/** Local ids → team keys, as the tables are now. */
export const toTeam = async (db: KizunaDb): Promise<ToTeam> => (await refMaps(db)).toTeam;

const sharedPlaybook = (p: Playbook, to: ToTeam) => ({ id: p.id, name: p.name, enabled: p.enabled ? (1 as const) : (0 as const), createdAt: p.createdAt, ...playbookToTeam(p, to) });
const sharedSequence = (s: Sequence, to: ToTeam) => ({
  id: s.id,
  name: s.name,
  steps: stepsToTeam(s.steps, to),
  sendWithoutApproval: s.sendWithoutApproval ? (1 as const) : (0 as const),
  allowConcurrent: s.allowConcurrent ? (1 as const) : (0 as const),
});

/**
 * Writes the named playbooks and sequences as the local tables have them now: saved (this member becomes the
 * playbook's runner, here too), or (gone) deleted for the team.
 */
export async function pushPlaybooks(
  db: KizunaDb,
  book: TeamBook,
  rows: { playbooks: readonly { id: string; fields?: readonly string[] }[]; sequences: readonly string[] },
  stamp: Stamp,
): Promise<void> {
  const doc = book.bookDoc();
  const to = await toTeam(db);
  for (const id of new Set(rows.sequences)) {
    const s = await db.sequences.get(id);
    if (s) writeSequence(doc, sharedSequence(s, to), stamp, book.origin);
    else if (readSequences(doc).live.has(id)) deleteBookSequence(doc, id, stamp, book.origin);
  }
  // A switch flipped names its field: only that goes, so a reference this browser lacks (a colleague's personal
  // template, left out here) is not written away in the book.
  const only = new Map<string, Set<string> | 'all'>();
  for (const row of rows.playbooks) {
    const seen = only.get(row.id);
    only.set(row.id, !row.fields || seen === 'all' ? 'all' : new Set([...(seen ?? []), ...row.fields]));
  }
  for (const [id, fields] of only) {
    const p = await db.playbooks.get(id);
    if (!p) {
      if (readPlaybooks(doc).live.has(id)) deleteBookPlaybook(doc, id, stamp, book.origin);
      continue;
    }
    writePlaybook(doc, { ...sharedPlaybook(p, to), runner: stamp.by }, stamp, book.origin, fields === 'all' ? undefined : [...fields, 'runner']);
    if (p.runner !== stamp.by) await db.playbooks.update(id, { runner: stamp.by });
  }
}

/** Joining: the local playbooks and sequences the team book has no trace of go to the team (the book's own win otherwise). */
export async function pushAllPlaybooks(db: KizunaDb, book: TeamBook, stamp: Stamp): Promise<void> {
  const doc = book.bookDoc();
  const [playbooks, sequences] = [readPlaybooks(doc), readSequences(doc)];
  const known = (list: { live: Map<string, unknown>; deleted: Set<string> }, id: string) => list.live.has(id) || list.deleted.has(id);
  await pushPlaybooks(
    db,
    book,
    {
      playbooks: (await db.playbooks.toCollection().primaryKeys()).filter((id) => !known(playbooks, id)).map((id) => ({ id })),
      sequences: (await db.sequences.toCollection().primaryKeys()).filter((id) => !known(sequences, id)),
    },
    stamp,
  );
}

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A playbook from the book with this browser's ids, or undefined when this version cannot read it (left out, not stored half). */
function localPlaybook(team: BookPlaybook, to: ToLocal): Playbook | undefined {
  const [trigger, conditions, actions] = [parse(team.trigger), parse(team.conditions), parse(team.actions)];
  if (!isObject(trigger) || !isObject(conditions) || !Array.isArray(actions)) return undefined;
  const parsed = PlaybookSchema.safeParse({
    id: team.id,
    name: team.name,
    enabled: team.enabled === 1,
    trigger: triggerToLocal(trigger, to),
    conditions: filterToLocal(conditions, to),
    actions: actionsToLocal(actions.filter(isObject), to),
    createdAt: team.createdAt,
    updatedAt: team.updatedAt,
    ...(team.runner ? { runner: team.runner } : {}),
  });
  return parsed.success ? parsed.data : undefined;
}

/**
 * Whether a change of these tag definitions (all of them: undefined) can matter to the team's playbooks: only when one
 * names such a tag. An edit that brings a new tag then pulls no playbooks (a transaction over the contacts, ahead of
 * the contact's own pull).
 */
export function playbooksNameTags(book: TeamBook, keys: ReadonlySet<string> | undefined): boolean {
  for (const p of readPlaybooks(book.bookDoc()).live.values()) {
    if (!keys) return true;
    if (tagKeysOf(asObject(p.trigger), asObject(p.conditions), asArray(p.actions)).some((key) => keys.has(key))) return true;
  }
  return false;
}

/** Makes the local playbooks and sequences equal to the book's. */
export async function pullPlaybooks(db: KizunaDb, book: TeamBook): Promise<void> {
  const doc = book.bookDoc();
  const playbooks = readPlaybooks(doc);
  const sequences = readSequences(doc);
  // A book with no playbook or sequence, live or deleted, has nothing to write here: no transaction over the contacts.
  if (playbooks.live.size + playbooks.deleted.size + sequences.live.size + sequences.deleted.size === 0) return;
  const store = contactStoreOf(db);
  const defs = book.tags();
  await db.transaction('rw', [db.playbooks, db.sequences, db.templates, db.companies, ...store.tables, db.teamOutbox, db.contactMeta], async (tx) => {
    markFromTeam(tx);
    // The tags the team's playbooks name are made here first (as a contact's tags are), so that each has an id.
    const wanted = new Set([...playbooks.live.values()].flatMap((p) => tagKeysOf(asObject(p.trigger), asObject(p.conditions), asArray(p.actions))));
    const have = new Set((await db.tags.toArray()).map((t) => t.key));
    for (const key of wanted) {
      if (have.has(key)) continue;
      const name = cleanTagName(defs.get(key)?.name ?? key) ?? key.slice(0, 60);
      await store.tags.ensure([name]);
    }
    const { toLocal: to, toTeam: team } = await refMaps(db);
    for (const id of sequences.deleted) await db.sequences.delete(id);
    for (const s of sequences.live.values()) {
      const steps = parse(s.steps);
      if (!Array.isArray(steps)) continue;
      const parsed = SequenceSchema.omit({ steps: true }).safeParse({ id: s.id, name: s.name, sendWithoutApproval: s.sendWithoutApproval === 1, allowConcurrent: s.allowConcurrent === 1 });
      if (!parsed.success) continue;
      const mine = await db.sequences.get(s.id);
      // Equal in the book's terms: nothing to write (a step whose template this browser lacks is looked up again only on a change).
      if (
        mine &&
        JSON.stringify(sharedSequence(mine, team)) ===
          JSON.stringify({ ...sharedSequence(mine, team), name: s.name, steps: s.steps, sendWithoutApproval: s.sendWithoutApproval, allowConcurrent: s.allowConcurrent })
      )
        continue;
      await db.sequences.put({ ...parsed.data, steps: stepsToLocal(steps.filter(isObject), to) as Sequence['steps'] });
    }
    for (const id of playbooks.deleted) await db.playbooks.delete(id);
    for (const p of playbooks.live.values()) {
      const mine = await db.playbooks.get(p.id);
      if (mine) {
        const local = sharedPlaybook(mine, team);
        const same = local.name === p.name && local.trigger === p.trigger && local.conditions === p.conditions && local.actions === p.actions && (mine.runner ?? '') === p.runner;
        // Paused here for a reference this browser lacks: the pause stays until the team's definition changes.
        if (same && (local.enabled === p.enabled || (mine.pausedReason && p.enabled === 1))) continue;
      }
      const next = localPlaybook(p, to);
      if (next) await db.playbooks.put(next);
    }
  });
}

const asObject = (text: string): Record<string, unknown> => {
  const v = parse(text);
  return isObject(v) ? v : {};
};
const asArray = (text: string): Record<string, unknown>[] => {
  const v = parse(text);
  return Array.isArray(v) ? v.filter(isObject) : [];
};
