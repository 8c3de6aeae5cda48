import { useI18n } from './i18n';

export type SidebarStatus = 'connecting' | 'no-thread' | 'no-messages' | 'no-sender' | 'layout-unknown' | 'no-gmail' | 'no-tab' | 'only-you' | 'never-logged' | 'not-created';

/** A calm line when there is nothing to show, or Gmail's page is not what Kizuna expects. */
export function StatusMessage({ status }: { status: SidebarStatus }) {
  const { t } = useI18n();
  return (
    <p className={`status status-${status}`} role="status" data-status={status}>
      {t(`status_${status.replace(/-/g, '_')}`)}
    </p>
  );
}
