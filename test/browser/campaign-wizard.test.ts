// The campaign wizard as a first-time user meets it: in steps, no sender yet, a trip to the campaign
// settings and back, field errors next to their fields, and a template signed by the contact's owner while someone else sends.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchKizuna, type Kizuna } from '../support/launch';
import { seedRows } from '../support/seed';

const NOW = Date.now();
let k: Kizuna;
let page: Page;

beforeAll(async () => {
  k = await launchKizuna();
  const contact = (id: number, owner: string) => ({
    id,
    email: `c${id}@customer.example`,
    name: `Customer ${id}`,
    tags: [],
    stage: 'customer',
    owner,
    custom: {},
    doNotContact: 0,
    createdAt: NOW,
    updatedAt: NOW,
  });
  await seedRows(k.worker, {
    contacts: [contact(1, 'Alex Morgan'), contact(2, 'Alex Morgan'), contact(3, 'Jordan Kim')],
    templates: [
      {
        id: 1,
        name: 'Renewal',
        subject: 'Your renewal',
        body: 'Hi {{firstName|there}},\nyour plan renews soon.\n\nBest,\n{{owner}}',
        category: '',
        language: 'en',
        usageCount: 0,
        createdAt: NOW,
        updatedAt: NOW,
      },
    ],
    segments: [{ id: 1, name: 'Customers', filter: { conditions: [{ type: 'stage', stages: ['customer'] }] }, createdAt: NOW, updatedAt: NOW }],
  });
  page = await k.context.newPage();
});
afterAll(async () => k?.close());

const wizard = async () => {
  await page.goto(`chrome-extension://${k.extensionId}/app.html#/campaigns/new`);
  await page.locator('.cp-wizard[data-state="ready"]').waitFor();
};

const steps = () => page.getByRole('navigation', { name: 'Steps to create the campaign' }).getByRole('button');
const current = () => page.locator('.cp-stepper [aria-current="step"]').textContent();
const next = () => page.getByRole('button', { name: 'Next', exact: true }).click();

describe('campaign wizard (real Chromium, built extension)', () => {
  it('goes in steps: a step list, and Next checks only the step on screen, marking and focusing its first invalid field', async () => {
    await wizard();
    expect(await page.getByRole('alert').first().textContent()).toContain("Set the sender's address in the campaign settings first.");
    expect(await steps().allTextContents()).toEqual(['1Recipients', '2Messages', '3Schedule & sending', '4Review & start']);
    expect(await current()).toBe('1Recipients');
    // Only this step's fields are on screen; the template is not judged yet.
    expect(await page.getByLabel('First message: template').count()).toBe(0);
    await page.getByLabel('Name', { exact: true }).fill('Renewals');
    await next();
    expect(await current()).toBe('1Recipients');
    const segment = page.getByLabel(/^Saved segment/);
    expect(await segment.getAttribute('aria-invalid')).toBe('true');
    expect(await segment.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await page.locator('.ui-field-error').allTextContents()).toEqual(['Choose a segment.']);
    expect(await page.locator('.cp-status-line').textContent()).toBe('Please fix the fields marked above.');
    await segment.selectOption({ label: 'Customers' });
    // Enter in a field is Next.
    await page.getByLabel('Name', { exact: true }).press('Enter');
    expect(await current()).toBe('2Messages');
    expect(await page.locator('#cp-step-title').evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await page.locator('[aria-invalid="true"]').count()).toBe(0);
    // A step without a template: that field is marked, focused, and the status says so.
    await next();
    expect(await current()).toBe('2Messages');
    await expect.poll(() => page.locator('.cp-status-line').textContent()).toBe('Please fix the fields marked above.');
    const template = page.getByLabel(/^First message: template/);
    expect(await template.getAttribute('aria-invalid')).toBe('true');
    expect(await template.evaluate((el) => el === document.activeElement)).toBe(true);
    // Back keeps what was chosen; the step list is reachable by keyboard.
    await page.getByRole('button', { name: 'Back' }).click();
    expect(await page.getByLabel(/^Saved segment/).inputValue()).toBe('1');
    await steps().nth(1).focus();
    await page.keyboard.press('Enter');
    expect(await current()).toBe('2Messages');
    await page.getByLabel(/^First message: template/).selectOption({ label: 'Renewal' });
    await next();
    expect(await current()).toBe('3Schedule & sending');
    await page.getByLabel('Messages per minute').fill('0');
    await next();
    expect(await page.getByLabel(/^Messages per minute/).getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('.ui-field-error').allTextContents()).toEqual(['Messages per minute: a number from 0.1 to 600.']);
    await page.getByLabel(/^Messages per minute/).fill('20');
    await next();
    // The review step reads the choices back and runs the checks by itself, before a sender is set.
    expect(await current()).toBe('4Review & start');
    expect(await page.getByTestId('cp-review').textContent()).toContain('Customers');
    await expect.poll(() => page.getByTestId('cp-sendable').textContent()).toBe('3 of 3 recipients will be sent to');
    expect(await page.getByTestId('cp-no-sender').textContent()).toContain('No sender is set yet');
    expect(await page.locator('.cp-status-line').textContent()).toBe('');
    // Sending needs the sender, which is no field of the wizard: it is said in words, nothing claims a marked field.
    await page.getByRole('button', { name: 'Send a test to myself' }).click();
    await expect.poll(() => page.locator('ul.cp-error[role="alert"]').textContent()).toBe("Set the sender's address in the campaign settings first.");
    expect(await page.locator('.cp-status-line').textContent()).toBe('');
    expect(await page.locator('[aria-invalid="true"]').count()).toBe(0);
  });

  it('jumping ahead in the step list stops at the first step with a field to fix', async () => {
    await steps().nth(1).click();
    await page.getByLabel(/^First message: template/).selectOption({ index: 0 });
    await steps().nth(3).click();
    expect(await current()).toBe('2Messages');
    expect(await page.getByLabel(/^First message: template/).getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel(/^First message: template/).selectOption({ label: 'Renewal' });
    await steps().nth(3).click();
    expect(await current()).toBe('4Review & start');
  });

  it('keeps the draft, on its step, across "Open campaign settings" and back', async () => {
    await page.getByRole('link', { name: 'Open campaign settings' }).click();
    await page.locator('.cp-settings[data-state="ready"]').waitFor();
    await page.getByLabel(/^Sender's address/).fill('cs@kizuna.example');
    await page.getByLabel(/^Sender's name/).fill('Kizuna CS');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.locator('.cp-settings [role="status"]').textContent()).toBe('Settings saved.');
    await page.goBack();
    await page.locator('.cp-wizard[data-state="ready"]').waitFor();
    expect(await page.getByRole('status').first().textContent()).toContain('Your draft is back as you left it.');
    expect(await current()).toBe('4Review & start');
    await steps().nth(0).click();
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Renewals');
    expect(await page.getByLabel(/^Saved segment/).inputValue()).toBe('1');
    await next();
    expect(await page.getByLabel(/^First message: template/).inputValue()).toBe('1');
    // A reload (the same tab) keeps it too; "Start over" empties it.
    await page.reload();
    await page.locator('.cp-wizard[data-state="ready"]').waitFor();
    expect(await current()).toBe('2Messages');
    await steps().nth(0).click();
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Renewals');
  });

  it('warns in the preview when the signature ({{owner}}) is someone other than the sender', async () => {
    await steps().nth(3).click();
    await page.getByRole('button', { name: 'Check recipients' }).click();
    await expect
      .poll(() => page.getByTestId('cp-signers').textContent())
      .toBe(
        "3 messages are signed with the contact's owner (Alex Morgan, Jordan Kim), but are sent from Kizuna CS <cs@kizuna.example>. The recipient sees one person's signature on another person's email.",
      );
    expect(await page.locator('.cp-preview > li').first().locator('.cp-signer').textContent()).toBe("Signed “Alex Morgan” (the contact's owner), sent from Kizuna CS <cs@kizuna.example>.");
    await page.getByRole('button', { name: 'Start over' }).click();
    expect(await current()).toBe('1Recipients');
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('');
    await page.reload();
    await page.locator('.cp-wizard[data-state="ready"]').waitFor();
    expect(await page.getByText('Your draft is back as you left it.').count()).toBe(0);
    expect(k.errors).toEqual([]);
  });
});
