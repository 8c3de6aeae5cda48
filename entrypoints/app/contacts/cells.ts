// The contacts table's columns without React: their labels, widths and plain-text cells, shared by the page
// (columns.tsx, ContactsGrid.tsx) and the first rows painted before React has loaded (first-view.ts, issue 16).
import type { Translate } from '@/lib/format';
import { formatDate, formatMoney, formatUnit, plural } from '@/lib/format';
import { churnEligible } from '@/lib/churn/eligible';
import { fieldNumber } from '@/lib/churn/field-values';
import { scoreTrend, type TrendPoint } from '@/lib/churn/score-history';
import { bandText, percentText } from '@/lib/churn/score-words';
import { riskBand, type BandThresholds, type RiskBand } from '@/lib/segments/risk-band';
import type { CustomField } from '@/lib/settings';
import { columnValue, type BUILTIN_COLUMNS, type ColumnKey, type SegmentContact } from '@/lib/segments/columns';

export const DEFAULT_COLUMNS: ColumnKey[] = ['name', 'email', 'company', 'stage', 'owner', 'tags', 'risk', 'lastContact'];

/** A row's height in the table, in pixels (the virtualiser's estimate and every row's height). */
export const ROW_HEIGHT = 36;

const COLUMNS_KEY = 'kizuna:workspace-columns';

/** The columns the user chose last (localStorage), else the default ones. */
export function savedColumns(): ColumnKey[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(COLUMNS_KEY) ?? 'null');
    return Array.isArray(parsed) && parsed.length && parsed.every((k) => typeof k === 'string') ? (parsed as ColumnKey[]) : DEFAULT_COLUMNS;
  } catch {
    return DEFAULT_COLUMNS;
  }
}

export function saveColumns(columns: readonly ColumnKey[]): void {
  localStorage.setItem(COLUMNS_KEY, JSON.stringify(columns));
}

// Narrow enough that the default columns, Risk and Last contact included, fit a 1024 px window.
const WIDTHS: Partial<Record<ColumnKey, string>> = {
  name: 'minmax(100px, 2fr)',
  email: 'minmax(100px, 2fr)',
  risk: 'minmax(124px, 1.2fr)',
  tags: 'minmax(72px, 1fr)',
  lastContact: 'minmax(116px, 1fr)',
};

/** The rows' grid-template-columns: the selection box, then each column. */
export const gridTemplate = (columns: readonly { key: ColumnKey }[]): string => `24px ${columns.map((c) => WIDTHS[c.key] ?? 'minmax(56px, 1fr)').join(' ')}`;

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

const isRevenue = (key: ColumnKey, revenueKey: string | undefined) => (revenueKey ? key === `custom:${revenueKey}` : key.toLowerCase() === 'custom:revenue');

/** A plain cell's text (every column but risk, tags and a company link, which have markup of their own). */
export function cellText(c: SegmentContact, key: ColumnKey, ctx: { t: Translate; locale: string; currency: string; revenueKey?: string }): string {
  if (key === 'stage') return stageLabel(c.stage, ctx.t);
  if (key === 'doNotContact') return c.doNotContact === 1 ? ctx.t('wsYes') : '';
  const value = columnValue(c, key);
  if (value === undefined || value === '') return '';
  if (typeof value === 'number' && DATE_COLUMNS.has(key)) return formatDate(value, ctx.locale);
  if (isRevenue(key, ctx.revenueKey)) {
    const amount = fieldNumber(String(value));
    if (amount !== null) return formatMoney(amount, ctx.currency, ctx.locale);
  }
  return String(value);
}

export interface ChipContext {
  t: Translate;
  locale: string;
  bands: BandThresholds;
  /** For the trend: now, and the user's time zone (its days). */
  now: number;
  timeZone: string;
}

/** What the risk column shows for a contact: a churned date, a dash (with its label) or the stored score's chip. */
export type RiskChipFacts =
  | { kind: 'churned'; text: string }
  | { kind: 'none'; label: string }
  | { kind: 'score'; band: RiskBand; score: number; title: string; figure: string; bandText: string; calibrated: boolean; trend: TrendPoint[] };

/** The risk column's facts for a contact (RiskChip and the first paint show them). */
export function riskChipFacts(contact: SegmentContact, ctx: ChipContext): RiskChipFacts {
  const { t, locale } = ctx;
  if (contact.stage === 'churned') {
    const date = contact.churnedAt === undefined ? '' : formatDate(contact.churnedAt, locale);
    return { kind: 'churned', text: date ? t('riskChurnedOn', date) : t('riskChurned') };
  }
  const score = churnEligible(contact) ? contact.score : undefined;
  if (!score) return { kind: 'none', label: t(churnEligible(contact) ? 'wsUnscored' : 'wsNotScoredForChurn') };
  const band = riskBand(score.score, ctx.bands);
  const calibrated = score.probability !== undefined;
  return {
    kind: 'score',
    band,
    score: score.score,
    title: calibrated ? t('riskChance', [percentText(score.probability!, locale), formatUnit(score.horizonDays ?? 90, 'day', locale)]) : t('riskNotCalibrated'),
    figure: calibrated ? `${percentText(score.probability!, locale)} %` : plural(t, locale, 'riskPointsShort', score.score),
    bandText: bandText(band, t),
    calibrated,
    trend: scoreTrend(score, score, ctx.now, ctx.timeZone),
  };
}
