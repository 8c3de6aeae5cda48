import type { KizunaDb } from '../db/schema';
import { recordOutbox, refuseWhenReadOnly, TeamReadOnlyError, type OutboxRow } from '../team/outbox';
import { SavedTemplateSchema, type Template, type TemplateInput } from './schema';

export type StoredTemplate = Template & { id: number };

/** Why a template was not saved: the field (`name`, `shortcut`, `subject`, `body`…) and what is wrong. */
export interface SaveIssue {
  path: string;
  message: string;
  /** `shortcut-taken`: another template (`other`) already has this `shortcut`. `read-only`: a team template, and this browser may not change what the team shares (`reason`). */
  code?: 'shortcut-taken' | 'read-only';
  reason?: 'viewer' | 'left';
  shortcut?: string;
  other?: string;
}

/** Validates and saves a template (new when it has no id); returns its id or the validation issues. */
export async function saveTemplate(db: KizunaDb, input: TemplateInput, now = Date.now()): Promise<{ ok: true; id: number } | { ok: false; issues: SaveIssue[] }> {
  const parsed = SavedTemplateSchema.safeParse({ ...input, createdAt: input.createdAt ?? now, updatedAt: now });
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
  const template = parsed.data;
  try {
    return await db.transaction('rw', [db.templates, db.teamOutbox, db.contactMeta], async (tx) => {
      if (template.shortcut) {
        const clash = await db.templates
          .where('shortcut')
          .equalsIgnoreCase(template.shortcut)
          .filter((t) => t.id !== template.id)
          .first();
        if (clash)
          return {
            ok: false as const,
            issues: [
              { path: 'shortcut', message: `“${template.shortcut}” is already the shortcut of “${clash.name}”.`, code: 'shortcut-taken' as const, shortcut: template.shortcut, other: clash.name },
            ],
          };
      }
      const before = template.id !== undefined ? (await db.templates.get(template.id))?.team : undefined;
      if (before || template.team) await refuseWhenReadOnly(tx);
      const id = await db.templates.put(template as StoredTemplate);
      await recordOutbox(tx, () => teamRows(id, before, template.team));
      return { ok: true as const, id };
    });
  } catch (error) {
    if (error instanceof TeamReadOnlyError) return { ok: false, issues: [{ path: 'team', message: error.message, code: 'read-only', reason: error.reason }] };
    throw error;
  }
}

/** What the team book must learn of a template whose team key went from `before` to `after`. */
function teamRows(templateId: number, before: string | undefined, after: string | undefined): OutboxRow[] {
  const keys = new Set([before, after].filter((k): k is string => !!k));
  return [...keys].map((key) => ({ op: 'template', templateId, key }));
}

/**
 * Deletes a template; a team template is deleted for the whole team. Throws TeamReadOnlyError (and deletes
 * nothing) for a team template when this browser may not change what the team shares.
 */
export async function deleteTemplate(db: KizunaDb, id: number): Promise<void> {
  await db.transaction('rw', [db.templates, db.teamOutbox, db.contactMeta], async (tx) => {
    const team = (await db.templates.get(id))?.team;
    if (team) await refuseWhenReadOnly(tx);
    await db.templates.delete(id);
    await recordOutbox(tx, () => teamRows(id, team, undefined));
  });
}

/** A copy of a template, named "… (copy)", with its usage reset. */
export async function duplicateTemplate(db: KizunaDb, id: number, suffix: string, now = Date.now()): Promise<number> {
  const original = await db.templates.get(id);
  if (!original) throw new Error(`no template ${id}`);
  // A copy is personal until its owner marks it "team".
  const { id: _drop, shortcut: _shortcut, lastUsedAt: _last, team: _team, ...rest } = original;
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
