// The campaign wizard as a first-time user meets it: no sender yet, a trip to the campaign settings
// and back, field errors, and a template signed by the contact's owner while someone else sends.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchKizuna, type Kizuna } from '../support/launch';
import { seedRows } from '../support/seed';

const NOW = Date.now();
let k: Kizuna;
let page: Page;

beforeAll(async () => {
  k = await launchKizuna();
  const contact = (id: number, owner: string) => ({ id, email: `c${id}@customer.example`, name: `Customer ${id}`, tags: [], stage: 'customer', owner, custom: {}, doNotContact: 0, createdAt: NOW, updatedAt: NOW });
  await seedRows(k.worker, {
    contacts: [contact(1, 'Alex Morgan'), contact(2, 'Alex Morgan'), contact(3, 'Jordan Kim')],
    templates: [{ id: 1, name: 'Renewal', subject: 'Your renewal', body: 'Hi {{firstName|there}},\nyour plan renews soon.\n\nBest,\n{{owner}}', category: '', language: 'en', usageCount: 0, createdAt: NOW, updatedAt: NOW }],
    segments: [{ id: 1, name: 'Customers', filter: { conditions: [{ type: 'stage', stages: ['customer'] }] }, createdAt: NOW, updatedAt: NOW }],
  });
  page = await k.context.newPage();
});
afterAll(async () => k?.close());

const wizard = async () => {
  await page.goto(`chrome-extension://${k.extensionId}/app.html#/campaigns/new`);
  await page.locator('.cp-wizard[data-state="ready"]').waitFor();
};

describe('campaign wizard (real Chromium, built extension)', () => {
  it('checks recipients before a sender is set, and says "fix the fields marked above" only when a field is marked', async () => {
    await wizard();
    expect(await page.getByRole('alert').first().textContent()).toContain("Set the sender's address in the campaign settings first.");
    await page.getByLabel('Name', { exact: true }).fill('Renewals');
    await page.getByLabel('Saved segment').selectOption({ label: 'Customers' });
    // A step without a template: that field is marked, and the status says so.
    await page.getByRole('button', { name: 'Check recipients' }).click();
    await expect.poll(() => page.locator('.cp-status-line').textContent()).toBe('Please fix the fields marked above.');
    expect(await page.getByLabel('First message: template').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('First message: template').selectOption({ label: 'Renewal' });
    await page.getByRole('button', { name: 'Check recipients' }).click();
    await expect.poll(() => page.getByTestId('cp-sendable').textContent()).toBe('3 of 3 recipients will be sent to');
    expect(await page.getByTestId('cp-no-sender').textContent()).toContain('No sender is set yet');
    expect(await page.locator('.cp-status-line').textContent()).toBe('');
    // Sending needs the sender, which is no field of the wizard: it is said in words, nothing claims a marked field.
    await page.getByRole('button', { name: 'Send a test to myself' }).click();
    await expect.poll(() => page.locator('ul.cp-error[role="alert"]').textContent()).toBe("Set the sender's address in the campaign settings first.");
    expect(await page.locator('.cp-status-line').textContent()).toBe('');
    expect(await page.locator('[aria-invalid="true"]').count()).toBe(0);
  });

  it('keeps the draft across "Open campaign settings" and back', async () => {
    await page.getByRole('link', { name: 'Open campaign settings' }).click();
    await page.locator('.cp-settings[data-state="ready"]').waitFor();
    await page.getByLabel(/^Sender's address/).fill('cs@kizuna.example');
    await page.getByLabel(/^Sender's name/).fill('Kizuna CS');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.locator('.cp-settings [role="status"]').textContent()).toBe('Settings saved.');
    await page.goBack();
    await page.locator('.cp-wizard[data-state="ready"]').waitFor();
    expect(await page.getByRole('status').first().textContent()).toContain('Your draft is back as you left it.');
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Renewals');
    expect(await page.getByLabel('Saved segment').inputValue()).toBe('1');
    expect(await page.getByLabel('First message: template').inputValue()).toBe('1');
    // A reload (the same tab) keeps it too; "Start over" empties it.
    await page.reload();
    await page.locator('.cp-wizard[data-state="ready"]').waitFor();
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Renewals');
  });

  it('warns in the preview when the signature ({{owner}}) is someone other than the sender', async () => {
    await page.getByRole('button', { name: 'Check recipients' }).click();
    await expect.poll(() => page.getByTestId('cp-signers').textContent()).toBe(
      '3 messages are signed with the contact\'s owner (Alex Morgan, Jordan Kim), but are sent from Kizuna CS <cs@kizuna.example>. The recipient sees one person\'s signature on another person\'s email.',
    );
    expect(await page.locator('.cp-preview > li').first().locator('.cp-signer').textContent()).toBe('Signed “Alex Morgan” (the contact\'s owner), sent from Kizuna CS <cs@kizuna.example>.');
    await page.getByRole('button', { name: 'Start over' }).click();
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('');
    await page.reload();
    await page.locator('.cp-wizard[data-state="ready"]').waitFor();
    expect(await page.getByText('Your draft is back as you left it.').count()).toBe(0);
    expect(k.errors).toEqual([]);
  });
});
