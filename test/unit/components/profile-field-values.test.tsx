// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nProvider } from '../../../components/i18n';
import { ProfileCard } from '../../../components/ProfileCard';
import type { Contact } from '../../../lib/db/types';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const load = (lang: string) => JSON.parse(readFileSync(join(import.meta.dirname, `../../../public/_locales/${lang}/messages.json`), 'utf8')) as Record<string, { message: string }>;
const translator = (messages: Record<string, { message: string }>) => (key: string) => messages[key]?.message ?? key;

const contact: Contact = {
  id: 1,
  email: 'yamada@example.co.jp',
  name: '山田 太郎',
  tags: [],
  stage: 'customer',
  owner: '',
  custom: { renewal: '2026-12-20', pay: 'overdue', arr: '24000', tickets: '1200', zip: '10001', since: '2025-04-01', note: 'paid' },
  doNotContact: 0,
  createdAt: 0,
  updatedAt: 0,
} as Contact;
const fields = [
  { key: 'renewal', label: 'Renewal' },
  { key: 'pay', label: 'Payment' },
  { key: 'arr', label: 'ARR' },
  { key: 'tickets', label: 'Tickets' },
  { key: 'zip', label: 'Zip' },
  { key: 'since', label: 'Since' },
  { key: 'note', label: 'Note' },
];
const mapping = { renewalAt: 'renewal', paymentStatus: 'pay', revenue: 'arr', supportTickets: 'tickets' };

let container: HTMLDivElement | undefined;
afterEach(() => container?.remove());

function shown(lang: 'en' | 'ja', currency: string): Record<string, string> {
  container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  act(() =>
    root.render(
      <I18nProvider value={{ t: translator(load(lang)), locale: lang, currency }}>
        <ProfileCard contact={contact} companyName="" customFields={fields} owners={[]} onSave={() => {}} onCompany={() => {}} onCustom={() => {}} mapping={mapping} />
      </I18nProvider>,
    ),
  );
  return Object.fromEntries(fields.map((f) => [f.label, container!.querySelector<HTMLInputElement>(`input[aria-label="${f.label}"]`)!.value]));
}

describe('custom-field values in the profile read as the locale writes them', () => {
  it('English: dates, money, numbers and the payment status', () => {
    expect(shown('en', 'USD')).toEqual({ Renewal: 'Dec 20, 2026', Payment: 'overdue', ARR: '$24,000', Tickets: '1,200', Zip: '10001', Since: 'Apr 1, 2025', Note: 'paid' });
  });
  it('Japanese: the same values in Japanese, the stored English status translated', () => {
    expect(shown('ja', 'JPY')).toEqual({ Renewal: '2026/12/20', Payment: '支払い遅延', ARR: '￥24,000', Tickets: '1,200', Zip: '10001', Since: '2025/04/01', Note: 'paid' });
  });
  it('while editing, the field holds the value as stored', () => {
    shown('ja', 'JPY');
    const input = container!.querySelector<HTMLInputElement>('input[aria-label="Renewal"]')!;
    act(() => input.focus());
    expect(input.value).toBe('2026-12-20');
  });
});
