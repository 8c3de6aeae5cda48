import { useEffect, useId, useRef, useState } from 'react';
import { formatDateTime, formatNumber } from '@/lib/format';
import { useLiveQuery } from 'dexie-react-hooks';
import { useI18n } from '@/components/i18n';
import { featureName } from '@/components/RiskBadge';
import { db } from '@/lib/db';
import type { RiskModelRecord } from '@/lib/db/types';
import { customFeatureKeys } from '@/lib/churn/features';
import { userTimeZone } from '@/lib/churn/scorer-config';
import { updateRiskSettings } from '@/lib/churn/settings';
import { storedImportance } from '@/lib/churn/training';
import { activateVersion, backToRules, switchToVersion } from './risk-model-activate';
import { RefusedFields, TrainOutcome } from './risk-model-outcome';
import type { TrainMessage, TrainRequest } from './risk-train.worker';
import { useCustomFields, useRiskSettings } from './use-scorer';
import './risk-model.css';
import { Checkbox } from '@/components/ui/Checkbox';

type Done = Extract<TrainMessage, { type: 'done' }>;
type Outcome = Done | Extract<TrainMessage, { type: 'too-few' }> | { type: 'error'; message: string };

const auc = (v: { mean: number; sd: number }) => `${v.mean.toFixed(3)} ± ${v.sd.toFixed(3)}`;

export { activateVersion };

/**
 * The model panel of the risk page: horizon and custom fields, train in a worker, compare the validated figures of
 * the rules and the models; the better scorer becomes active (one click goes back); versions, switch, roll back.
 */
export function ModelPanel() {
  const { t, locale } = useI18n();
  const settings = useRiskSettings();
  const customFields = useCustomFields();
  const versions = useLiveQuery(() => db.riskModels.orderBy('createdAt').reverse().toArray(), []);
  const [progress, setProgress] = useState<{ fraction: number; label: string } | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const worker = useRef<Worker | null>(null);
  const titleId = useId();
  useEffect(() => () => worker.current?.terminate(), []);

  function train() {
    if (!settings || !customFields) return;
    worker.current?.terminate();
    const w = new Worker(new URL('./risk-train.worker.ts', import.meta.url), { type: 'module' });
    worker.current = w;
    setOutcome(null);
    setProgress({ fraction: 0, label: t('reStep_load') });
    const request: TrainRequest = {
      settings: { rules: settings.rules, mapping: settings.mapping, horizonDays: settings.horizonDays, modelFields: settings.modelFields },
      customFields,
      timeZone: userTimeZone(),
      now: Date.now(),
    };
    w.onmessage = async (event: MessageEvent<TrainMessage>) => {
      const m = event.data;
      if (m.type === 'progress') {
        const label = m.step === 'load' ? t('reStep_load') : m.step === 'fit' ? t('reStep_fit') : t('reStep_cv', t(m.step === 'cv-logistic' ? 'reKind_logistic' : 'reKind_gbdt'));
        setProgress({ fraction: m.fraction, label });
        return;
      }
      w.terminate();
      worker.current = null;
      if (m.type === 'done') {
        const createdAt = Date.now();
        const version = m.versions[0];
        const record: Omit<RiskModelRecord, 'id'> = {
          kind: version.kind,
          createdAt,
          auc: version.auc,
          aucSd: version.aucSd,
          rulesAuc: m.rules.mean,
          positives: m.positives,
          negatives: m.negatives,
          model: version.model,
          active: 0,
          calibration: version.calibration,
          horizonDays: m.horizonDays,
          bands: version.bands,
          evidence: version.evidence,
          forecast: version.forecast,
          metrics: {
            ...m.best.calibrated,
            rulesAuc: m.rules.mean,
            rulesBrier: m.rules.calibrated.brier,
            validatedAt: createdAt,
            positives: m.positives,
            negatives: m.negatives,
            baseRate: m.baseRate,
          },
        };
        const saved = await db.riskModels.add(record as RiskModelRecord).then(
          (id) => id as number,
          (error: unknown) => {
            setProgress(null);
            setOutcome({ type: 'error', message: t('reSaveFailed', error instanceof Error ? error.message : String(error)) });
            return null;
          },
        );
        if (saved === null) return;
        // The better scorer on the user's own contacts becomes active (see betterFigures); the rules stay otherwise.
        if (m.modelBeatsRules) await switchToVersion({ id: saved, bands: version.bands });
      }
      setProgress(null);
      setOutcome(m);
    };
    w.onerror = (e) => {
      setProgress(null);
      setOutcome({ type: 'error', message: e.message || t('reWorkerFailed') });
      w.terminate();
      worker.current = null;
    };
    w.postMessage(request);
  }

  async function activate(record: RiskModelRecord) {
    await switchToVersion(record);
  }

  // Shown at once; the stored setting follows a moment later.
  const [pendingUse, setPendingUse] = useState<boolean | null>(null);
  async function setUseModel(on: boolean) {
    setPendingUse(on);
    try {
      const current = versions?.find((v) => v.active === 1);
      if (!on) await backToRules();
      else if (current) await switchToVersion(current);
      else await updateRiskSettings({ useModel: true });
    } finally {
      setPendingUse(null);
    }
  }

  const fieldKeys = settings && customFields ? customFeatureKeys(settings.mapping, customFields) : [];
  const picked = (key: string) => !settings?.modelFields || settings.modelFields.includes(key);
  function pick(key: string, on: boolean) {
    const next = fieldKeys.filter((k) => (k === key ? on : picked(k)));
    void updateRiskSettings({ modelFields: next.length === fieldKeys.length ? null : next });
  }
  const [horizonText, setHorizonText] = useState<string | null>(null);
  function saveHorizon(text: string) {
    setHorizonText(text);
    const days = Number(text);
    if (Number.isInteger(days) && days >= 7 && days <= 730) void updateRiskSettings({ horizonDays: days }).then(() => setHorizonText(null));
  }

  const active = versions?.find((v) => v.active === 1);
  const previous = active ? versions?.find((v) => v.createdAt < active.createdAt) : undefined;
  const importance = active ? storedImportance(active.model).slice(0, 8) : [];
  const maxPoints = Math.max(1, ...importance.map((i) => i.points));
  const when = { format: (at: number) => formatDateTime(at, locale) };
  return (
    <section className="risk-model" aria-labelledby={titleId}>
      <h3 id={titleId}>{t('reModelTitle')}</h3>
      <p className="muted">{t('reModelIntro')}</p>
      <p>
        <label>
          {t('reHorizon')}{' '}
          <input
            type="number"
            min={7}
            max={730}
            step={1}
            value={horizonText ?? String(settings?.horizonDays ?? 90)}
            onChange={(e) => saveHorizon(e.target.value)}
            disabled={!settings}
            data-testid="model-horizon"
            style={{ width: '6em' }}
          />{' '}
          {t('reDays')}
        </label>
      </p>
      <p className="muted">{t('reHorizonHint')}</p>
      <fieldset className="risk-model-fields" data-testid="model-fields">
        <legend>{t('reFieldsLegend')}</legend>
        <p className="muted">{t('reFieldsHint')}</p>
        {fieldKeys.length === 0 ? <p className="muted">{t('reNoFields')}</p> : null}
        {fieldKeys.map((key) => (
          <Checkbox key={key} className="risk-model-field" label={customFields?.find((f) => f.key === key)?.label ?? key} checked={picked(key)} onChange={(e) => pick(key, e.target.checked)} />
        ))}
      </fieldset>
      <button type="button" onClick={train} disabled={!settings || !customFields || progress !== null}>
        {progress ? t('reTraining') : t('reTrain')}
      </button>
      {progress ? (
        <div className="risk-model-progress">
          <progress max={1} value={progress.fraction} aria-label={t('reTrainProgress')} />
          <span>{progress.label}</span>
        </div>
      ) : null}
      <div role="status" className="risk-model-outcome">
        {outcome?.type === 'too-few' ? (
          <>
            <p className="warn">{t('reTooFew', [String(outcome.positives), String(outcome.negatives), String(outcome.min)])}</p>
            <RefusedFields refused={outcome.refused} />
          </>
        ) : null}
        {outcome?.type === 'error' ? <p className="warn">{t('reTrainFailed', outcome.message)}</p> : null}
        {outcome?.type === 'done' ? <TrainOutcome outcome={outcome} modelActive={settings?.useModel ?? false} onBackToRules={() => void backToRules()} /> : null}
      </div>

      <p className="risk-model-switch">
        <Checkbox label={t('reUseModel')} checked={pendingUse ?? settings?.useModel ?? false} disabled={!settings} onChange={(e) => void setUseModel(e.target.checked)} />
        {settings?.useModel && !active ? <span className="warn"> {t('reNoActive')}</span> : null}
      </p>
      <p className="muted">{t('reRescoreHint')}</p>

      <h4>{t('reVersions')}</h4>
      {!versions?.length ? (
        <p className="muted">{t('reNoModels')}</p>
      ) : (
        <>
          <table className="risk-model-versions">
            <thead>
              <tr>
                <th scope="col">{t('reVersionCol')}</th>
                <th scope="col">{t('reModelCol')}</th>
                <th scope="col">{t('reCreatedCol')}</th>
                <th scope="col">{t('reAucCol')}</th>
                <th scope="col">{t('reBrierCol')}</th>
                <th scope="col">{t('reKind_rules')}</th>
                <th scope="col">{t('reContactsCol')}</th>
                <th scope="col">{t('reStateCol')}</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={v.id} data-version={v.id} data-active={v.active}>
                  <td>{t('reVersionName', String(v.id))}</td>
                  <td>{t(`reKind_${v.kind}`)}</td>
                  <td>{when.format(v.createdAt)}</td>
                  <td className="num">{auc({ mean: v.auc, sd: v.aucSd ?? 0 })}</td>
                  <td className="num">{v.metrics ? v.metrics.brier.toFixed(3) : ''}</td>
                  <td className="num">{v.rulesAuc === undefined ? '' : v.rulesAuc.toFixed(3)}</td>
                  <td className="num">{`${v.positives} / ${v.negatives}`}</td>
                  <td>
                    {v.active ? (
                      <strong>{t('reActive')}</strong>
                    ) : (
                      <button type="button" aria-label={t('reActivateVersion', String(v.id))} onClick={() => void activate(v)}>
                        {t('reActivate')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" disabled={!previous} onClick={() => previous && void activate(previous)}>
            {t('reRollback')}
          </button>
        </>
      )}

      {importance.length ? (
        <>
          <h4>{t('reTopFeatures')}</h4>
          <p className="muted">{t('reTopFeaturesHint')}</p>
          <ol className="risk-model-features" data-testid="model-features">
            {importance.map((f) => (
              <li key={f.column}>
                <span>{featureName(f.column, t)}</span>
                <span className="bar" style={{ width: `${(f.points / maxPoints) * 100}%` }} aria-hidden="true" />
                <span className="num">{formatNumber(f.points, locale, 1)}</span>
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </section>
  );
}
