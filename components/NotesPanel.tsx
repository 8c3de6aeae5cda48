import { useState } from 'react';
import type { Activity } from '@/lib/db/types';
import { useI18n } from './i18n';

interface Props {
  notes: Activity[];
  onAdd(text: string): void;
  onEdit(id: number, text: string): void;
  onDelete(id: number): void;
}

/** Timestamped notes: add, edit in place, delete. */
export function NotesPanel({ notes, onAdd, onEdit, onDelete }: Props) {
  const { t, locale } = useI18n();
  const [draft, setDraft] = useState('');
  const [editing, setEditing] = useState<{ id: number; text: string } | null>(null);
  const when = (ms: number) => new Date(ms).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <section className="notes" aria-label={t('notes')}>
      <h2>{t('notes')}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (draft.trim()) (onAdd(draft), setDraft(''));
        }}
      >
        <textarea aria-label={t('newNote')} placeholder={t('newNotePlaceholder')} value={draft} maxLength={20000} rows={2} onChange={(e) => setDraft(e.target.value)} />
        <button type="submit" disabled={!draft.trim()}>
          {t('addNote')}
        </button>
      </form>
      <ul>
        {notes.map((note) => (
          <li key={note.id} className="note">
            <time dateTime={new Date(note.at).toISOString()}>
              {when(note.at)}
              {note.updatedAt ? ` · ${t('edited')}` : ''}
            </time>
            {editing?.id === note.id ? (
              <form onSubmit={(e) => (e.preventDefault(), onEdit(note.id, editing.text), setEditing(null))}>
                <textarea aria-label={t('editNote')} value={editing.text} maxLength={20000} onChange={(e) => setEditing({ id: note.id, text: e.target.value })} autoFocus />
                <button type="submit" disabled={!editing.text.trim()}>{t('save')}</button>
                <button type="button" onClick={() => setEditing(null)}>{t('cancel')}</button>
              </form>
            ) : (
              <>
                <p>{note.text}</p>
                <button type="button" onClick={() => setEditing({ id: note.id, text: note.text ?? '' })} aria-label={t('editNote')}>{t('edit')}</button>
                <button type="button" onClick={() => onDelete(note.id)} aria-label={t('deleteNote')}>{t('delete')}</button>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
