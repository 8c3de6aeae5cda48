import type { KizunaDb } from '../db/schema';
import { SavedTemplateSchema, type Template, type TemplateInput } from './schema';

export type StoredTemplate = Template & { id: number };

/** Why a template was not saved: the field (`name`, `shortcut`, `subject`, `body`…) and what is wrong. */
export interface SaveIssue {
  path: string;
  message: string;
  /** `shortcut-taken`: another template (`other`) already has this `shortcut`. */
  code?: 'shortcut-taken';
  shortcut?: string;
  other?: string;
}

/** Validates and saves a template (new when it has no id); returns its id or the validation issues. */
export async function saveTemplate(db: KizunaDb, input: TemplateInput, now = Date.now()): Promise<{ ok: true; id: number } | { ok: false; issues: SaveIssue[] }> {
  const parsed = SavedTemplateSchema.safeParse({ ...input, createdAt: input.createdAt ?? now, updatedAt: now });
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
  const template = parsed.data;
  if (template.shortcut) {
    const clash = await db.templates
      .where('shortcut')
      .equalsIgnoreCase(template.shortcut)
      .filter((t) => t.id !== template.id)
      .first();
    if (clash)
      return {
        ok: false,
        issues: [{ path: 'shortcut', message: `“${template.shortcut}” is already the shortcut of “${clash.name}”.`, code: 'shortcut-taken', shortcut: template.shortcut, other: clash.name }],
      };
  }
  const id = await db.templates.put(template as StoredTemplate);
  return { ok: true, id };
}

/** A copy of a template, named "… (copy)", with its usage reset. */
export async function duplicateTemplate(db: KizunaDb, id: number, suffix: string, now = Date.now()): Promise<number> {
  const original = await db.templates.get(id);
  if (!original) throw new Error(`no template ${id}`);
  const { id: _drop, shortcut: _shortcut, lastUsedAt: _last, ...rest } = original;
  return db.templates.add({ ...rest, name: `${original.name} ${suffix}`.slice(0, 200), usageCount: 0, createdAt: now, updatedAt: now } as StoredTemplate);
}

/** Counts one use of a template (for "sorted by use"). */
export async function markTemplateUsed(db: KizunaDb, id: number, now = Date.now()): Promise<void> {
  await db.templates
    .where('id')
    .equals(id)
    .modify((t) => {
      t.usageCount = (t.usageCount ?? 0) + 1;
      t.lastUsedAt = now;
    });
}
