import { useI18n } from '@/components/i18n';
import type { Route } from '../router';
import { FieldMappingEditor } from './risk-mapping';
import { MboxImport } from './risk-mbox';
import { ModelPanel } from './risk-model';
import { RulesEditor } from './risk-rules';

/** Churn risk settings: the point rules with a live preview, field mapping, the fitted model, mailbox import. */
export function RiskSection(_props: { route: Extract<Route, { page: 'risk' }> }) {
  const { t } = useI18n();
  return (
    <div className="risk-settings">
      <h2>{t('navRisk')}</h2>
      <RulesEditor />
      <FieldMappingEditor />
      <ModelPanel />
      <MboxImport />
    </div>
  );
}
