import { serveTeamHost, type HostWorkerScope } from '@/lib/team/host-worker';

/** The sync host's worker, started by team-host.html (lib/team/host-page.ts). */
export default defineUnlistedScript(() => serveTeamHost(self as unknown as HostWorkerScope));
