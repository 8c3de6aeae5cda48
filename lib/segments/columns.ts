import type { Contact, StoredScore } from '../db/types';

/**
 * A contact as lists, segments and exports see it: the row plus its company name and, for a contact scored for
 * churn (eligible.ts), its stored score (`score`) and that score 0–100 (`risk`, what filters and sorting read).
 */
export type SegmentContact = Contact & { risk?: number; score?: StoredScore; companyName?: string };

export const BUILTIN_COLUMNS = [
  'name',
  'email',
  'company',
  'stage',
  'owner',
  'tags',
  'risk',
  'lastContact',
  'lastInboundAt',
  'lastOutboundAt',
  'customerSince',
  'churnedAt',
  'doNotContact',
  'createdAt',
  'updatedAt',
] as const;
/** A list column: a built-in one, or a custom field as `custom:<key>`. */
export type ColumnKey = (typeof BUILTIN_COLUMNS)[number] | `custom:${string}`;

/** The latest contact in either direction, or undefined when there was none. */
export function lastContactAt(c: Pick<Contact, 'lastInboundAt' | 'lastOutboundAt'>): number | undefined {
  if (c.lastInboundAt === undefined) return c.lastOutboundAt;
  if (c.lastOutboundAt === undefined) return c.lastInboundAt;
  return Math.max(c.lastInboundAt, c.lastOutboundAt);
}

/** The raw value of a column for a contact (strings, numbers, or tag ids); undefined or '' when blank. */
export function columnValue(c: SegmentContact, key: ColumnKey): string | number | number[] | undefined {
  if (key.startsWith('custom:')) return c.custom[key.slice(7)];
  switch (key) {
    case 'company':
      return c.companyName;
    case 'lastContact':
      return lastContactAt(c);
    default:
      return c[key as Exclude<(typeof BUILTIN_COLUMNS)[number], 'company' | 'lastContact'>];
  }
}
