import { describe, expect, it } from 'vitest';
import { fieldKind, formatFieldValue } from '../../../lib/contacts/field-display';

const en = { t: (key: string) => ({ paymentStatus_past_due: 'past due' })[key] ?? key, locale: 'en', currency: 'USD' };
const ja = { t: (key: string) => ({ paymentStatus_past_due: '期限超過' })[key] ?? key, locale: 'ja', currency: 'JPY' };

describe('a custom field shown by its kind', () => {
  it('the kind comes from the field mapping; unmapped "revenue" and "paymentStatus" keys too', () => {
    const mapping = { renewalAt: 'renew', customerSince: 'since', revenue: 'arr', supportTickets: 'tix', nps: 'score', paymentStatus: 'billing' };
    expect(['renew', 'since', 'arr', 'tix', 'score', 'billing', 'revenue', 'other'].map((k) => fieldKind(k, mapping))).toEqual([
      'date',
      'date',
      'money',
      'number',
      'number',
      'payment',
      'text',
      'text',
    ]);
    expect([fieldKind('revenue'), fieldKind('payment_status'), fieldKind('city')]).toEqual(['money', 'payment', 'text']);
  });
  it('formats what it can read and leaves the rest as typed', () => {
    expect(formatFieldValue('２０２６／１２／２０', 'date', en)).toBe('Dec 20, 2026');
    expect(formatFieldValue('2026-12-20', 'text', ja)).toBe('2026/12/20');
    expect(formatFieldValue('next spring', 'date', ja)).toBe('next spring');
    expect(formatFieldValue('¥1,200', 'money', ja)).toBe('￥1,200');
    expect(formatFieldValue('a lot', 'money', en)).toBe('a lot');
    expect(formatFieldValue('Past Due', 'payment', ja)).toBe('期限超過');
    expect(formatFieldValue('on hold', 'payment', ja)).toBe('on hold');
    expect(formatFieldValue('12000', 'text', en)).toBe('12000');
    expect(formatFieldValue('', 'date', en)).toBe('');
  });
});
