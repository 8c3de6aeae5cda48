import { useEffect, useRef } from 'react';
import { useI18n } from '@/components/i18n';
import type { Route } from '../router';
import { FieldMappingEditor } from './risk-mapping';
import { MboxImport } from './risk-mbox';
import { ModelPanel } from './risk-model';
import { RulesEditor } from './risk-rules';
import { PageHeader } from '@/components/ui/PageHeader';

/** Churn risk settings: the point rules with a live preview, field mapping, the fitted model, mailbox import. */
export function RiskSection({ route }: { route: Extract<Route, { page: 'risk' }> }) {
  const { t } = useI18n();
  const mailbox = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // #/risk/mailbox (the first-run page's "import your mailbox"): start at the mailbox import.
    if (route.part === 'mailbox') (mailbox.current?.scrollIntoView({ block: 'start' }), mailbox.current?.focus({ preventScroll: true }));
  }, [route.part]);
  return (
    <div className="risk-settings">
      <PageHeader title={t('navRisk')} />
      <RulesEditor />
      <FieldMappingEditor />
      <ModelPanel />
      <div ref={mailbox} tabIndex={-1} data-part="mailbox">
        <MboxImport />
      </div>
    </div>
  );
}
