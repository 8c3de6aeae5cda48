import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { db } from '@/lib/db';
import type { Activity } from '@/lib/db/types';
import { isThreadShared, readThreadSharing, setThreadShared } from '@/lib/team/thread-share';
import type { HistorySharing } from '@/components/HistoryList';
import { usePendingChoices } from './pending-choices';
import { useTeam, useTeamReadOnly } from './use-team';

/** The history's per-thread "share with the team" boxes: once a team is joined, for a member who may change the book. */
export function useThreadSharing(rows: readonly Activity[] | undefined): HistorySharing | undefined {
  const { config } = useTeam();
  const readOnly = useTeamReadOnly();
  const ids = [...new Set((rows ?? []).flatMap((a) => (a.kind === 'email' && a.threadId ? [a.threadId] : [])))];
  const joined = !!config && !readOnly;
  const sharing = useLiveQuery(() => (joined && ids.length ? readThreadSharing(db, ids) : undefined), [joined, ids.join('\n')]);
  const stored = useMemo(() => sharing && ((threadId: string) => isThreadShared(sharing, threadId)), [sharing]);
  // The box shows a click's choice at once, until the live read of the stored choice shows it too.
  const choices = usePendingChoices(stored, (threadId, shared) => setThreadShared(db, threadId, shared));
  if (!joined || !sharing) return undefined;
  return {
    shared: (threadId) => choices.shown(threadId) ?? isThreadShared(sharing, threadId),
    onShare: (threadId, shared) => choices.choose(threadId, shared),
  };
}
