import { contactStoreOf } from '../contacts/dexie-store';
import type { KizunaDb } from '../db/schema';
import type { KnownRefs } from './types';
import type { Sequence } from './sequence';

/** The owners a playbook may name: the user's own addresses and every address that owns one of these contacts (lower-cased). */
export function ownersOf(people: Iterable<{ owner?: string }>, ownAddresses: Iterable<string>): Set<string> {
  const owners = new Set<string>();
  for (const a of ownAddresses) owners.add(a.toLowerCase());
  for (const c of people) if (c.owner) owners.add(c.owner.toLowerCase());
  return owners;
}

/** The ids of the book's templates. */
export async function templateIdsOf(db: KizunaDb): Promise<Set<number>> {
  return new Set((await db.templates.toCollection().primaryKeys()) as number[]);
}

/** The sequences with a step whose template is not among `templateIds` (in a team, a colleague's personal template). */
export function incompleteSequencesOf(sequences: readonly Sequence[], templateIds: ReadonlySet<number>): Set<string> {
  return new Set(sequences.filter((s) => s.steps.some((step) => !templateIds.has(Number(step.templateId)))).map((s) => s.id));
}

/**
 * The ids a playbook may name now: tags, sequences and templates in the book; owners are the user's own addresses
 * and every address that owns a contact. Reads every contact: for saving a playbook, not for each run (runPlaybooks
 * takes the owners from the contacts it reads anyway).
 */
export async function knownRefsOf(db: KizunaDb, ownAddresses: readonly string[]): Promise<KnownRefs> {
  const contacts = contactStoreOf(db);
  const [tags, sequences, templateIds, people] = await Promise.all([contacts.tags.list(), db.sequences.toArray(), templateIdsOf(db), contacts.all()]);
  return {
    tagIds: new Set(tags.map((t) => t.id)),
    sequenceIds: new Set(sequences.map((s) => s.id)),
    incompleteSequenceIds: incompleteSequencesOf(sequences, templateIds),
    templateIds,
    owners: ownersOf(people, ownAddresses),
  };
}
