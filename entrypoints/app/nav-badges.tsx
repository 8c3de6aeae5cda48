import { useLiveQuery } from 'dexie-react-hooks';
import { useI18n } from '@/components/i18n';
import { TeamBadge } from '@/components/TeamStatus';
import { db } from '@/lib/db';
import { formatNumber, plural } from '@/lib/format';
import { useTeam } from '../sidebar/use-team';
import type { Route } from './router';

function Count({ n, label }: { n: number | undefined; label: string }) {
  const { t, locale } = useI18n();
  return n ? (
    <span className="count" aria-label={plural(t, locale, label, n)}>
      {formatNumber(n, locale)}
    </span>
  ) : null;
}

function OpenAlerts() {
  return <Count n={useLiveQuery(() => db.alerts.where('open').equals(1).count(), [])} label="openAlertsCount" />;
}

function AwaitingApproval() {
  const n = useLiveQuery(() => db.enrolments.where('[state+createdAt]').between(['awaiting-approval', -Infinity], ['awaiting-approval', Infinity]).count(), []);
  return <Count n={n} label="awaitingApprovalCount" />;
}

function Team() {
  const team = useTeam();
  return team.summary ? <TeamBadge summary={team.summary} compact /> : null;
}

/**
 * The live figure beside a navigation link (open alerts, enrolments awaiting approval, the team's sync state). Its own
 * chunk (issue 16): the app shell paints its navigation without the database or the team's code.
 */
export function NavBadge({ page }: { page: Route['page'] }) {
  if (page === 'attention') return <OpenAlerts />;
  if (page === 'approvals') return <AwaitingApproval />;
  return page === 'team' ? <Team /> : null;
}
