// Team templates between the local `templates` table and the team book (lib/team/book-templates.ts). Writes
// from the team go straight into the table (not through saveTemplate), so they add no outbox rows: no echo.
import type { KizunaDb } from '../db/schema';
import type { StoredTemplate } from '../templates/store';
import type { Stamp } from './book-doc';
import { deleteTemplate, readTemplates, writeTemplate, type BookTemplate } from './book-templates';
import type * as Y from 'yjs';

const shared = (t: StoredTemplate, key: string) => ({
  key,
  name: t.name,
  subject: t.subject,
  body: t.body,
  category: t.category,
  language: t.language,
  ...(t.shortcut ? { shortcut: t.shortcut } : {}),
  createdAt: t.createdAt,
});

/** Writes the named team templates as the local table has them now: saved, or (gone, or unmarked "team") deleted. */
export async function pushTemplates(db: KizunaDb, book: Y.Doc, rows: readonly { templateId: number; key: string }[], stamp: Stamp, origin: object): Promise<void> {
  const local = await db.templates.bulkGet(rows.map((r) => r.templateId));
  rows.forEach((row, i) => {
    const template = local[i];
    if (template && template.team === row.key) writeTemplate(book, shared(template, row.key), stamp, origin);
    else if (readTemplates(book).live.has(row.key)) deleteTemplate(book, row.key, stamp, origin);
  });
}

/** Every local template marked "team" into the book (joining a team). */
export async function pushAllTeamTemplates(db: KizunaDb, book: Y.Doc, stamp: Stamp, origin: object): Promise<void> {
  const marked = (await db.templates.toArray()).filter((t) => t.team);
  await pushTemplates(
    db,
    book,
    marked.map((t) => ({ templateId: t.id, key: t.team! })),
    stamp,
    origin,
  );
}

/** Makes the local team templates equal to the book's: added, changed (usage stays this browser's), deleted. */
export async function pullTemplates(db: KizunaDb, book: Y.Doc): Promise<void> {
  const { live, deleted } = readTemplates(book);
  await db.transaction('rw', db.templates, async () => {
    const all = await db.templates.toArray();
    const byKey = new Map(all.filter((t) => t.team).map((t) => [t.team!, t]));
    for (const key of deleted) {
      const mine = byKey.get(key);
      if (mine) await db.templates.delete(mine.id);
    }
    for (const team of live.values()) await pullOne(db, team, byKey.get(team.key), all);
  });
}

async function pullOne(db: KizunaDb, team: BookTemplate, mine: StoredTemplate | undefined, all: readonly StoredTemplate[]): Promise<void> {
  // A shortcut another local template already uses stays that one's: the team's template comes without it here.
  const taken = team.shortcut && all.some((t) => t.id !== mine?.id && t.shortcut?.toLowerCase() === team.shortcut!.toLowerCase());
  const fields = {
    name: team.name,
    subject: team.subject,
    body: team.body,
    category: team.category,
    language: team.language,
    shortcut: taken ? undefined : team.shortcut,
    createdAt: team.createdAt,
    team: team.key,
  };
  if (!mine) {
    await db.templates.add({ ...fields, usageCount: 0, updatedAt: team.updatedAt } as StoredTemplate);
    return;
  }
  const differs = (Object.keys(fields) as (keyof typeof fields)[]).some((k) => mine[k] !== fields[k]);
  if (differs) await db.templates.put({ ...mine, ...fields, updatedAt: team.updatedAt });
}
