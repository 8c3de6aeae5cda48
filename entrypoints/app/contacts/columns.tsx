import type { ReactNode } from 'react';
import type { Translate } from '@/components/i18n';
import { bandText, percentText } from '@/components/RiskWords';
import { RiskTrend } from '@/components/RiskTrend';
import { fieldNumber } from '@/lib/churn/crm-signals';
import { churnEligible } from '@/lib/churn/eligible';
import { formatDate, formatMoney, formatNumber, formatUnit, plural } from '@/lib/format';
import { scoreTrend } from '@/lib/churn/score-history';
import type { Tag } from '@/lib/db/types';
import { tagColor } from '@/lib/contacts/tags';
import type { CustomField } from '@/lib/settings';
import { BUILTIN_COLUMNS, columnValue, type ColumnKey, type SegmentContact } from '@/lib/segments/columns';
import { riskBand, type BandThresholds } from '@/lib/segments/risk-band';

export const DEFAULT_COLUMNS: ColumnKey[] = ['name', 'email', 'company', 'stage', 'owner', 'tags', 'risk', 'lastContact'];

const LABEL_KEYS: Record<(typeof BUILTIN_COLUMNS)[number], string> = {
  name: 'wsColName',
  email: 'wsColEmail',
  company: 'wsColCompany',
  stage: 'wsColStage',
  owner: 'wsColOwner',
  tags: 'wsColTags',
  risk: 'wsColRisk',
  lastContact: 'wsColLastContact',
  lastInboundAt: 'wsColLastInbound',
  lastOutboundAt: 'wsColLastOutbound',
  customerSince: 'wsColCustomerSince',
  churnedAt: 'wsColChurnedAt',
  doNotContact: 'wsColDoNotContact',
  createdAt: 'wsColCreatedAt',
  updatedAt: 'wsColUpdatedAt',
};

const DATE_COLUMNS = new Set<ColumnKey>(['lastContact', 'lastInboundAt', 'lastOutboundAt', 'customerSince', 'churnedAt', 'createdAt', 'updatedAt']);

/** A column's header text: the built-in label, or the custom field's label (its key when it has none). */
export function columnLabel(key: ColumnKey, t: Translate, fields: readonly CustomField[]): string {
  if (key.startsWith('custom:')) {
    const k = key.slice(7);
    return fields.find((f) => f.key === k)?.label ?? k;
  }
  return t(LABEL_KEYS[key as keyof typeof LABEL_KEYS]);
}

export const stageLabel = (stage: string, t: Translate) => t(`stage_${stage.replace('-', '_')}`);

export interface ChipContext {
  t: Translate;
  locale: string;
  bands: BandThresholds;
  /** For the trend: now, and the user's time zone (its days). */
  now: number;
  timeZone: string;
}

/**
 * The stored churn score as a coloured chip: "23 %" (a calibrated chance) or "62 pts" (rule points, "not yet
 * calibrated" for screen readers), its band under the thresholds in force, and the 7-day trend arrow. A churned
 * contact shows when it churned instead; a lead or do-not-contact contact "—" (not scored for churn).
 */
export function RiskChip({ contact, ctx }: { contact: SegmentContact; ctx: ChipContext }) {
  const { t, locale } = ctx;
  if (contact.stage === 'churned') {
    const date = contact.churnedAt === undefined ? '' : formatDate(contact.churnedAt, locale);
    return (
      <span className="ws-risk none" data-testid="risk-churned">
        {date ? t('riskChurnedOn', date) : t('riskChurned')}
      </span>
    );
  }
  const score = churnEligible(contact) ? contact.score : undefined;
  if (!score)
    return (
      <span className="ws-risk none" aria-label={t(churnEligible(contact) ? 'wsUnscored' : 'wsNotScoredForChurn')}>
        —
      </span>
    );
  const band = riskBand(score.score, ctx.bands);
  const calibrated = score.probability !== undefined;
  const trend = scoreTrend(score, score, ctx.now, ctx.timeZone);
  return (
    <span
      className="ws-risk"
      data-band={band}
      data-score={score.score}
      title={calibrated ? t('riskChance', [percentText(score.probability!, locale), formatUnit(score.horizonDays ?? 90, 'day', locale)]) : t('riskNotCalibrated')}
    >
      <strong>{calibrated ? `${percentText(score.probability!, locale)} %` : plural(t, locale, 'riskPointsShort', score.score)}</strong> {bandText(band, t)}
      {calibrated ? null : <span className="sr-only">{`, ${t('riskNotCalibrated')}`}</span>}
      <RiskTrend points={trend} calibrated={calibrated} compact />
    </span>
  );
}

export interface CellContext extends ChipContext {
  tags: Map<number, Tag>;
  /** The currency revenue is shown in. */
  currency: string;
  /** The custom field mapped as revenue in the risk settings (else a field named "revenue" is). */
  revenueKey?: string;
}

const isRevenue = (key: ColumnKey, revenueKey: string | undefined) => (revenueKey ? key === `custom:${revenueKey}` : key.toLowerCase() === 'custom:revenue');

/** A cell's content in the table. */
export function renderCell(c: SegmentContact, key: ColumnKey, ctx: CellContext): ReactNode {
  if (key === 'risk') return <RiskChip contact={c} ctx={ctx} />;
  if (key === 'stage') return stageLabel(c.stage, ctx.t);
  if (key === 'doNotContact') return c.doNotContact === 1 ? ctx.t('wsYes') : '';
  if (key === 'company' && c.companyId !== undefined) {
    return (
      <a href={`#/company/${c.companyId}`} tabIndex={-1} onClick={(e) => e.stopPropagation()}>
        {c.companyName}
      </a>
    );
  }
  if (key === 'tags') return <TagsCell ids={c.tags} ctx={ctx} />;
  const value = columnValue(c, key);
  if (value === undefined || value === '') return '';
  if (typeof value === 'number' && DATE_COLUMNS.has(key)) return formatDate(value, ctx.locale);
  if (isRevenue(key, ctx.revenueKey)) {
    const amount = fieldNumber(String(value));
    if (amount !== null) return formatMoney(amount, ctx.currency, ctx.locale);
  }
  return String(value);
}

/**
 * A contact's tags in a narrow cell: how many, then the chips as far as they fit; every tag in a list that opens on
 * hover and while the row has focus (and is read out with the row).
 */
function TagsCell({ ids, ctx }: { ids: number[]; ctx: CellContext }) {
  const tags = ids.flatMap((id) => ctx.tags.get(id) ?? []);
  if (tags.length === 0) return null;
  const chip = (tag: Tag) => (
    <span key={tag.id} className="ws-tag" style={{ borderColor: tagColor(tag.color) }}>
      {tag.name}
    </span>
  );
  return (
    <span className="ws-tags" data-count={tags.length}>
      <span className="ws-tag-count" aria-hidden="true">
        {formatNumber(tags.length, ctx.locale)}
      </span>
      <span className="ws-tag-chips" aria-hidden="true">
        {tags.map(chip)}
      </span>
      <span className="ws-tags-all" role="tooltip">
        <span className="sr-only">{ctx.t('wsTagsN', formatNumber(tags.length, ctx.locale))} </span>
        {tags.map(chip)}
      </span>
    </span>
  );
}

/** Custom field keys: the configured ones first, then any other key found on contacts. */
export function customKeys(contacts: readonly SegmentContact[], fields: readonly CustomField[]): string[] {
  const found = new Set(fields.map((f) => f.key));
  for (const c of contacts) for (const k in c.custom) found.add(k);
  return [...found];
}
