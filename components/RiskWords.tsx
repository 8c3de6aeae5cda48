import { useId, useState } from 'react';
import { MIN_PER_CLASS } from '@/lib/churn/min-labels';
import { useI18n } from './i18n';
import { Icon } from './ui/Icon';

// Apart from RiskBadge (issue 16): the contacts list shows a band and a chance in every row, and importing them from
// RiskBadge brought the reasons' phrase lists and the model code onto the list's first path.

// The words themselves live in lib/churn/score-words.ts, which the side panel's first paint uses without React.
export { bandText, percentText } from '@/lib/churn/score-words';

/** "Not yet calibrated", with a button that shows what history would calibrate the score (keyboard reachable). */
export function NotCalibrated() {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const helpId = useId();
  return (
    <span className="risk-calibration">
      <button type="button" className="risk-calibration-toggle" aria-expanded={open} aria-controls={helpId} onClick={() => setOpen(!open)}>
        {t('riskNotCalibrated')} <Icon name="info" />
      </button>
      <span id={helpId} className="risk-calibration-help" role="note" hidden={!open}>
        {t('riskNotCalibratedHelp', String(MIN_PER_CLASS))}
      </span>
    </span>
  );
}
