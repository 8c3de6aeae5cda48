import { useRef, useState, type KeyboardEvent } from 'react';
import { formatDateTime, machineTime } from '@/lib/format';
import type { Activity } from '@/lib/db/types';
import { Form, isSaveEnter } from './enter-key';
import { useI18n } from './i18n';

interface Props {
  notes: Activity[];
  onAdd(text: string): void;
  onEdit(id: number, text: string): void;
  onDelete(id: number): void;
}

const onMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** Ctrl+Enter (⌘+Enter on a Mac) in a note's text submits its form; a plain Enter is a new line. */
function saveOnCtrlEnter(e: KeyboardEvent<HTMLTextAreaElement>) {
  if (!isSaveEnter(e)) return;
  e.preventDefault();
  e.currentTarget.form?.requestSubmit();
}

/** Timestamped notes: add, edit in place, delete. */
export function NotesPanel({ notes, onAdd, onEdit, onDelete }: Props) {
  const { t, locale } = useI18n();
  const [draft, setDraft] = useState('');
  const field = useRef<HTMLTextAreaElement>(null);
  const [editing, setEditing] = useState<{ id: number; text: string } | null>(null);
  const when = (ms: number) => formatDateTime(ms, locale);
  const keys = t(onMac ? 'noteSaveShortcutMac' : 'noteSaveShortcut');
  return (
    <section className="notes" aria-label={t('notes')}>
      <h2>{t('notes')}</h2>
      <Form
        onSubmit={(e) => {
          e.preventDefault();
          if (draft.trim()) (onAdd(draft), setDraft(''));
          // The button goes disabled once the field is empty: keep focus where the next note is written.
          field.current?.focus();
        }}
      >
        <textarea
          ref={field}
          aria-label={t('newNote')}
          aria-keyshortcuts={onMac ? 'Meta+Enter' : 'Control+Enter'}
          placeholder={t('newNotePlaceholder')}
          value={draft}
          maxLength={20000}
          rows={2}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={saveOnCtrlEnter}
        />
        <button type="submit" disabled={!draft.trim()} title={t('addNoteWithShortcut', keys)}>
          {t('addNote')}
        </button>
      </Form>
      <ul>
        {notes.map((note) => (
          <li key={note.id} className="note">
            <time dateTime={machineTime(note.at)}>
              {when(note.at)}
              {note.updatedAt ? ` · ${t('edited')}` : ''}
            </time>
            {editing?.id === note.id ? (
              <Form onSubmit={(e) => (e.preventDefault(), editing.text.trim() && (onEdit(note.id, editing.text), setEditing(null)))}>
                <textarea
                  aria-label={t('editNote')}
                  aria-keyshortcuts={onMac ? 'Meta+Enter' : 'Control+Enter'}
                  value={editing.text}
                  maxLength={20000}
                  onChange={(e) => setEditing({ id: note.id, text: e.target.value })}
                  onKeyDown={saveOnCtrlEnter}
                  autoFocus
                />
                <button type="submit" disabled={!editing.text.trim()}>
                  {t('save')}
                </button>
                <button type="button" onClick={() => setEditing(null)}>
                  {t('cancel')}
                </button>
              </Form>
            ) : (
              <>
                <p>{note.text}</p>
                <button type="button" onClick={() => setEditing({ id: note.id, text: note.text ?? '' })} aria-label={t('editNote')}>
                  {t('edit')}
                </button>
                <button type="button" onClick={() => onDelete(note.id)} aria-label={t('deleteNote')}>
                  {t('delete')}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
