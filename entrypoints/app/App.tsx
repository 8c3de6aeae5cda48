import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { useI18n } from '@/components/i18n';
import { NAV } from './nav';
import { href, useRoute, type Route } from './router';

// The navigation's live figures read the database and the team's state: loaded beside the page, not before the shell.
const NavBadge = lazy(() => import('./nav-badges').then((m) => ({ default: m.NavBadge })));
const BADGED: readonly Route['page'][] = ['attention', 'approvals', 'team'];

// Each page is its own chunk, loaded when first opened.
const pages: { [P in Route['page']]: LazyExoticComponent<ComponentType<{ route: Extract<Route, { page: P }> }>> } = {
  contacts: lazy(() => import('./sections/contacts').then((m) => ({ default: m.ContactsSection }))),
  contact: lazy(() => import('./sections/contact').then((m) => ({ default: m.ContactPage }))),
  company: lazy(() => import('./sections/company').then((m) => ({ default: m.CompanyPage }))),
  attention: lazy(() => import('./sections/attention').then((m) => ({ default: m.AttentionSection }))),
  tasks: lazy(() => import('./sections/tasks').then((m) => ({ default: m.TasksSection }))),
  import: lazy(() => import('./sections/import').then((m) => ({ default: m.ImportSection }))),
  duplicates: lazy(() => import('./sections/duplicates').then((m) => ({ default: m.DuplicatesSection }))),
  reports: lazy(() => import('./sections/reports').then((m) => ({ default: m.ReportsSection }))),
  backup: lazy(() => import('./sections/backup').then((m) => ({ default: m.BackupSection }))),
  risk: lazy(() => import('./sections/risk').then((m) => ({ default: m.RiskSection }))),
  campaigns: lazy(() => import('./sections/campaigns').then((m) => ({ default: m.CampaignsSection }))),
  'campaign-new': lazy(() => import('./sections/campaign-new').then((m) => ({ default: m.CampaignWizard }))),
  campaign: lazy(() => import('./sections/campaign').then((m) => ({ default: m.CampaignPage }))),
  templates: lazy(() => import('./sections/templates').then((m) => ({ default: m.TemplatesSection }))),
  team: lazy(() => import('./sections/team').then((m) => ({ default: m.TeamSection }))),
  playbooks: lazy(() => import('./sections/playbooks').then((m) => ({ default: m.PlaybooksSection }))),
  sequences: lazy(() => import('./sections/sequences').then((m) => ({ default: m.SequencesSection }))),
  approvals: lazy(() => import('./sections/approvals').then((m) => ({ default: m.ApprovalsSection }))),
};

/**
 * The first tab stop: straight to the contacts table's active row on the contacts list, else to the page. A click
 * handler rather than a hash link, because the hash is the app's route.
 */
function SkipLink({ page }: { page: Route['page'] }) {
  const { t } = useI18n();
  const toTable = page === 'contacts';
  return (
    <a
      className="ui-skip-link"
      href="#page"
      onClick={(e) => {
        e.preventDefault();
        const target = (toTable && document.querySelector<HTMLElement>('#contacts-rows [role="row"][tabindex="0"]')) || document.getElementById('page');
        target?.focus();
      }}
    >
      {t(toTable ? 'uiSkipToTable' : 'uiSkipToPage')}
    </a>
  );
}

/** The full-page Kizuna app: navigation on the left, one page at a time, addressed by the URL hash. */
export function App() {
  const { t } = useI18n();
  const route = useRoute();
  const Page = pages[route.page] as ComponentType<{ route: Route }>;
  return (
    <div className="app">
      <SkipLink page={route.page} />
      <nav aria-label={t('appNav')}>
        <h1>{t('appTitle')}</h1>
        <ul>
          {NAV.map((item) => (
            <li key={item.label}>
              <a href={href(item.route)} aria-current={item.matches.includes(route.page) ? 'page' : undefined}>
                {t(item.label)}
                {BADGED.includes(item.route.page) && (
                  <Suspense fallback={null}>
                    <NavBadge page={item.route.page} />
                  </Suspense>
                )}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="page" tabIndex={-1}>
        <Suspense fallback={<p className="muted">{t('loading')}</p>}>
          <Page route={route} />
        </Suspense>
      </main>
    </div>
  );
}
