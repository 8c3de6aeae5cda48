import { useI18n, type Translate } from '@/components/i18n';
import { WIZARD_STEPS } from './wizard-steps';

/** The wizard's step list: the current step marked (aria-current), every step a button to go to it. */
export function Stepper({ current, onGo }: { current: number; onGo: (step: number) => void }) {
  const { t } = useI18n();
  return (
    <nav aria-label={t('cpWizSteps')}>
      <ol className="cp-stepper">
        {WIZARD_STEPS.map((step, i) => (
          <li key={step} data-done={i < current || undefined}>
            <button type="button" aria-current={i === current ? 'step' : undefined} onClick={() => onGo(i)}>
              <span className="cp-stepper-n" aria-hidden="true">
                {i + 1}
              </span>
              {stepLabel(t, i)}
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** A step's name ("Recipients", "Review & start"…). */
export function stepLabel(t: Translate, i: number): string {
  return [t('cpWizRecipients'), t('cpWizMessage'), t('cpWizSchedule'), t('cpWizReview')][i]!;
}
