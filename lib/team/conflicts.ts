// Fields that differed between the local book and the team's when this browser joined: the team's value
// was kept, and the user may choose the local one instead (the UI lists them).
import type { KizunaDb } from '../db/schema';
import type { ContactPatch } from '../contacts/store';
import { contactStoreOf } from '../contacts/dexie-store';
import { companyIdOf } from './shared-contact';
import type { TeamConflict } from './outbox';

/** The conflicts still waiting for the user, oldest first. */
export function listConflicts(db: KizunaDb): Promise<TeamConflict[]> {
  return db.teamConflicts.toArray();
}

/** Settles a conflict: `team` keeps what the book holds now, `local` writes the local value (and so shares it). */
export async function resolveConflict(db: KizunaDb, id: number, keep: 'team' | 'local'): Promise<void> {
  const store = contactStoreOf(db);
  await db.transaction('rw', [...store.tables, db.companies, db.teamConflicts], async () => {
    const conflict = await db.teamConflicts.get(id);
    if (!conflict) return;
    await db.teamConflicts.delete(id);
    const contact = keep === 'local' ? await store.byEmail(conflict.key) : undefined;
    if (!contact) return;
    const patch: ContactPatch = { updatedAt: Date.now() };
    if (conflict.field.startsWith('custom.')) patch.custom = { ...contact.custom, [conflict.field.slice('custom.'.length)]: String(conflict.local) };
    else if (conflict.field === 'company') patch.companyId = await companyIdOf(db, String(conflict.local));
    else Object.assign(patch, { [conflict.field]: conflict.local });
    await store.update(contact.id, patch);
  });
}
