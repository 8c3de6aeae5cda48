import { useI18n } from '@/components/i18n';
import { href } from '../router';
import './first-run.css';
import { PageHeader } from '@/components/ui/PageHeader';

/** Gmail's inbox, where opening a thread brings its people into Kizuna. */
const GMAIL_URL = 'https://mail.google.com/mail/u/0/#inbox';

/**
 * What a fresh install shows instead of empty lists and zero charts: what Kizuna does, three ways to
 * start, and where the data lives. `page` picks the heading (the Contacts page welcomes, Reports explains).
 */
export function FirstRun({ page }: { page: 'contacts' | 'reports' }) {
  const { t } = useI18n();
  const steps = [
    { id: 'gmail', link: GMAIL_URL, external: true },
    { id: 'csv', link: href({ page: 'import' }), external: false },
    { id: 'mailbox', link: href({ page: 'risk', part: 'mailbox' }), external: false },
  ] as const;
  return (
    <section className="first-run" data-testid="first-run" aria-labelledby="first-run-title">
      <PageHeader titleId="first-run-title" title={t(page === 'contacts' ? 'frWelcome' : 'frReportsEmpty')} />
      <p className="first-run-intro">{t(page === 'contacts' ? 'frWhat' : 'frReportsWhat')}</p>
      <h3>{t('frStart')}</h3>
      <ol className="first-run-steps">
        {steps.map((step) => (
          <li key={step.id} data-step={step.id}>
            <h4>{t(`frStep_${step.id}`)}</h4>
            <p>{t(`frStepHelp_${step.id}`)}</p>
            <a className="ui-button ui-button-primary first-run-action" href={step.link} {...(step.external ? { target: '_blank', rel: 'noopener noreferrer' } : {})}>
              {t(`frStepAction_${step.id}`)}
            </a>
          </li>
        ))}
      </ol>
      <p className="first-run-privacy" role="note">
        <strong>{t('frPrivacyTitle')}</strong> {t('frPrivacy')}
      </p>
    </section>
  );
}
