import { useEffect, useState } from 'react';
import { isComposing, isEnter } from './enter-key';

interface Props {
  value: string;
  label: string;
  placeholder?: string;
  onSave(value: string): void;
  maxLength?: number;
  list?: string;
  /** How the saved value reads while the field is not being edited (money in the user's currency); raw while editing. */
  format?(value: string): string;
}

/** A text that is an input: saved on Enter or when focus leaves, Escape puts the saved value back. */
export function EditableText({ value, label, placeholder, onSave, maxLength = 500, list, format }: Props) {
  const [draft, setDraft] = useState(value);
  const [editing, setEditing] = useState(false);
  useEffect(() => setDraft(value), [value]);
  const commit = () => {
    if (draft.trim() !== value) onSave(draft.trim());
  };
  return (
    <input
      className="editable"
      aria-label={label}
      value={format && !editing && draft === value ? format(value) : draft}
      placeholder={placeholder}
      maxLength={maxLength}
      list={list}
      onChange={(e) => setDraft(e.target.value)}
      onFocus={() => setEditing(true)}
      onBlur={() => (setEditing(false), commit())}
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
