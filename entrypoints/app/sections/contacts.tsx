import { useI18n } from '@/components/i18n';
import type { Route } from '../router';

/** Placeholder until this page is built. */
export function ContactsSection(_props: { route: Extract<Route, { page: 'contacts' }> }) {
  const { t } = useI18n();
  return <p className="muted">{t('comingSoon')}</p>;
}
