import type { ReactNode } from 'react';

interface Props {
  label: ReactNode;
  /** The control: an input, select or textarea (it is labelled by this field's label). */
  children: ReactNode;
  help?: ReactNode;
  error?: ReactNode;
  className?: string;
}

/** A labelled control, its help line and its error, stacked. */
export function Field({ label, children, help, error, className }: Props) {
  return (
    <label className={['ui-field', className].filter(Boolean).join(' ')}>
      <span className="ui-field-label">{label}</span>
      {children}
      {help ? <span className="ui-field-help">{help}</span> : null}
      {error ? (
        <span className="ui-field-error" role="alert">
          {error}
        </span>
      ) : null}
    </label>
  );
}
