import type { KizunaDb } from '../db/schema';
import type { Tag } from '../db/types';

/** Gmail-like label colours, readable on light and dark backgrounds. */
export const TAG_COLORS = ['#1a73e8', '#188038', '#e37400', '#d93025', '#9334e6', '#007b83', '#b06000', '#c5221f', '#5f6368'];

/** A tag colour as the app stores it: #rrggbb. */
export const TAG_COLOR_PATTERN = /^#[0-9a-f]{6}$/i;

/** The colour to put in a style: the tag's own when it is #rrggbb, else grey (so a stored value can never be a url(…)). */
export function tagColor(color: unknown): string {
  return typeof color === 'string' && TAG_COLOR_PATTERN.test(color) ? color : TAG_COLORS[TAG_COLORS.length - 1];
}

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
  return db.transaction('rw', db.tags, db.contacts, async () => {
    const key = tagKey(clean);
    let tag = await db.tags.where('key').equals(key).first();
    if (!tag) {
      const color = TAG_COLORS[(await db.tags.count()) % TAG_COLORS.length];
      const id = await db.tags.add({ name: clean, key, color });
      tag = { id, name: clean, key, color };
    }
    const contact = await db.contacts.get(contactId);
    if (!contact) throw new Error(`no contact ${contactId}`);
    if (!contact.tags.includes(tag.id)) await db.contacts.update(contactId, { tags: [...contact.tags, tag.id], updatedAt: now });
    return tag;
  });
}

/** Removes a tag from one contact; the tag itself stays for the others. */
export async function removeTag(db: KizunaDb, contactId: number, tagId: number, now = Date.now()): Promise<void> {
  await db.transaction('rw', db.contacts, async () => {
    const contact = await db.contacts.get(contactId);
    if (contact?.tags.includes(tagId)) await db.contacts.update(contactId, { tags: contact.tags.filter((t) => t !== tagId), updatedAt: now });
  });
}

/** Changes a tag's colour for every contact that has it. */
export async function setTagColor(db: KizunaDb, tagId: number, color: string): Promise<void> {
  if (!TAG_COLOR_PATTERN.test(color)) throw new Error(`not a colour: ${color}`);
  await db.tags.update(tagId, { color });
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
