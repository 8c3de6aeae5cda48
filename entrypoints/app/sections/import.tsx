import { useI18n } from '@/components/i18n';
import type { Route } from '../router';

/** Placeholder until this page is built. */
export function ImportSection(_props: { route: Extract<Route, { page: 'import' }> }) {
  const { t } = useI18n();
  return <p className="muted">{t('comingSoon')}</p>;
}
