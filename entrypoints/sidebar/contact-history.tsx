import { HistoryList } from '@/components/HistoryList';
import type { Activity } from '@/lib/db/types';
import { useThreadSharing } from './use-thread-sharing';

/** The contact's history with its per-thread "share with the team" boxes (side panel, on demand; contact page). */
export default function ContactHistory({ rows }: { rows: Activity[] }) {
  const sharing = useThreadSharing(rows);
  return <HistoryList rows={rows} sharing={sharing} />;
}
