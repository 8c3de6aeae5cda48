import { useI18n } from '@/components/i18n';
import { formatNumber, plural } from '@/lib/format';
import type { StageValue } from '@/lib/csv/validate';

/** Rows listed per unknown stage value. */
const SHOWN_ROWS = 10;

/** One line per stage value Kizuna does not know: how many rows, which ones, and that they import with the default stage. */
export function StageWarnings({ values }: { values: StageValue[] }) {
  const { t, locale } = useI18n();
  const unknown = values.filter((v) => v.stage === null);
  if (unknown.length === 0) return null;
  const comma = new Intl.ListFormat(locale, { style: 'narrow', type: 'conjunction' });
  return (
    <ul className="wi-stage-warnings" data-testid="wi-unknown-stages">
      {unknown.map((v) => {
        const shown = v.rows.slice(0, SHOWN_ROWS).map((r) => formatNumber(r, locale));
        const more = v.count - shown.length;
        const rows = more > 0 ? t('wiRowsAndMore', [comma.format(shown), formatNumber(more, locale)]) : comma.format(shown);
        return (
          <li key={v.key} data-testid="wi-unknown-stage" data-value={v.value}>
            {plural(t, locale, 'wiUnknownStageRows', v.count, [v.value, formatNumber(v.count, locale), rows, t('stage_lead')])}
          </li>
        );
      })}
    </ul>
  );
}
