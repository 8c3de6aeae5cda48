import type { ButtonHTMLAttributes } from 'react';

export type ButtonVariant = 'default' | 'primary' | 'danger' | 'quiet' | 'icon';

/** A button in one of the design system's variants; type defaults to "button". */
export function Button({ variant = 'default', className, type = 'button', ...props }: { variant?: ButtonVariant } & ButtonHTMLAttributes<HTMLButtonElement>) {
  const variantClass = variant === 'icon' ? 'ui-icon-button' : variant === 'default' ? '' : `ui-button-${variant}`;
  return <button type={type} className={['ui-button', variantClass, className].filter(Boolean).join(' ')} {...props} />;
}
