import { runTeamHostPage } from '@/lib/team/host-page';

void runTeamHostPage().catch((e: unknown) => console.warn('Kizuna: the team sync could not start', e));
