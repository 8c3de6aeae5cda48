import { useEffect, useState } from 'react';
import { isComposing, isEnter } from './enter-key';

interface Props {
  value: string;
  label: string;
  placeholder?: string;
  onSave(value: string): void;
  maxLength?: number;
  list?: string;
}

/** A text that is an input: saved on Enter or when focus leaves, Escape puts the saved value back. */
export function EditableText({ value, label, placeholder, onSave, maxLength = 500, list }: Props) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const commit = () => {
    if (draft.trim() !== value) onSave(draft.trim());
  };
  return (
    <input
      className="editable"
      aria-label={label}
      value={draft}
      placeholder={placeholder}
      maxLength={maxLength}
      list={list}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (isComposing(e)) return;
        if (isEnter(e)) {
          e.preventDefault();
          commit();
        } else if (e.key === 'Escape') setDraft(value);
      }}
    />
  );
}
