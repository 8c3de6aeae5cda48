import type { ReactNode } from 'react';
import type { Translate } from '@/components/i18n';
import type { Tag } from '@/lib/db/types';
import { tagColor } from '@/lib/contacts/tags';
import type { CustomField } from '@/lib/settings';
import { BUILTIN_COLUMNS, columnValue, type ColumnKey, type SegmentContact } from '@/lib/segments/columns';
import { riskBand, type BandThresholds } from '@/lib/segments/risk-band';

export const DEFAULT_COLUMNS: ColumnKey[] = ['name', 'email', 'company', 'stage', 'owner', 'tags', 'risk', 'lastContact'];

const LABEL_KEYS: Record<(typeof BUILTIN_COLUMNS)[number], string> = {
  name: 'wsColName', email: 'wsColEmail', company: 'wsColCompany', stage: 'wsColStage', owner: 'wsColOwner', tags: 'wsColTags',
  risk: 'wsColRisk', lastContact: 'wsColLastContact', lastInboundAt: 'wsColLastInbound', lastOutboundAt: 'wsColLastOutbound',
  customerSince: 'wsColCustomerSince', churnedAt: 'wsColChurnedAt', doNotContact: 'wsColDoNotContact', createdAt: 'wsColCreatedAt',
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

/** The risk score as a coloured chip with its band; "—" when not scored. */
export function RiskChip({ risk, bands, t }: { risk: number | undefined; bands: BandThresholds; t: Translate }) {
  if (risk === undefined) return <span className="ws-risk none" aria-label={t('wsUnscored')}>—</span>;
  const band = riskBand(risk, bands);
  const label = t(band === 'high' ? 'riskHigh' : band === 'medium' ? 'riskMedium' : 'riskLow');
  return (
    <span className="ws-risk" data-band={band}>
      <strong>{Math.round(risk)}</strong> {label}
    </span>
  );
}

export interface CellContext {
  t: Translate;
  locale: string;
  tags: Map<number, Tag>;
  bands: BandThresholds;
}

/** A cell's content in the table. */
export function renderCell(c: SegmentContact, key: ColumnKey, ctx: CellContext): ReactNode {
  if (key === 'risk') return <RiskChip risk={c.risk} bands={ctx.bands} t={ctx.t} />;
  if (key === 'stage') return stageLabel(c.stage, ctx.t);
  if (key === 'doNotContact') return c.doNotContact === 1 ? ctx.t('wsYes') : '';
  if (key === 'company' && c.companyId !== undefined) {
    return (
      <a href={`#/company/${c.companyId}`} tabIndex={-1} onClick={(e) => e.stopPropagation()}>
        {c.companyName}
      </a>
    );
  }
  if (key === 'tags') {
    return c.tags.map((id) => {
      const tag = ctx.tags.get(id);
      return tag ? <span key={id} className="ws-tag" style={{ borderColor: tagColor(tag.color) }}>{tag.name}</span> : null;
    });
  }
  const value = columnValue(c, key);
  if (value === undefined || value === '') return '';
  if (typeof value === 'number' && DATE_COLUMNS.has(key)) return new Date(value).toLocaleDateString(ctx.locale, { dateStyle: 'medium' });
  return String(value);
}

/** Custom field keys: the configured ones first, then any other key found on contacts. */
export function customKeys(contacts: readonly SegmentContact[], fields: readonly CustomField[]): string[] {
  const found = new Set(fields.map((f) => f.key));
  for (const c of contacts) for (const k in c.custom) found.add(k);
  return [...found];
}
