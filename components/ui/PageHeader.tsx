import type { ReactNode } from 'react';
import { BackLink } from './Link';

interface Props {
  title: ReactNode;
  /** A line under the title (a count, a domain, an email). */
  subtitle?: ReactNode;
  /** A way back to a list, above the title. */
  back?: { href: string; label: string };
  /** Buttons or links on the title's right. */
  actions?: ReactNode;
  titleId?: string;
  /** The heading level: 2 in the app (its h1 is the product name in the navigation). */
  level?: 1 | 2;
}

/** The one title of a page, the same on every page of the app. */
export function PageHeader({ title, subtitle, back, actions, titleId, level = 2 }: Props) {
  const Heading = level === 1 ? 'h1' : 'h2';
  return (
    <header className="ui-page-header">
      <div className="ui-page-header-text">
        {back ? <BackLink href={back.href}>{back.label}</BackLink> : null}
        <Heading className="ui-page-title" id={titleId} tabIndex={-1}>
          {title}
        </Heading>
        {subtitle ? <div className="ui-page-subtitle">{subtitle}</div> : null}
      </div>
      {actions ? <div className="ui-page-actions">{actions}</div> : null}
    </header>
  );
}
