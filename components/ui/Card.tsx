import type { HTMLAttributes } from 'react';

/** A bordered box for one thing (a report, a step, an alert). */
export function Card({ className, as: As = 'section', ...props }: { as?: 'section' | 'div' | 'li' | 'article' } & HTMLAttributes<HTMLElement>) {
  return <As className={['ui-card', className].filter(Boolean).join(' ')} {...props} />;
}
