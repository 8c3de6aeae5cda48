import { useId, useRef, useState } from 'react';
import type { Tag } from '@/lib/db/types';
import { suggestTags, TAG_COLORS, tagColor } from '@/lib/contacts/tags';
import { isComposing, isEnter } from './enter-key';
import { useI18n } from './i18n';

interface Props {
  tags: Tag[];
  /** Names added but not stored yet, shown as chips without controls (the write is under way). */
  pending?: readonly string[];
  allTags: Tag[];
  onAdd(name: string): void;
  onRemove(tagId: number): void;
  /** Takes back an add still under way (its pending chip's × or Backspace); without it, pending chips stay put. */
  onCancel?(name: string): void;
  onColor(tagId: number, color: string): void;
}

/**
 * Tag chips and a combobox: type, pick from suggestions, Enter adds; × or Backspace removes, with an
 * Undo beside the field (Backspace in an empty field is easy to press by accident). Backspace takes the last chip
 * as the user sees it: a pending one (just added, still being written) first.
 * Give it a `key` per contact, so an Undo never lands on the next contact.
 */
export function TagEditor({ tags, pending = [], allTags, onAdd, onRemove, onCancel, onColor }: Props) {
  const { t } = useI18n();
  const listId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [active, setActive] = useState(-1);
  const [palette, setPalette] = useState<number | null>(null);
  /** The name of the tag last removed or taken back, for the Undo line. */
  const [removed, setRemoved] = useState<string | null>(null);
  const suggestions = text
    ? suggestTags(
        allTags,
        text,
        tags.map((x) => x.id),
      )
    : [];
  const add = (name: string) => {
    if (!name.trim()) return;
    onAdd(name);
    setText('');
    setActive(-1);
    setRemoved(null);
  };
  const remove = (tag: Tag) => {
    onRemove(tag.id);
    setRemoved(tag.name);
  };
  const cancel = (name: string) => {
    onCancel?.(name);
    setRemoved(name);
  };
  const undo = (name: string) => {
    onAdd(name);
    setRemoved(null);
    input.current?.focus();
  };
  return (
    <section className="tags" aria-label={t('tags')}>
      <ul className="chips">
        {tags.map((tag) => (
          <li key={tag.id} className="chip" style={{ borderColor: tagColor(tag.color) }} data-tag={tag.name}>
            <button
              type="button"
              className="dot"
              style={{ background: tagColor(tag.color) }}
              aria-label={t('tagColor', tag.name)}
              aria-expanded={palette === tag.id}
              onClick={() => setPalette(palette === tag.id ? null : tag.id)}
            />
            <span>{tag.name}</span>
            <button type="button" className="remove" aria-label={t('removeTag', tag.name)} onClick={() => (remove(tag), input.current?.focus())}>
              ×
            </button>
            {palette === tag.id && (
              <div className="palette" role="group" aria-label={t('tagColor', tag.name)}>
                {TAG_COLORS.map((c) => (
                  <button key={c} type="button" style={{ background: c }} aria-label={c} aria-pressed={c === tag.color} onClick={() => (onColor(tag.id, c), setPalette(null))} />
                ))}
              </div>
            )}
          </li>
        ))}
        {pending.map((name) => (
          <li key={`pending:${name}`} className="chip pending" data-tag={name} aria-busy="true">
            <span>{name}</span>
            {onCancel && (
              <button type="button" className="remove" aria-label={t('removeTag', name)} onClick={() => (cancel(name), input.current?.focus())}>
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
      <input
        ref={input}
        className="tag-input"
        role="combobox"
        aria-label={t('addTag')}
        aria-expanded={suggestions.length > 0}
        aria-controls={listId}
        aria-activedescendant={active >= 0 ? `${listId}-${active}` : undefined}
        placeholder={t('addTagPlaceholder')}
        value={text}
        maxLength={60}
        onChange={(e) => (setText(e.target.value), setActive(-1))}
        onKeyDown={(e) => {
          // While an IME composes, every key (Enter, Backspace, Escape, arrows) is the IME's.
          if (isComposing(e)) return;
          if (isEnter(e)) {
            e.preventDefault();
            // The field's own value, not the last render's: Preact (the side panel) renders an input event's
            // update after the task, so an Enter in the same task would see the text before it.
            add(active >= 0 ? suggestions[active].name : e.currentTarget.value);
          } else if (e.key === 'ArrowDown' && suggestions.length) {
            e.preventDefault();
            setActive((active + 1) % suggestions.length);
          } else if (e.key === 'ArrowUp' && suggestions.length) {
            e.preventDefault();
            setActive(active <= 0 ? suggestions.length - 1 : active - 1);
          } else if (e.key === 'Backspace' && text === '' && pending.length && onCancel) {
            cancel(pending[pending.length - 1]);
          } else if (e.key === 'Backspace' && text === '' && tags.length) {
            remove(tags[tags.length - 1]);
          } else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z' && text === '' && removed) {
            e.preventDefault();
            undo(removed);
          } else if (e.key === 'Escape') setText('');
        }}
      />
      {removed && (
        <p className="undo-line" role="status">
          {t('tagRemoved', removed)}
          {' · '}
          <button type="button" className="link" aria-label={t('undoTagRemoval', removed)} onClick={() => undo(removed)}>
            {t('undo')}
          </button>
        </p>
      )}
      {suggestions.length > 0 && (
        <ul className="suggestions" role="listbox" id={listId} aria-label={t('tagSuggestions')}>
          {suggestions.map((s, i) => (
            <li key={s.id} id={`${listId}-${i}`} role="option" aria-selected={i === active} onMouseDown={(e) => (e.preventDefault(), add(s.name))}>
              <span className="dot" style={{ background: tagColor(s.color) }} aria-hidden="true" />
              {s.name}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
