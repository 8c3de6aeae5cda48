import type { LeftOut } from '@/lib/backup/integrity';
import { formatNumber } from '@/lib/format';
import { useI18n } from './i18n';

const MESSAGES: Record<keyof LeftOut, string> = {
  activities: 'wiLeftOutActivities',
  activityContacts: 'wiLeftOutActivityContacts',
  alerts: 'wiLeftOutAlerts',
  campaignRecipients: 'wiLeftOutRecipients',
  contactCompanies: 'wiLeftOutCompanies',
  contactTags: 'wiLeftOutTags',
  tasks: 'wiLeftOutTasks',
};

/** What a restore leaves out because the file refers to rows it does not hold, one line per kind; nothing when none. */
export function RestoreLeftOut({ leftOut }: { leftOut: LeftOut }) {
  const { t, locale } = useI18n();
  const kinds = (Object.keys(MESSAGES) as (keyof LeftOut)[]).filter((kind) => leftOut[kind] > 0);
  if (kinds.length === 0) return null;
  return (
    <div className="wi-left-out" data-testid="wi-restore-left-out">
      <p>{t('wiRestoreLeftOut')}</p>
      <ul>
        {kinds.map((kind) => (
          <li key={kind} data-kind={kind}>
            {t(MESSAGES[kind], formatNumber(leftOut[kind], locale))}
          </li>
        ))}
      </ul>
    </div>
  );
}
