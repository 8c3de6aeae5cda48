// The app's navigation, without React: the shell (App.tsx) and the contacts list's first paint (first-paint.ts) show it.
import type { Route } from './route';

/** The navigation's links: the route, its label's message and the pages it stands for (aria-current). */
export const NAV: { route: Route; label: string; matches: Route['page'][] }[] = [
  { route: { page: 'contacts' }, label: 'navContacts', matches: ['contacts', 'contact', 'company'] },
  { route: { page: 'attention' }, label: 'navAttention', matches: ['attention'] },
  { route: { page: 'tasks' }, label: 'navTasks', matches: ['tasks'] },
  { route: { page: 'playbooks' }, label: 'navPlaybooks', matches: ['playbooks'] },
  { route: { page: 'sequences' }, label: 'navSequences', matches: ['sequences'] },
  { route: { page: 'approvals' }, label: 'navApprovals', matches: ['approvals'] },
  { route: { page: 'campaigns' }, label: 'navCampaigns', matches: ['campaigns', 'campaign-new', 'campaign'] },
  { route: { page: 'templates' }, label: 'navTemplates', matches: ['templates'] },
  { route: { page: 'reports' }, label: 'navReports', matches: ['reports'] },
  { route: { page: 'import' }, label: 'navImport', matches: ['import'] },
  { route: { page: 'duplicates' }, label: 'navDuplicates', matches: ['duplicates'] },
  { route: { page: 'risk' }, label: 'navRisk', matches: ['risk'] },
  { route: { page: 'backup' }, label: 'navBackup', matches: ['backup'] },
  { route: { page: 'team' }, label: 'navTeam', matches: ['team'] },
];
