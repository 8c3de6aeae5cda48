import type { InputHTMLAttributes, ReactNode } from 'react';

interface Props extends Omit<InputHTMLAttributes<HTMLInputElement>, 'type'> {
  /** The words beside the box (or its accessible name only, with hideLabel). */
  label: ReactNode;
  /** The label is for screen readers only (a table row's box); then label must be a string. */
  hideLabel?: boolean;
  /** On its own line, rather than inline with other controls. */
  block?: boolean;
}

/** A checkbox with its label right beside it; clicking the words toggles the box. */
export function Checkbox({ label, hideLabel = false, block = false, className, ...input }: Props) {
  if (hideLabel) return <input type="checkbox" aria-label={String(label)} className={className} {...input} />;
  return (
    <label className={['ui-check', block ? 'ui-check-block' : '', className].filter(Boolean).join(' ')}>
      <input type="checkbox" {...input} />
      <span>{label}</span>
    </label>
  );
}
