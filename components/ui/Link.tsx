import type { AnchorHTMLAttributes, ReactNode } from 'react';
import { Icon } from './Icon';

/** A link in the theme's link colour (never the browser's blue or visited purple). */
export function Link({ className, ...props }: AnchorHTMLAttributes<HTMLAnchorElement>) {
  return <a className={['ui-link', className].filter(Boolean).join(' ')} {...props} />;
}

/** "← Contacts": the way back to a list, with the arrow drawn rather than typed. */
export function BackLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <a className="ui-link ui-back" href={href}>
      <Icon name="arrowBack" />
      {children}
    </a>
  );
}
