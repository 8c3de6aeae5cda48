import { customerTimeline, statusBefore, type ReportContact, type StageEvent } from './customer-timeline';
import { periodsBetween, type Period, type PeriodUnit } from './periods';

export interface RetentionRow extends Period {
  /** Customers at the start of the period. */
  startCustomers: number;
  /** Customers at the end of the period. */
  endCustomers: number;
  /** Not customers at the start, customers at the end (won or won back). */
  newCustomers: number;
  /** Customers at the start, not at the end. */
  lostCustomers: number;
  /** lost ÷ start × 100; null when there were no customers at the start. */
  churnRate: number | null;
  /** (end − new) ÷ start × 100; null when there were no customers at the start. */
  retentionRate: number | null;
}

export interface RetentionOptions {
  from: number;
  to: number;
  unit: PeriodUnit;
  /** IANA zone the months start in (default UTC). */
  timeZone?: string;
}

/** Churn and retention per month or quarter: S, E, N, L, churn = L ÷ S × 100, retention = (E − N) ÷ S × 100. */
export function retentionReport(contacts: readonly ReportContact[], historyByContact: ReadonlyMap<number, readonly StageEvent[]>, options: RetentionOptions): RetentionRow[] {
  const periods = periodsBetween(options.from, options.to, options.unit, options.timeZone);
  const boundaries = [...periods.map((p) => p.start), ...periods.slice(-1).map((p) => p.end)];
  const rows: RetentionRow[] = periods.map((p) => ({
    ...p,
    startCustomers: 0,
    endCustomers: 0,
    newCustomers: 0,
    lostCustomers: 0,
    churnRate: null,
    retentionRate: null,
  }));
  for (const contact of contacts) {
    const changes = customerTimeline(contact, historyByContact.get(contact.id));
    if (changes.length === 0) continue;
    const status = statusBefore(changes, boundaries);
    for (let i = 0; i < rows.length; i++) {
      const s = status[i];
      const e = status[i + 1];
      const row = rows[i];
      if (s) row.startCustomers++;
      if (e) row.endCustomers++;
      if (!s && e) row.newCustomers++;
      if (s && !e) row.lostCustomers++;
    }
  }
  for (const row of rows) {
    if (row.startCustomers === 0) continue;
    row.churnRate = (row.lostCustomers / row.startCustomers) * 100;
    row.retentionRate = ((row.endCustomers - row.newCustomers) / row.startCustomers) * 100;
  }
  return rows;
}
