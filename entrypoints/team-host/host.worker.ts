import { runHostWorker } from '@/lib/team/host-worker';

runHostWorker(self as unknown as Parameters<typeof runHostWorker>[0]);
