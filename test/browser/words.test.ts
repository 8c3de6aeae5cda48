// Words, numbers and money on real pages in both languages (issue #15): counted nouns through Intl.PluralRules
// ("Used 1 time", never "1 times"), revenue as money in the currency the user set (default from the language),
// the contacts count with its counter word, and custom-field dates and payment statuses as the language writes them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchKizuna, type Kizuna } from '../support/launch';
import { seedRows } from '../support/seed';

type Storage = { storage: { local: { get(key: string): Promise<Record<string, unknown>>; set(items: object): Promise<void> } } };
declare const chrome: Storage;

const now = Date.now();
const contact = {
  id: 1,
  email: 'dana@acme.example',
  name: '山田 太郎',
  tags: [],
  stage: 'customer',
  owner: '',
  custom: { revenue: '24000', renewal: '2026-12-20', billing: 'overdue' },
  doNotContact: 0,
  createdAt: now,
  updatedAt: now,
};
const template = (id: number, name: string, usageCount: number) => ({ id, name, subject: '', body: 'Hi {{firstName}},', category: '', language: 'en', usageCount, createdAt: now, updatedAt: now });

const expected = {
  en: {
    once: 'Used 1 time',
    twice: 'Used 2 times',
    money: '$24,000',
    euros: '€24,000',
    count: '1 of 1 contact',
    newTemplate: 'New template',
    language: 'Language',
    templateLanguage: 'en',
    date: 'Dec 20, 2026',
    status: 'overdue',
  },
  ja: {
    once: '使用 1 回',
    twice: '使用 2 回',
    money: '￥24,000',
    euros: '€24,000',
    count: '1 件（全 1 件中）',
    newTemplate: '新しいテンプレート',
    language: '言語',
    templateLanguage: 'ja',
    date: '2026/12/20',
    status: '支払い遅延',
  },
} as const;

for (const lang of ['en', 'ja'] as const) {
  describe(`plurals and money in ${lang} (real Chromium, built extension)`, () => {
    let k: Kizuna;
    let page: Page;
    const open = (hash: string) => page.goto(`chrome-extension://${k.extensionId}/app.html${hash}`);
    const want = expected[lang];
    beforeAll(async () => {
      k = await launchKizuna({ lang });
      await seedRows(k.worker, { contacts: [contact], templates: [template(1, 'Once', 1), template(2, 'Twice', 2)] });
      await k.worker.evaluate(() =>
        chrome.storage.local.set({
          settings: {
            customFields: [
              { key: 'revenue', label: 'Revenue' },
              { key: 'renewal', label: 'Renewal' },
              { key: 'billing', label: 'Billing' },
            ],
          },
          riskSettings: { mapping: { paymentStatus: 'billing' } },
        }),
      );
      page = await k.context.newPage();
    });
    afterAll(async () => k?.close());

    it('counts template uses with the right plural', async () => {
      await open('#/templates');
      await page.locator('.library[data-state="ready"]').waitFor();
      const uses = (name: string) =>
        page
          .getByRole('button', { name: new RegExp(`^${name}`) })
          .locator('.muted')
          .textContent();
      expect(await uses('Once')).toBe(want.once);
      expect(await uses('Twice')).toBe(want.twice);
    });

    it("starts a new template in the page's language", async () => {
      await page.getByRole('button', { name: want.newTemplate }).click();
      expect(await page.getByLabel(want.language, { exact: true }).inputValue()).toBe(want.templateLanguage);
    });

    it("shows revenue as money in the language's currency, then in the one the user sets", async () => {
      await open('#/contact/1');
      const revenue = page.getByLabel('Revenue', { exact: true });
      await expect.poll(() => revenue.inputValue()).toBe(want.money);
      await k.worker.evaluate(() => chrome.storage.local.get('settings').then(({ settings }) => chrome.storage.local.set({ settings: { ...(settings as object), currency: 'EUR' } })));
      await expect.poll(() => revenue.inputValue()).toBe(want.euros);
      // Editing shows the stored figure, not the formatted one.
      await revenue.focus();
      expect(await revenue.inputValue()).toBe('24000');
    });

    it("shows a date field in the language's date format and a stored payment status in its words", async () => {
      await open('#/contact/1');
      await expect.poll(() => page.getByLabel('Renewal', { exact: true }).inputValue()).toBe(want.date);
      await expect.poll(() => page.getByLabel('Billing', { exact: true }).inputValue()).toBe(want.status);
    });

    it('counts the contacts list with its noun or counter', async () => {
      await open('#/contacts');
      await expect.poll(() => page.getByTestId('result-count').textContent()).toBe(want.count);
      expect(k.errors.filter((e) => e.includes('app.html'))).toEqual([]);
    });
  });
}
