import { STAGES } from '../db/types';
import { columnValue, type ColumnKey, type SegmentContact } from './columns';
import { parseLooseNumber } from './numbers';

export type SortDirection = 'asc' | 'desc';

export interface SortOptions {
  /** For string order (default: the runtime's locale). */
  locale?: string;
  /** Tag names by id, so the tags column sorts by name; otherwise it sorts by tag count. */
  tagNames?: Map<number, string>;
}

type Key = number | string | undefined;

function sortKey(c: SegmentContact, column: ColumnKey, tagNames?: Map<number, string>): Key {
  const value = columnValue(c, column);
  if (column === 'stage') return STAGES.indexOf(c.stage);
  if (Array.isArray(value)) {
    if (value.length === 0) return undefined;
    if (!tagNames) return value.length;
    return value
      .map((id) => tagNames.get(id) ?? '')
      .sort()
      .join(', ');
  }
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed === '') return undefined;
    // Custom fields are text: numbers written as text sort as numbers ("9" before "10", "-1.5" before "2").
    const n = column.startsWith('custom:') ? parseLooseNumber(trimmed) : NaN;
    return Number.isNaN(n) ? trimmed : n;
  }
  return value;
}

/** Sorts contacts by any column into a new array: stable, locale- and number-aware, blanks last in both directions. */
export function sortContacts(contacts: readonly SegmentContact[], column: ColumnKey, direction: SortDirection = 'asc', options: SortOptions = {}): SegmentContact[] {
  const collator = new Intl.Collator(options.locale, { numeric: true, sensitivity: 'base' });
  const keys = contacts.map((c) => sortKey(c, column, options.tagNames));
  const sign = direction === 'asc' ? 1 : -1;
  const order = contacts.map((_, i) => i);
  order.sort((a, b) => {
    const x = keys[a];
    const y = keys[b];
    if (x === undefined || y === undefined) {
      if (x === y) return a - b;
      return x === undefined ? 1 : -1;
    }
    let cmp: number;
    if (typeof x === 'number' && typeof y === 'number') cmp = x - y;
    else if (typeof x === 'number') cmp = -1;
    else if (typeof y === 'number') cmp = 1;
    else cmp = collator.compare(x, y);
    return cmp === 0 ? a - b : sign * cmp;
  });
  return order.map((i) => contacts[i]);
}
