import type { KizunaDb } from '../db/schema';
import type { Activity } from '../db/types';
import { contactStoreOf } from './dexie-store';
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
  return db.transaction('rw', [...contacts.tables, db.activities], async (tx) => {
    await refuseEditWhenReadOnly(tx);
    if (!(await contacts.get(contactId))) throw new Error(`no contact ${contactId}`);
    const noteId = await db.activities.add({ kind: 'note', contactIds: [contactId], at: now, text: note });
    await recordOutbox(tx, () => [{ op: 'note', id: contactId, noteId }]);
    return noteId;
  });
}

/** Replaces a note's text, keeping its creation time and recording when it was edited. */
export async function editNote(db: KizunaDb, noteId: number, text: string, now = Date.now()): Promise<void> {
  const changes = { text: clean(text), updatedAt: now };
  await db.transaction('rw', [db.activities, db.contactMeta, db.teamOutbox], async (tx) => {
    const note = await db.activities.get(noteId);
    if (note?.kind !== 'note') throw new Error(`no note ${noteId}`);
    await refuseEditWhenReadOnly(tx);
    await db.activities.update(noteId, changes);
    await recordOutbox(tx, () => [{ op: 'note', id: note.contactIds[0], noteId }]);
  });
}

/** Deletes a note (never an email row). */
export async function deleteNote(db: KizunaDb, noteId: number): Promise<void> {
  await db.transaction('rw', [db.activities, db.contactMeta, db.teamOutbox], async (tx) => {
    const note = await db.activities.get(noteId);
    if (note?.kind !== 'note') return;
    await refuseEditWhenReadOnly(tx);
    await db.activities.delete(noteId);
    await recordOutbox(tx, () => [{ op: 'note', id: note.contactIds[0], noteId, ...(note.teamNoteId ? { noteKey: note.teamNoteId } : {}) }]);
  });
}

/** A contact's notes, newest first. */
export async function notesOf(db: KizunaDb, contactId: number): Promise<Activity[]> {
  const rows = await db.activities
    .where('contactIds')
    .equals(contactId)
    .filter((a) => a.kind === 'note')
    .toArray();
  return rows.sort((a, b) => b.at - a.at);
}
