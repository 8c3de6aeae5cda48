import type { KizunaDb } from '../db/schema';
import type { Tag } from '../db/types';
import { contactStoreOf } from './dexie-store';

import { TAG_COLOR_PATTERN } from './tag-color';

export { TAG_COLOR_PATTERN, TAG_COLORS, tagColor } from './tag-color';

/** The tag's lookup key: trimmed, inner whitespace collapsed, lower-cased. */
export function tagKey(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** A tag's name cleaned for storing, or null when it is empty or too long. */
export function cleanTagName(name: string): string | null {
  const clean = name.trim().replace(/\s+/g, ' ');
  return clean && clean.length <= 60 ? clean : null;
}

/** Adds a tag to a contact, creating the tag when no tag has that name (case-insensitively). */
export async function addTag(db: KizunaDb, contactId: number, name: string, now = Date.now()): Promise<Tag> {
  const clean = cleanTagName(name);
  if (!clean) throw new Error('tag name must be 1–60 characters');
  const contacts = contactStoreOf(db);
  return db.transaction('rw', contacts.tables, async () => {
    // Whether it is stored (one round trip; a get would read its tags too).
    if (!(await contacts.existing([contactId])).has(contactId)) throw new Error(`no contact ${contactId}`);
    const [tag] = await contacts.tags.ensure([clean]);
    if ((await contacts.addToTag(tag.id, [contactId])).length) await contacts.update(contactId, { updatedAt: now });
    return tag;
  });
}

/** Removes a tag from one contact; the tag itself stays for the others. */
export async function removeTag(db: KizunaDb, contactId: number, tagId: number, now = Date.now()): Promise<void> {
  const contacts = contactStoreOf(db);
  await db.transaction('rw', contacts.tables, async () => {
    if ((await contacts.removeFromTag(tagId, [contactId])).length) await contacts.update(contactId, { updatedAt: now });
  });
}

/** Changes a tag's colour for every contact that has it. */
export async function setTagColor(db: KizunaDb, tagId: number, color: string): Promise<void> {
  if (!TAG_COLOR_PATTERN.test(color)) throw new Error(`not a colour: ${color}`);
  await contactStoreOf(db).tags.setColor(tagId, color);
}

/** Tags whose name starts with (then contains) the typed text, for autocomplete. */
export function suggestTags(tags: readonly Tag[], typed: string, exclude: readonly number[], limit = 8): Tag[] {
  const key = tagKey(typed);
  const pool = tags.filter((t) => !exclude.includes(t.id));
  if (!key) return pool.slice(0, limit);
  const starts = pool.filter((t) => t.key.startsWith(key));
  const contains = pool.filter((t) => !t.key.startsWith(key) && t.key.includes(key));
  return [...starts, ...contains].slice(0, limit);
}
