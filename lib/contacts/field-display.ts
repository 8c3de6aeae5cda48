import type { Translate } from '../format';
import type { FieldMapping } from '../churn/crm-signals';
import { fieldDate, fieldNumber } from '../churn/field-values';
import { formatDate, formatMoney, formatNumber } from '../format';

/** What a custom field holds, as far as the display is concerned. */
export type FieldKind = 'date' | 'money' | 'number' | 'payment' | 'text';

/**
 * A custom field's kind from the risk settings' field mapping (renewal and customer-since are dates, revenue is
 * money, tickets and NPS are numbers, the payment status is a status); an unmapped "revenue" or "paymentStatus" field too.
 */
export function fieldKind(key: string, mapping: FieldMapping = {}): FieldKind {
  if (key === mapping.renewalAt || key === mapping.customerSince) return 'date';
  if (key === mapping.revenue || (!mapping.revenue && key.toLowerCase() === 'revenue')) return 'money';
  if (key === mapping.supportTickets || key === mapping.nps) return 'number';
  if (key === mapping.paymentStatus || (!mapping.paymentStatus && /^payment_?status$/i.test(key))) return 'payment';
  return 'text';
}

/** A stored payment status ("overdue", "past due") in the page's language; a status Kizuna has no word for is shown as stored. */
export function paymentStatusText(status: string, t: Translate): string {
  const key = `paymentStatus_${status
    .trim()
    .toLowerCase()
    .replace(/[^a-z]+/g, '_')}`;
  const text = t(key);
  return text && text !== key ? text : status;
}

// An ISO day ("2026-12-20") reads as a date in any field; other text is left as typed (a zip code is no number).
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A custom field's stored value as a person reads it in the page's locale (dates, money, numbers, statuses); anything unreadable as its kind stays as stored. */
export function formatFieldValue(raw: string, kind: FieldKind, { t, locale, currency }: { t: Translate; locale: string; currency: string }): string {
  const value = raw.trim();
  if (!value) return raw;
  if (kind === 'date' || (kind === 'text' && ISO_DAY.test(value))) {
    const at = fieldDate(value);
    if (at === null) return raw;
    // Days without a time are read as UTC days (fieldDate); a value with a time is a moment in the user's zone.
    const withTime = /\d:\d/.test(value) || /^\d{11,}$/.test(value);
    return formatDate(at, locale, withTime ? undefined : 'UTC');
  }
  if (kind === 'money' || kind === 'number') {
    const n = fieldNumber(value);
    if (n === null) return raw;
    return kind === 'money' ? formatMoney(n, currency, locale) : formatNumber(n, locale, 2);
  }
  if (kind === 'payment') return paymentStatusText(value, t);
  return raw;
}
