import { useId, useState } from 'react';
import type { Band } from '@/lib/churn/rules';
import { MIN_PER_CLASS } from '@/lib/churn/min-labels';
import { formatNumber } from '@/lib/format';
import { useI18n, type Translate } from './i18n';
import { Icon } from './ui/Icon';

// Apart from RiskBadge (issue 16): the contacts list shows a band and a chance in every row, and importing them from
// RiskBadge brought the reasons' phrase lists and the model code onto the list's first path.

const BAND_KEY: Record<Band, string> = { low: 'riskLow', medium: 'riskMedium', high: 'riskHigh' };

/** A chance as a whole percent ("23"); below 1 % with one decimal, so a small chance never reads as 0. */
export function percentText(probability: number, locale: string): string {
  const percent = probability * 100;
  const digits = percent > 0 && percent < 1 ? 1 : 0;
  return digits ? formatNumber(percent, locale, 1) : formatNumber(percent, locale);
}

/** The band's name. */
export const bandText = (band: Band, t: Translate): string => t(BAND_KEY[band]);

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
