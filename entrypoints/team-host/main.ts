import { runTeamHostPage } from '@/lib/team/host-page';

const startWorker = () => new Worker(new URL('./host.worker.ts', import.meta.url), { type: 'module' });
void runTeamHostPage(startWorker).catch((e: unknown) => console.warn('Kizuna: the team sync could not start', e));
