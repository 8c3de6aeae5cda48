import { zonedParts, zonedTime } from './zone';

export type PeriodUnit = 'month' | 'quarter';

export interface Period {
  /** "2024-03" for a month, "2024-Q1" for a quarter. */
  key: string;
  /** Inclusive start (local midnight on the first day, in the report's zone). */
  start: number;
  /** Exclusive end: the next period's start. */
  end: number;
}

/** The months or quarters, in a time zone (IANA, default UTC), that overlap [from, to]. */
export function periodsBetween(from: number, to: number, unit: PeriodUnit, timeZone = 'UTC'): Period[] {
  const step = unit === 'month' ? 1 : 3;
  const first = zonedParts(from, timeZone);
  let year = first.year;
  let month = unit === 'month' ? first.month : first.month - ((first.month - 1) % 3);
  const periods: Period[] = [];
  let start = zonedTime(year, month, 1, 0, timeZone);
  while (start <= to) {
    const end = zonedTime(year, month + step, 1, 0, timeZone);
    const key = unit === 'month' ? `${year}-${String(month).padStart(2, '0')}` : `${year}-Q${(month + 2) / 3}`;
    periods.push({ key, start, end });
    month += step;
    if (month > 12) {
      month -= 12;
      year++;
    }
    start = end;
  }
  return periods;
}
