import { runTeamHostPage } from '@/lib/team/host-page';

runTeamHostPage();
