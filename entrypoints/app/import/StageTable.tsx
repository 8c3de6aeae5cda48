import { useI18n } from '@/components/i18n';
import { formatNumber } from '@/lib/format';
import { STAGES, type Stage } from '@/lib/db/types';
import { parseStage } from '@/lib/csv/values';

/** A value of the stage column as the page knows it: from the preview rows, and with its count and rows once the file is checked. */
export interface SeenStage {
  key: string;
  value: string;
  count?: number;
}

const stageLabel = (stage: Stage) => `stage_${stage.replace('-', '_')}`;

/** The stage column's values and the Kizuna stage each becomes; the user can change any (an unknown value defaults to lead, with a warning). */
export function StageTable({ values, chosen, onChange }: { values: SeenStage[]; chosen: Record<string, Stage>; onChange: (stages: Record<string, Stage>) => void }) {
  const { t, locale } = useI18n();
  if (values.length === 0) return null;
  const choose = (key: string, stage: Stage | '') => {
    const next = { ...chosen };
    if (stage) next[key] = stage;
    else delete next[key];
    onChange(next);
  };
  return (
    <table className="wi-mapping wi-stages" data-testid="wi-stages">
      <caption>{t('wiStagesCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('wiStageValue')}</th>
          <th scope="col">{t('wiStageRows')}</th>
          <th scope="col">{t('wiStageInKizuna')}</th>
        </tr>
      </thead>
      <tbody>
        {values.map(({ key, value, count }) => {
          const known = parseStage(value);
          const mine = Object.hasOwn(chosen, key) ? chosen[key] : undefined;
          return (
            <tr key={key} data-unknown={!known && !mine ? 'true' : undefined}>
              <th scope="row">{value}</th>
              <td>{count === undefined ? '—' : formatNumber(count, locale)}</td>
              <td>
                <select aria-label={t('wiStageFor', value)} value={mine ?? known ?? ''} onChange={(e) => choose(key, e.target.value as Stage | '')}>
                  {!known ? <option value="">{t('wiStageDefault', t('stage_lead'))}</option> : null}
                  {STAGES.map((s) => (
                    <option key={s} value={s}>
                      {t(stageLabel(s))}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
