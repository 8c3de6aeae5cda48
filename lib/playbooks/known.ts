import { contactStoreOf } from '../contacts/dexie-store';
import type { KizunaDb } from '../db/schema';
import type { KnownRefs } from './types';

/**
 * The ids a playbook may name now: tags, sequences and templates in the book; owners are the user's own addresses
 * and every address that owns a contact (lower-cased).
 */
export async function knownRefsOf(db: KizunaDb, ownAddresses: readonly string[]): Promise<KnownRefs> {
  const contacts = contactStoreOf(db);
  const [tags, sequences, templates, people] = await Promise.all([contacts.tags.list(), db.sequences.toArray(), db.templates.toCollection().primaryKeys(), contacts.all()]);
  const owners = new Set(ownAddresses.map((a) => a.toLowerCase()));
  for (const c of people) if (c.owner) owners.add(c.owner.toLowerCase());
  return { tagIds: new Set(tags.map((t) => t.id)), sequenceIds: new Set(sequences.map((s) => s.id)), templateIds: new Set(templates as number[]), owners };
}
