import { Fragment, useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import { formatNumber, plural } from '@/lib/format';
import { Form } from '@/components/enter-key';
import { useI18n, type Translate } from '@/components/i18n';
import { reasonText } from '@/components/RiskBadge';
import { db } from '@/lib/db';
import { previewRules, previewSamples, type PreviewSample, type RulesPreview } from '@/lib/churn/preview';
import { DEFAULT_RULES, type RulesConfig } from '@/lib/churn/rules-config';
import { configOfDraft, draftOf, type DraftError, type RulesDraft } from '@/lib/churn/rules-draft';
import type { Band } from '@/lib/churn/rules';
import { updateRiskSettings } from '@/lib/churn/settings';
import { STAGES } from '@/lib/db/types';
import { href } from '../router';
import { HISTORY_IMPORTED, recentContacts, requestRescore, userTimeZone, useRiskSettings } from './risk-settings-store';
import './risk-settings.css';
import { Checkbox } from '@/components/ui/Checkbox';

/** How many contacts the live preview re-scores. */
export const PREVIEW_SAMPLE = 200;
const DEBOUNCE_MS = 250;
const BANDS: Band[] = ['low', 'medium', 'high'];
const BAND_KEY: Record<Band, string> = { low: 'riskLow', medium: 'riskMedium', high: 'riskHigh' };
type Tiered = 'theirSilence' | 'ourSilence' | 'volumeDrop' | 'slowReplies' | 'tickets';

type Path = (string | number)[];

function getAt(draft: unknown, path: Path): unknown {
  return path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)?.[k], draft);
}

function setAt<T>(draft: T, path: Path, value: unknown): T {
  const copy = structuredClone(draft);
  const parent = getAt(copy, path.slice(0, -1)) as Record<string | number, unknown>;
  parent[path[path.length - 1]] = value;
  return copy;
}

/** A field's name in plain words, for error messages: "Their silence, step 2: points". */
export function pathLabel(path: string, t: Translate): string {
  const [rule, ...rest] = path.split('.');
  const title = t(`rsRule_${rule}`);
  if (rule === 'bands') return t('labelPair', [title, t(`rsField_${rest[0]}`)]);
  if (rest[0] === 'tiers') return t('labelPair', [`${title}, ${t('rsStep', String(Number(rest[1]) + 1))}`, t(rest[2] === 'atLeast' ? `rsTierAt_${rule}` : 'rsField_points')]);
  if (rule === 'stage' && rest[0] === 'points') return t('labelPair', [title, t(`stage_${rest[1].replace('-', '_')}`)]);
  if (rule === 'payment' && rest[0] === 'rows') return t('labelPair', [`${title}, ${t('rsRow', String(Number(rest[1]) + 1))}`, t(`rsField_${rest[2]}`)]);
  return t('labelPair', [title, t(`rsField_${rest[0]}`)]);
}

export function errorText(error: DraftError, t: Translate): string {
  return t(`rsErr_${error.code}`, error.params);
}

/** The point rules and band thresholds, edited with a form, checked as typed, previewed live on real contacts. */
export function RulesEditor() {
  const { t, locale } = useI18n();
  const settings = useRiskSettings();
  const [draft, setDraft] = useState<RulesDraft | null>(null);
  /** Bands follow the book (settings.bandsAuto) in the draft; unticked, the user's own thresholds. */
  const [autoBands, setAutoBands] = useState<boolean | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const titleId = useId();

  useEffect(() => {
    if (settings && !draft) setDraft(draftOf(settings.rules));
    if (settings && autoBands === null) setAutoBands(settings.bandsAuto);
  }, [settings, draft, autoBands]);

  const checked = useMemo(() => (draft ? configOfDraft(draft) : null), [draft]);
  const errors = checked && !checked.ok ? checked.errors : [];
  const errorAt = (path: Path) => errors.find((e) => e.path === path.join('.'));

  if (!settings || !draft) return <section className="rs-part" aria-busy="true" />;

  const update = (path: Path, value: unknown) => {
    setDraft((d) => (d ? setAt(d, path, value) : d));
    setStatus(null);
    setSaveError(null);
  };

  async function save() {
    if (!checked?.ok) {
      setSaveError(t('rsNotSaved'));
      return;
    }
    // Thresholds typed by hand are the user's: the book no longer moves them.
    const { medium, high } = settings!.rules.bands;
    const edited = checked.config.bands.medium !== medium || checked.config.bands.high !== high;
    await updateRiskSettings({ rules: checked.config, bandsAuto: (autoBands ?? settings!.bandsAuto) && !edited });
    setStatus(t('rsSaved'));
    requestRescore();
  }

  const num = (path: Path, label: string, options: { step?: number; disabled?: boolean } = {}) => (
    <Field key={path.join('.')} path={path} label={label} value={getAt(draft, path) as number | string} error={errorAt(path)} onChange={update} step={options.step} disabled={options.disabled} />
  );
  const bandsLocked = Boolean(autoBands) && !settings.useModel;

  /** A rule's plain number fields, each labelled by its field name (rsField_<name>). */
  const nums = (rule: keyof RulesDraft, names: readonly string[]) => (
    <>
      {names.map((name) => (
        <Fragment key={name}>{num([rule, name], t(`rsField_${name}`))}</Fragment>
      ))}
    </>
  );
  const toggle = (rule: keyof RulesDraft, children: ReactNode) => (
    <fieldset className="rs-rule" key={rule} data-rule={rule}>
      <legend>
        <Checkbox label={t(`rsRule_${rule}`)} checked={(draft[rule] as { enabled: boolean }).enabled} onChange={(e) => update([rule, 'enabled'], e.target.checked)} />
      </legend>
      <p className="muted rs-help">{t(`rsHelp_${rule}`)}</p>
      <div className="rs-grid">{children}</div>
    </fieldset>
  );

  const tiers = (rule: Tiered) => {
    const list = draft[rule].tiers;
    return (
      <div className="rs-tiers">
        {list.map((_, i) => (
          <div className="rs-tier" key={i}>
            {num([rule, 'tiers', i, 'atLeast'], t('labelPair', [t('rsStep', String(i + 1)), t(`rsTierAt_${rule}`)]))}
            {num([rule, 'tiers', i, 'points'], t('labelPair', [t('rsStep', String(i + 1)), t('rsField_points')]))}
            <button
              type="button"
              className="rs-link"
              onClick={() =>
                update(
                  [rule, 'tiers'],
                  list.filter((__, j) => j !== i),
                )
              }
            >
              {t('rsRemoveStep', String(i + 1))}
            </button>
          </div>
        ))}
        {list.length < 10 && (
          <button type="button" className="rs-link" onClick={() => update([rule, 'tiers'], [...list, { atLeast: '', points: '' }])}>
            {t('rsAddStep')}
          </button>
        )}
      </div>
    );
  };

  const payments = draft.payment.rows;
  return (
    <section className="rs-part rs-rules" aria-labelledby={titleId}>
      <h3 id={titleId}>{t('rsRulesTitle')}</h3>
      <p className="muted">{t('rsRulesIntro')}</p>
      <div className="rs-rules-layout">
        <Form
          className="rs-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <fieldset className="rs-rule" data-rule="bands">
            <legend>{t('rsRule_bands')}</legend>
            <p className="muted rs-help">{t('rsHelp_bands')}</p>
            {!settings.useModel && (
              <Checkbox
                block
                label={t('rsBandsAuto')}
                data-testid="bands-auto"
                checked={Boolean(autoBands)}
                onChange={(e) => {
                  setAutoBands(e.target.checked);
                  if (e.target.checked) setDraft((d) => (d ? { ...d, bands: draftOf(settings.rules).bands } : d));
                  setStatus(null);
                }}
              />
            )}
            {bandsLocked && <p className="muted rs-help">{t('rsHelp_bandsAuto')}</p>}
            <div className="rs-grid">
              {num(['bands', 'medium'], t('rsField_medium'), { disabled: bandsLocked })}
              {num(['bands', 'high'], t('rsField_high'), { disabled: bandsLocked })}
            </div>
          </fieldset>
          {toggle('theirSilence', tiers('theirSilence'))}
          {toggle('ourSilence', tiers('ourSilence'))}
          {toggle(
            'volumeDrop',
            <>
              {num(['volumeDrop', 'minPreviousPer30'], t('rsField_minPreviousPer30'), { step: 0.1 })}
              {tiers('volumeDrop')}
            </>,
          )}
          {toggle('slowReplies', tiers('slowReplies'))}
          {toggle('unanswered', nums('unanswered', ['pointsEach', 'max']))}
          {toggle('intent', nums('intent', ['first', 'each', 'max']))}
          {toggle('recentEngagement', nums('recentEngagement', ['withinDays', 'points']))}
          {toggle(
            'stage',
            STAGES.map((s) => num(['stage', 'points', s], t('labelPair', [t(`stage_${s.replace('-', '_')}`), t('rsField_points')]))),
          )}
          {toggle('renewal', nums('renewal', ['withinDays', 'points', 'silentDays', 'silentPoints']))}
          {toggle(
            'payment',
            <div className="rs-tiers">
              {payments.map((row, i) => (
                <div className="rs-tier" key={i}>
                  <Field
                    text
                    path={['payment', 'rows', i, 'status']}
                    label={t('labelPair', [t('rsRow', String(i + 1)), t('rsField_status')])}
                    value={row.status}
                    error={errorAt(['payment', 'rows', i, 'status'])}
                    onChange={update}
                  />
                  {num(['payment', 'rows', i, 'points'], t('labelPair', [t('rsRow', String(i + 1)), t('rsField_points')]))}
                  <button
                    type="button"
                    className="rs-link"
                    onClick={() =>
                      update(
                        ['payment', 'rows'],
                        payments.filter((__, j) => j !== i),
                      )
                    }
                  >
                    {t('rsRemoveRow', String(i + 1))}
                  </button>
                </div>
              ))}
              <button type="button" className="rs-link" onClick={() => update(['payment', 'rows'], [...payments, { status: '', points: '' }])}>
                {t('rsAddStatus')}
              </button>
            </div>,
          )}
          {toggle('revenue', nums('revenue', ['below', 'points']))}
          {toggle('tenure', nums('tenure', ['newWithinDays', 'newPoints', 'loyalAfterDays', 'loyalPoints']))}
          {toggle('tickets', tiers('tickets'))}
          {toggle('nps', nums('nps', ['detractorMax', 'detractorPoints', 'promoterMin', 'promoterPoints']))}

          <div className="rs-actions rs-sticky">
            <button type="submit">{t('rsSaveRules')}</button>
            <button
              type="button"
              onClick={() => {
                // The default bands are the book's own (automatic) while the rules score.
                setDraft(draftOf({ ...DEFAULT_RULES, bands: settings.rules.bands }));
                setAutoBands(true);
                setStatus(t('rsDefaultsRestored'));
              }}
            >
              {t('rsResetDefaults')}
            </button>
            <button
              type="button"
              onClick={() => {
                setDraft(draftOf(settings.rules));
                setAutoBands(settings.bandsAuto);
              }}
            >
              {t('rsDiscard')}
            </button>
            {status && <span role="status">{status}</span>}
            {saveError && (
              <span className="rs-error" role="alert">
                {saveError}
              </span>
            )}
          </div>
        </Form>
        <RulesPreviewPanel draftConfig={checked?.ok ? checked.config : null}>
          {errors.length > 0 && (
            <div className="rs-error" role="alert" data-testid="rules-errors">
              <p>{plural(t, locale, 'rsErrorsIntro', errors.length)}</p>
              <ul>
                {errors.map((e) => (
                  <li key={e.path + e.code}>{t('labelPair', [pathLabel(e.path, t), errorText(e, t)])}</li>
                ))}
              </ul>
            </div>
          )}
        </RulesPreviewPanel>
      </div>
    </section>
  );
}

/** A labelled rules field (a number unless `text`), with its error under it. */
function Field(props: { path: Path; label: string; value: number | string; error?: DraftError; step?: number; text?: boolean; disabled?: boolean; onChange: (path: Path, value: string) => void }) {
  const { t } = useI18n();
  const id = useId();
  return (
    <div className="rs-num">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        {...(props.text ? { type: 'text' } : { type: 'number', inputMode: 'decimal' as const, step: props.step ?? 1 })}
        value={props.value}
        disabled={props.disabled}
        data-path={props.path.join('.')}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? `${id}-error` : undefined}
        onChange={(e) => props.onChange(props.path, e.target.value)}
      />
      {props.error && (
        <small id={`${id}-error`} className="rs-field-error">
          {errorText(props.error, t)}
        </small>
      )}
    </div>
  );
}

/** Band counts before → after and the contacts that change most, for the draft (debounced) against the saved rules. */
function RulesPreviewPanel({ draftConfig, children }: { draftConfig: RulesConfig | null; children?: ReactNode }) {
  const { t, locale } = useI18n();
  const settings = useRiskSettings();
  const [samples, setSamples] = useState<PreviewSample[] | null>(null);
  const [preview, setPreview] = useState<RulesPreview | null>(null);
  const titleId = useId();
  const mappingKey = JSON.stringify(settings?.mapping ?? null);
  // Bumped when a mailbox import added history: the sample is read again.
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    const bump = () => setGeneration((g) => g + 1);
    window.addEventListener(HISTORY_IMPORTED, bump);
    return () => window.removeEventListener(HISTORY_IMPORTED, bump);
  }, []);

  useEffect(() => {
    if (!settings) return;
    let live = true;
    void (async () => {
      const contacts = await recentContacts(PREVIEW_SAMPLE);
      const activities = await db.activities
        .where('contactIds')
        .anyOf(contacts.map((c) => c.id))
        .toArray();
      if (!live) return;
      setSamples(previewSamples(contacts, activities, Date.now(), { mapping: settings.mapping, timeZone: userTimeZone() }));
    })();
    return () => {
      live = false;
    };
    // Reload when the mapping changes (it changes the CRM signals); the rules do not change the signals.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [mappingKey, settings === null, generation]);

  useEffect(() => {
    if (!samples || !settings || !draftConfig) return;
    const timer = setTimeout(() => setPreview(previewRules(samples, settings.rules, draftConfig)), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [samples, settings, draftConfig]);

  const number = (n: number) => formatNumber(n, locale);
  return (
    <aside className="rs-preview" aria-labelledby={titleId} data-testid="rules-preview">
      <h4 id={titleId}>{t('rsPreviewTitle')}</h4>
      {children}
      {!samples ? (
        <p className="muted">{t('rsPreviewLoading')}</p>
      ) : samples.length === 0 ? (
        <p className="muted">{t('rsPreviewNoContacts')}</p>
      ) : !draftConfig ? (
        <p className="muted">{t('rsPreviewInvalid')}</p>
      ) : !preview ? (
        <p className="muted">{t('rsPreviewLoading')}</p>
      ) : (
        <>
          <p className="muted">{t('rsPreviewSample', number(preview.total))}</p>
          <table className="rs-bands">
            <thead>
              <tr>
                <th scope="col">{t('rsBand')}</th>
                <th scope="col">{t('rsSavedRules')}</th>
                <th scope="col">{t('rsThisDraft')}</th>
              </tr>
            </thead>
            <tbody>
              {BANDS.map((b) => (
                <tr key={b} data-band={b}>
                  <th scope="row">{t(BAND_KEY[b])}</th>
                  <td data-testid={`band-before-${b}`}>{number(preview.before[b])}</td>
                  <td data-testid={`band-after-${b}`}>
                    {number(preview.after[b])}
                    {preview.after[b] !== preview.before[b] && (
                      <span className="rs-delta">{` (${preview.after[b] > preview.before[b] ? '+' : '\u2212'}${number(Math.abs(preview.after[b] - preview.before[b]))})`}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {preview.changedCount === 0 ? (
            <p className="muted" data-testid="preview-unchanged">
              {t('rsPreviewNoChange')}
            </p>
          ) : (
            <>
              <p>{plural(t, locale, 'rsPreviewChanged', preview.changedCount, [number(preview.changedCount), number(preview.changed.length)])}</p>
              <ol className="rs-changes" data-testid="preview-changes">
                {preview.changed.map((c) => (
                  <li key={c.contact.id} data-email={c.contact.email}>
                    <a href={href({ page: 'contact', id: c.contact.id })}>{c.contact.name || c.contact.email}</a>{' '}
                    <span className="rs-score" data-testid="preview-score">
                      {t('rsScoreChange', [String(c.before.score), String(c.after.score)])}
                    </span>
                    {c.before.band !== c.after.band && (
                      <span className="rs-band-change" data-band={c.after.band}>
                        {' '}
                        {t('rsBandChange', [t(BAND_KEY[c.before.band]), t(BAND_KEY[c.after.band])])}
                      </span>
                    )}
                    <ul className="rs-reasons">
                      {c.after.reasons.slice(0, 3).map((r) => (
                        <li key={r.key}>
                          {reasonText(r, t, locale)} <span className="muted">{r.points > 0 ? `+${r.points}` : `\u2212${Math.abs(r.points)}`}</span>
                        </li>
                      ))}
                    </ul>
                  </li>
                ))}
              </ol>
            </>
          )}
        </>
      )}
    </aside>
  );
}
