import { useI18n } from '@/components/i18n';
import type { Route } from '../router';

/** Placeholder until this page is built. */
export function ContactPage(_props: { route: Extract<Route, { page: 'contact' }> }) {
  const { t } = useI18n();
  return <p className="muted">{t('comingSoon')}</p>;
}
