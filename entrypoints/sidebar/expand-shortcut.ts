import { db } from '@/lib/db';
import { contactStoreOf } from '@/lib/contacts/dexie-store';

/** The text a `;word` shortcut expands to for the given correspondent, or null when no template has that word. */
export async function expandShortcutFor(word: string, email: string | null, locale: string): Promise<string | null> {
  // Loaded at the first expansion, not on the side panel's first path (issue 13): the template parser, renderer and store.
  const [{ findByShortcut }, { markTemplateUsed }, { renderForContact }] = await Promise.all([
    import('@/lib/templates/shortcut-word'),
    import('@/lib/templates/store'),
    import('@/lib/templates/render'),
  ]);
  const template = findByShortcut(await db.templates.toArray(), word);
  if (!template) return null;
  const contact = email ? await contactStoreOf(db).byEmail(email) : undefined;
  const company = contact?.companyId !== undefined ? await db.companies.get(contact.companyId) : undefined;
  const fallback = { id: 0, email: email ?? '', name: '', tags: [], stage: 'lead' as const, owner: '', custom: {}, doNotContact: 0 as const, createdAt: 0, updatedAt: 0 };
  const text = renderForContact(template.body, contact ?? fallback, company?.name ?? '', template.language ?? locale).text;
  await markTemplateUsed(db, template.id);
  return text;
}
