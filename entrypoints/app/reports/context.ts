import { formatPercent } from '@/lib/format';
import type { CustomField } from '@/lib/settings';
import type { BandThresholds } from '@/lib/segments/risk-band';
import type { SegmentContact } from '@/lib/segments/columns';
import type { StageEvent } from '@/lib/reports/customer-timeline';

/** What every report card gets: the contacts in scope (all, or one owner's), their stage history, and the page's choices. */
export interface ReportContext {
  /** With their stored churn scores (customers only). */
  contacts: SegmentContact[];
  /** Stage activities by contact id (from, to, when). */
  history: Map<number, StageEvent[]>;
  /** IANA zone months and quarters start in. */
  timeZone: string;
  customFields: CustomField[];
  /** The revenue custom field of the risk settings' mapping, if set. */
  revenueKey?: string;
  /** The risk bands of the risk settings (medium and high thresholds). */
  bands: BandThresholds;
  now: number;
  /** The element id the page was opened on (`#/reports/<id>`: a playbook's "did it work?" row). */
  focus?: string;
}

/** A card on the reports page; add one to REPORT_CARDS in sections/reports.tsx. */
export interface ReportCard {
  id: string;
  /** i18n key of the card's title. */
  title: string;
  Component: (props: { context: ReportContext }) => React.ReactNode;
}

/** A figure already in percent (23.5) in the locale's percent style; "—" for none. */
export const percent = (n: number | null, locale: string) => (n === null ? '—' : formatPercent(n / 100, locale));
