import { useI18n } from '@/components/i18n';
import { featureName } from '@/components/RiskBadge';
import { formatNumber, formatPercent, formatUnit, plural } from '@/lib/format';
import type { RefusedField, ScorerFigures } from '@/lib/churn/training';
import type { TrainMessage } from './risk-train.worker';

type Done = Extract<TrainMessage, { type: 'done' }>;

/** Rules whose AUC on the user's own contacts is below this are called weak, with what to do about it. */
export const WEAK_RULES_AUC = 0.6;

const f3 = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '—');

/** Why a custom field was left out of training, in words. */
export function RefusedFields({ refused }: { refused: RefusedField[] }) {
  const { t } = useI18n();
  if (!refused.length) return null;
  return (
    <ul className="risk-model-refused" data-testid="model-refused">
      {refused.map((r) => (
        <li key={r.key} className="warn">
          {t(r.reason === 'only-churned' ? 'reRefusedOnlyChurned' : 'reRefusedAfterSnapshot', [featureName(`custom:${r.key}`, t), String(r.filledChurned), String(r.filledRetained)])}
        </li>
      ))}
    </ul>
  );
}

/** The validated figures of the rules and each model after training, and which one now scores. */
export function TrainOutcome({ outcome, modelActive, onBackToRules }: { outcome: Done; modelActive: boolean; onBackToRules: () => void }) {
  const { t, locale } = useI18n();
  const rows: ScorerFigures[] = [outcome.rules, outcome.logistic, outcome.gbdt, ...(outcome.ensemble ? [outcome.ensemble] : [])];
  const best = outcome.best;
  const percent = (v: number) => formatPercent(v, locale);
  const horizon = formatUnit(outcome.horizonDays, 'day', locale);
  return (
    <>
      <p>{t('reLabelled', [formatNumber(outcome.positives, locale), formatNumber(outcome.negatives, locale)])}</p>
      <p className="muted">{t('reBaseRate', [percent(outcome.baseRate), horizon])}</p>
      {outcome.asOfToday > 0 ? <p className="muted">{plural(t, locale, 'reAsOfToday', outcome.asOfToday, [formatNumber(outcome.asOfToday, locale), horizon])}</p> : null}
      <table className="risk-model-auc" data-testid="model-auc">
        <caption>{t('reFiguresCaption', String(outcome.folds))}</caption>
        <thead>
          <tr>
            <th scope="col">{t('reModelCol')}</th>
            <th scope="col">{t('reAucCol')}</th>
            <th scope="col">{t('reBrierCol')}</th>
            <th scope="col">{t('reEceCol')}</th>
            <th scope="col">{t('reCalibrationCol')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.kind} data-kind={r.kind} data-best={r.kind === best.kind ? 1 : 0}>
              <th scope="row">{t(`reKind_${r.kind}`)}</th>
              <td className="num">{`${f3(r.mean)} ± ${f3(r.sd)}`}</td>
              <td className="num">{f3(r.calibrated.brier)}</td>
              <td className="num">{f3(r.calibrated.ece)}</td>
              <td>{t(`reMethod_${r.method}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">{t('reFiguresHint')}</p>
      <p data-testid="model-verdict" data-model-active={modelActive ? 1 : 0}>
        {outcome.modelBeatsRules
          ? t('reModelWins', [t(`reKind_${best.kind}`), f3(best.mean), f3(outcome.rules.mean), f3(best.calibrated.brier), f3(outcome.rules.calibrated.brier), String(outcome.horizonDays)])
          : t('reRulesStay', [t(`reKind_${best.kind}`), f3(best.mean), f3(outcome.rules.mean), f3(best.calibrated.brier), f3(outcome.rules.calibrated.brier)])}
      </p>
      {outcome.modelBeatsRules && modelActive ? (
        <button type="button" onClick={onBackToRules} data-testid="back-to-rules">
          {t('reBackToRules')}
        </button>
      ) : null}
      {outcome.rules.mean < WEAK_RULES_AUC ? (
        <p className="warn" data-testid="rules-weak">
          {t('reRulesWeak', f3(outcome.rules.mean))}
        </p>
      ) : null}
      <RefusedFields refused={outcome.refused} />
      <p className="muted">{t('reTrainTime', formatNumber(outcome.ms / 1000, locale, 1))}</p>
    </>
  );
}
