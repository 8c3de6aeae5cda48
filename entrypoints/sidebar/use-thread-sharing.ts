import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { db } from '@/lib/db';
import type { Activity } from '@/lib/db/types';
import { isThreadShared, readThreadSharing, setThreadShared } from '@/lib/team/thread-share';
import type { HistorySharing } from '@/components/HistoryList';
import { useTeam, useTeamReadOnly } from './use-team';

/** The history's per-thread "share with the team" boxes: once a team is joined, for a member who may change the book. */
export function useThreadSharing(rows: readonly Activity[] | undefined): HistorySharing | undefined {
  const { config } = useTeam();
  const readOnly = useTeamReadOnly();
  // The box shows the choice at once: the stored one arrives through the live query after the write.
  const [pending, setPending] = useState<ReadonlyMap<string, boolean>>(new Map());
  const ids = [...new Set((rows ?? []).flatMap((a) => (a.kind === 'email' && a.threadId ? [a.threadId] : [])))];
  const joined = !!config && !readOnly;
  const sharing = useLiveQuery(() => (joined && ids.length ? readThreadSharing(db, ids) : undefined), [joined, ids.join('\n')]);
  if (!joined || !sharing) return undefined;
  const settle = (threadId: string) =>
    setPending((map) => {
      const next = new Map(map);
      next.delete(threadId);
      return next;
    });
  return {
    shared: (threadId) => pending.get(threadId) ?? isThreadShared(sharing, threadId),
    onShare: (threadId, shared) => {
      setPending((map) => new Map(map).set(threadId, shared));
      void setThreadShared(db, threadId, shared)
        .catch((error: unknown) => console.error('thread sharing', error))
        .finally(() => settle(threadId));
    },
  };
}
