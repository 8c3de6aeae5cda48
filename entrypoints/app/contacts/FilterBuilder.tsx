import { useId, type ReactNode } from 'react';
import { useI18n, type Translate } from '@/components/i18n';
import { STAGES, type Company, type Tag } from '@/lib/db/types';
import { ConditionSchema, type BasicCondition, type Condition } from '@/lib/segments/filter';
import { RISK_BANDS } from '@/lib/segments/risk-band';
import { stageLabel } from './columns';
import { Checkbox } from '@/components/ui/Checkbox';

type Kind = BasicCondition['type'];
const KINDS: Kind[] = ['tags', 'stage', 'owner', 'risk', 'lastContact', 'company', 'custom', 'doNotContact', 'text'];

/** A new condition of this kind, with nothing chosen yet (it matches everyone until it is filled in). */
export function blankCondition(kind: Kind): BasicCondition {
  switch (kind) {
    case 'tags':
      return { type: 'tags', mode: 'any', tagIds: [] };
    case 'stage':
      return { type: 'stage', stages: [] };
    case 'owner':
      return { type: 'owner', owners: [] };
    case 'risk':
      return { type: 'risk', bands: [] };
    case 'lastContact':
      return { type: 'lastContact', op: 'olderThan', days: 30 };
    case 'company':
      return { type: 'company', companyIds: [] };
    case 'custom':
      return { type: 'custom', key: '', op: 'equals', value: '' };
    case 'doNotContact':
      return { type: 'doNotContact', value: true };
    case 'text':
      return { type: 'text', query: '' };
  }
}

/** The message of a condition that does not validate, or null. */
export function conditionError(condition: Condition): string | null {
  const parsed = ConditionSchema.safeParse(condition);
  return parsed.success ? null : parsed.error.issues[0].message;
}

interface Props {
  conditions: Condition[];
  onChange(conditions: Condition[]): void;
  tags: Tag[];
  companies: Company[];
  owners: string[];
  customKeys: { key: string; label: string }[];
}

/**
 * Conditions, all of which must match; each has its own editor and a Remove button. "Or…" next to a
 * condition turns it into a group that matches when any of its conditions does (tags VIP, or risk
 * high); removing a group's conditions down to one turns it back into that condition.
 */
export function FilterBuilder({ conditions, onChange, tags, companies, owners, customKeys }: Props) {
  const { t } = useI18n();
  const addId = useId();
  const set = (i: number, c: Condition) => onChange(conditions.map((x, j) => (j === i ? c : x)));
  const remove = (i: number) => onChange(conditions.filter((_, j) => j !== i));
  const editorProps = { t, tags, companies, owners, customKeys };
  return (
    <section className="ws-filters" aria-label={t('wsFilters')}>
      <ol>
        {conditions.map((c, i) => (
          <li key={i} data-kind={c.type}>
            {c.type === 'or' ? (
              <fieldset className="ws-or">
                <legend>{t('wsCond_or')}</legend>
                <ol>
                  {c.conditions.map((inner, j) => (
                    <li key={j} data-kind={inner.type}>
                      {j > 0 && (
                        <span className="ws-or-word" aria-hidden="true">
                          {t('wsOr')}
                        </span>
                      )}
                      <ConditionRow
                        c={inner}
                        set={(next) => set(i, { ...c, conditions: c.conditions.map((x, k) => (k === j ? next : x)) })}
                        remove={() => {
                          const rest = c.conditions.filter((_, k) => k !== j);
                          if (rest.length === 1) set(i, rest[0]);
                          else set(i, { ...c, conditions: rest });
                        }}
                        {...editorProps}
                      />
                    </li>
                  ))}
                </ol>
                <OrSelect t={t} label={t('wsOrAddToGroup')} onPick={(kind) => set(i, { ...c, conditions: [...c.conditions, blankCondition(kind)] })} />
                <button type="button" className="ws-remove" onClick={() => remove(i)} aria-label={t('wsRemoveCondition', t('wsCond_or'))}>
                  ×
                </button>
              </fieldset>
            ) : (
              <ConditionRow c={c} set={(next) => set(i, next)} remove={() => remove(i)} or={(kind) => set(i, { type: 'or', conditions: [c, blankCondition(kind)] })} {...editorProps} />
            )}
          </li>
        ))}
      </ol>
      <label htmlFor={addId}>{t('wsAddCondition')}</label>{' '}
      <select
        id={addId}
        value=""
        onChange={(e) => {
          if (e.target.value) onChange([...conditions, blankCondition(e.target.value as Kind)]);
        }}
      >
        <option value="">{t('wsChoose')}</option>
        {KINDS.map((k) => (
          <option key={k} value={k}>
            {t(`wsCond_${k}`)}
          </option>
        ))}
      </select>
    </section>
  );
}

/** A select that adds an alternative condition (OR) of the chosen kind. */
function OrSelect({ t, label, onPick }: { t: Translate; label: string; onPick(kind: Kind): void }) {
  return (
    <select className="ws-or-add" aria-label={label} value="" onChange={(e) => e.target.value && onPick(e.target.value as Kind)}>
      <option value="">{t('wsOrAdd')}</option>
      {KINDS.map((k) => (
        <option key={k} value={k}>
          {t(`wsCond_${k}`)}
        </option>
      ))}
    </select>
  );
}

/** One simple condition: its editor, "Or…" (at the top level), Remove, and its error. */
function ConditionRow({ c, set, remove, or, t, ...rest }: Omit<EditorProps, 'c' | 'set'> & { c: BasicCondition; set(c: BasicCondition): void; remove(): void; or?(kind: Kind): void }) {
  const error = c.type === 'custom' && c.key === '' ? t('wsChooseField') : conditionError(c);
  const name = t(`wsCond_${c.type}`);
  return (
    <fieldset>
      <legend>{name}</legend>
      <ConditionEditor c={c} set={set} t={t} {...rest} />
      {or && <OrSelect t={t} label={t('wsOrAddTo', name)} onPick={or} />}
      <button type="button" className="ws-remove" onClick={remove} aria-label={t('wsRemoveCondition', name)}>
        ×
      </button>
      {error && (
        <p className="ws-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}

function Multi({ label, values, options, onChange }: { label: string; values: string[]; options: { value: string; label: string }[]; onChange(v: string[]): void }) {
  return (
    <select multiple aria-label={label} size={Math.min(5, Math.max(2, options.length))} value={values} onChange={(e) => onChange([...e.target.selectedOptions].map((o) => o.value))}>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

function Checks({ label, values, options, onChange }: { label: string; values: string[]; options: { value: string; label: string }[]; onChange(v: string[]): void }) {
  return (
    <span role="group" aria-label={label} className="ws-checks">
      {options.map((o) => (
        <Checkbox key={o.value} label={o.label} checked={values.includes(o.value)} onChange={(e) => onChange(e.target.checked ? [...values, o.value] : values.filter((v) => v !== o.value))} />
      ))}
    </span>
  );
}

interface EditorProps extends Omit<Props, 'conditions' | 'onChange'> {
  c: BasicCondition;
  set(c: BasicCondition): void;
  t: Translate;
}

function ConditionEditor({ c, set, t, tags, companies, owners, customKeys }: EditorProps): ReactNode {
  const num = (s: string) => (s === '' ? undefined : Number(s));
  switch (c.type) {
    case 'text':
      return <input type="search" aria-label={t('wsCond_text')} value={c.query} maxLength={500} onChange={(e) => set({ ...c, query: e.target.value })} />;
    case 'tags':
      return (
        <>
          <select aria-label={t('wsTagMode')} value={c.mode} onChange={(e) => set({ ...c, mode: e.target.value as 'any' })}>
            <option value="any">{t('wsTagsAny')}</option>
            <option value="all">{t('wsTagsAll')}</option>
            <option value="none">{t('wsTagsNone')}</option>
          </select>
          <Multi label={t('wsColTags')} values={c.tagIds.map(String)} options={tags.map((g) => ({ value: String(g.id), label: g.name }))} onChange={(v) => set({ ...c, tagIds: v.map(Number) })} />
        </>
      );
    case 'stage':
      return <Checks label={t('wsColStage')} values={c.stages} options={STAGES.map((s) => ({ value: s, label: stageLabel(s, t) }))} onChange={(v) => set({ ...c, stages: v as typeof c.stages })} />;
    case 'owner':
      return (
        <Multi label={t('wsColOwner')} values={c.owners} options={[{ value: '', label: t('wsNoOwner') }, ...owners.map((o) => ({ value: o, label: o }))]} onChange={(v) => set({ ...c, owners: v })} />
      );
    case 'risk':
      return (
        <>
          <Checks
            label={t('wsRiskBands')}
            values={c.bands ?? []}
            options={RISK_BANDS.map((b) => ({ value: b, label: t(b === 'high' ? 'riskHigh' : b === 'medium' ? 'riskMedium' : 'riskLow') }))}
            onChange={(v) => set({ ...c, bands: v as (typeof RISK_BANDS)[number][] })}
          />
          <label>
            {t('wsRiskMin')} <input type="number" min={0} max={100} value={c.min ?? ''} onChange={(e) => set({ ...c, min: num(e.target.value) })} />
          </label>
          <label>
            {t('wsRiskMax')} <input type="number" min={0} max={100} value={c.max ?? ''} onChange={(e) => set({ ...c, max: num(e.target.value) })} />
          </label>
        </>
      );
    case 'lastContact':
      return (
        <>
          <select aria-label={t('wsCond_lastContact')} value={c.op} onChange={(e) => set({ ...c, op: e.target.value as 'olderThan' })}>
            <option value="olderThan">{t('wsOlderThan')}</option>
            <option value="newerThan">{t('wsNewerThan')}</option>
          </select>
          <label>
            <input type="number" min={0} max={36500} value={Number.isNaN(c.days) ? '' : c.days} onChange={(e) => set({ ...c, days: e.target.value === '' ? NaN : Number(e.target.value) })} />{' '}
            {t('wsDays')}
          </label>
        </>
      );
    case 'company':
      return (
        <Multi
          label={t('wsColCompany')}
          values={c.companyIds.map(String)}
          options={companies.map((co) => ({ value: String(co.id), label: co.name }))}
          onChange={(v) => set({ ...c, companyIds: v.map(Number) })}
        />
      );
    case 'custom':
      return (
        <>
          <select aria-label={t('wsCustomField')} value={c.key} onChange={(e) => set({ ...c, key: e.target.value })}>
            <option value="">{t('wsChoose')}</option>
            {customKeys.map((k) => (
              <option key={k.key} value={k.key}>
                {k.label}
              </option>
            ))}
          </select>
          <select aria-label={t('wsCustomOp')} value={c.op} onChange={(e) => set({ ...c, op: e.target.value as 'equals' })}>
            {(['equals', 'contains', 'empty', 'notEmpty', 'gt', 'lt'] as const).map((op) => (
              <option key={op} value={op}>
                {t(`wsOp_${op}`)}
              </option>
            ))}
          </select>
          {c.op !== 'empty' && c.op !== 'notEmpty' && <input aria-label={t('wsCustomValue')} value={c.value ?? ''} maxLength={1000} onChange={(e) => set({ ...c, value: e.target.value })} />}
        </>
      );
    case 'doNotContact':
      return (
        <select aria-label={t('wsCond_doNotContact')} value={c.value ? 'yes' : 'no'} onChange={(e) => set({ ...c, value: e.target.value === 'yes' })}>
          <option value="yes">{t('wsDncYes')}</option>
          <option value="no">{t('wsDncNo')}</option>
        </select>
      );
  }
}
