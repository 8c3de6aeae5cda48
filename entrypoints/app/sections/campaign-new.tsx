import { useI18n } from '@/components/i18n';
import type { Route } from '../router';

/** Placeholder until this page is built. */
export function CampaignWizard(_props: { route: Extract<Route, { page: 'campaign-new' }> }) {
  const { t } = useI18n();
  return <p className="muted">{t('comingSoon')}</p>;
}
