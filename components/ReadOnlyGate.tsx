import type { ReactNode } from 'react';
import { useI18n } from './i18n';

/** Why the book cannot be edited here: a viewer on the team, or a member whose access ended. */
export type ReadOnlyReason = 'viewer' | 'left';

/** The line that says why editing is blocked. */
export function ReadOnlyNote({ reason }: { reason: ReadOnlyReason }) {
  const { t } = useI18n();
  return (
    <p className="warning read-only-note" role="note">
      {t(`teamReadOnly_${reason}`)}
    </p>
  );
}

/**
 * Editing controls that a read-only team member must not use: a disabled fieldset disables every
 * input, select and button inside (the server would drop a viewer's edits silently, so the UI blocks them).
 */
export function ReadOnlyGate({ reason, children }: { reason: ReadOnlyReason | null; children: ReactNode }) {
  if (!reason) return <>{children}</>;
  return (
    <fieldset disabled className="read-only-gate" style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}>
      {children}
    </fieldset>
  );
}
