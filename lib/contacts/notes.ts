import type { KizunaDb } from '../db/schema';
import type { Activity } from '../db/types';
import { contactStoreOf } from './dexie-store';
import { activityStoreOf } from '../activities/dexie-store';
import { recordOutbox, refuseEditWhenReadOnly } from '../team/outbox';

const MAX_NOTE = 20_000;

function clean(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) throw new Error('a note cannot be empty');
  if (trimmed.length > MAX_NOTE) throw new Error(`a note is at most ${MAX_NOTE} characters`);
  return trimmed;
}

/** Adds a timestamped note to a contact's history; refused when the contact is gone (deleted in another tab). */
export async function addNote(db: KizunaDb, contactId: number, text: string, now = Date.now()): Promise<number> {
  const note = clean(text);
  const contacts = contactStoreOf(db);
  const history = activityStoreOf(db);
  return db.transaction('rw', [...contacts.tables, ...history.tables], async (tx) => {
    await refuseEditWhenReadOnly(tx);
    if (!(await contacts.get(contactId))) throw new Error(`no contact ${contactId}`);
    const noteId = await history.add({ kind: 'note', contactIds: [contactId], at: now, text: note });
    await recordOutbox(tx, () => [{ op: 'note', id: contactId, noteId }]);
    return noteId;
  });
}

/** Replaces a note's text, keeping its creation time and recording when it was edited. */
export async function editNote(db: KizunaDb, noteId: number, text: string, now = Date.now()): Promise<void> {
  const changes = { text: clean(text), updatedAt: now };
  const history = activityStoreOf(db);
  await db.transaction('rw', [...history.tables, db.contactMeta, db.teamOutbox], async (tx) => {
    const note = await history.get(noteId);
    if (note?.kind !== 'note') throw new Error(`no note ${noteId}`);
    await refuseEditWhenReadOnly(tx);
    await history.update([{ id: noteId, patch: changes }]);
    await recordOutbox(tx, () => [{ op: 'note', id: note.contactIds[0], noteId }]);
  });
}

/** Deletes a note (never an email row). */
export async function deleteNote(db: KizunaDb, noteId: number): Promise<void> {
  const history = activityStoreOf(db);
  await db.transaction('rw', [...history.tables, db.contactMeta, db.teamOutbox], async (tx) => {
    const note = await history.get(noteId);
    if (note?.kind !== 'note') return;
    await refuseEditWhenReadOnly(tx);
    await history.delete([noteId]);
    await recordOutbox(tx, () => [{ op: 'note', id: note.contactIds[0], noteId, ...(note.teamNoteId ? { noteKey: note.teamNoteId } : {}) }]);
  });
}

/** A contact's notes, newest first. */
export async function notesOf(db: KizunaDb, contactId: number): Promise<Activity[]> {
  const rows = (await activityStoreOf(db).ofContacts([contactId])).filter((a) => a.kind === 'note');
  return rows.sort((a, b) => b.at - a.at);
}
