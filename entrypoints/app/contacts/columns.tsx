import type { ReactNode } from 'react';
import { RiskTrend } from '@/components/RiskTrend';
import { formatNumber } from '@/lib/format';
import type { Tag } from '@/lib/db/types';
import { tagColor } from '@/lib/contacts/tag-color';
import type { CustomField } from '@/lib/settings';
import type { ColumnKey, SegmentContact } from '@/lib/segments/columns';
import { cellText, riskChipFacts, type ChipContext } from './cells';

export { columnLabel, DEFAULT_COLUMNS, stageLabel, type ChipContext } from './cells';

/**
 * The stored churn score as a coloured chip: "23 %" (a calibrated chance) or "62 pts" (rule points, "not yet
 * calibrated" for screen readers), its band under the thresholds in force, and the 7-day trend arrow. A churned
 * contact shows when it churned instead; a lead or do-not-contact contact "—" (not scored for churn).
 */
export function RiskChip({ contact, ctx }: { contact: SegmentContact; ctx: ChipContext }) {
  const chip = riskChipFacts(contact, ctx);
  if (chip.kind === 'churned')
    return (
      <span className="ws-risk none" data-testid="risk-churned">
        {chip.text}
      </span>
    );
  if (chip.kind === 'none')
    return (
      <span className="ws-risk none" aria-label={chip.label}>
        —
      </span>
    );
  return (
    <span className="ws-risk" data-band={chip.band} data-score={chip.score} title={chip.title}>
      <strong>{chip.figure}</strong> {chip.bandText}
      {chip.calibrated ? null : <span className="sr-only">{`, ${ctx.t('riskNotCalibrated')}`}</span>}
      <RiskTrend points={chip.trend} calibrated={chip.calibrated} compact />
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

/** A cell's content in the table. */
export function renderCell(c: SegmentContact, key: ColumnKey, ctx: CellContext): ReactNode {
  if (key === 'risk') return <RiskChip contact={c} ctx={ctx} />;
  if (key === 'company' && c.companyId !== undefined) {
    return (
      <a href={`#/company/${c.companyId}`} tabIndex={-1} onClick={(e) => e.stopPropagation()}>
        {c.companyName}
      </a>
    );
  }
  if (key === 'tags') return <TagsCell ids={c.tags} ctx={ctx} />;
  return cellText(c, key, ctx);
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
