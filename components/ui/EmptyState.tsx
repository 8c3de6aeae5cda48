import type { ReactNode } from 'react';

/** What a page shows with nothing in it: what is missing and what to do (actions as links or buttons). */
export function EmptyState({ title, children, actions }: { title: ReactNode; children?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="ui-empty" data-testid="empty-state">
      <p className="ui-empty-title">{title}</p>
      {children ? <p>{children}</p> : null}
      {actions ? <div className="ui-page-actions">{actions}</div> : null}
    </div>
  );
}
