// A fresh install (empty profile: no contacts, no activities): Contacts and Reports show the first-run
// page (what Kizuna does, three ways to start, the privacy promise) instead of empty lists and zeros.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchKizuna, type Kizuna } from '../support/launch';
import { seedRows } from '../support/seed';

let k: Kizuna;
let page: Page;
beforeAll(async () => {
  k = await launchKizuna();
  page = await k.context.newPage();
});
afterAll(async () => k?.close());

const open = (hash: string) => page.goto(`chrome-extension://${k.extensionId}/app.html${hash}`);
const firstRun = () => page.getByTestId('first-run');

describe('first run (real Chromium, built extension, empty profile)', () => {
  it('Contacts welcomes with three ways to start and the privacy promise, not "No contacts match."', async () => {
    await open('');
    await firstRun().waitFor();
    expect(await firstRun().getByRole('heading', { level: 2 }).textContent()).toBe('Welcome to Kizuna');
    const actions = firstRun().locator('.first-run-action');
    expect(await actions.allTextContents()).toEqual(['Open Gmail', 'Import a CSV file', 'Import a mailbox']);
    expect(await actions.evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href))).toEqual([
      'https://mail.google.com/mail/u/0/#inbox',
      `chrome-extension://${k.extensionId}/app.html#/import`,
      `chrome-extension://${k.extensionId}/app.html#/risk/mailbox`,
    ]);
    expect(await firstRun().getByRole('note').textContent()).toContain('Your data stays in your browser.');
    expect(await page.getByText('No contacts match.').count()).toBe(0);
  });

  it('"Import a mailbox" leads to the mailbox import, and "Import a CSV file" to the CSV import', async () => {
    await firstRun().getByRole('link', { name: 'Import a mailbox' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-part'))).toBe('mailbox');
    expect(await page.locator('[data-part="mailbox"] .rs-mbox').count()).toBe(1);
    await open('');
    await firstRun().getByRole('link', { name: 'Import a CSV file' }).click();
    await page.waitForURL(/#\/import$/);
    await expect.poll(() => firstRun().count()).toBe(0);
  });

  it('Reports say what to do instead of twelve rows of zeros', async () => {
    await open('#/reports');
    await firstRun().waitFor();
    expect(await firstRun().getByRole('heading', { level: 2 }).textContent()).toBe('No reports yet');
    expect(await page.locator('.wi-data').count()).toBe(0);
  });

  it('once there is a contact, Contacts lists it (the first-run page is gone)', async () => {
    const now = Date.now();
    await seedRows(k.worker, { contacts: [{ id: 1, email: 'dana@acme.example', name: 'Dana', tags: [], stage: 'customer', owner: '', custom: {}, doNotContact: 0, createdAt: now, updatedAt: now }] });
    // Written behind Dexie's back (no change event): load the page afresh.
    await page.close();
    page = await k.context.newPage();
    await open('#/contacts');
    await expect.poll(() => page.getByTestId('result-count').getAttribute('data-count')).toBe('1');
    expect(await firstRun().count()).toBe(0);
    expect(k.errors).toEqual([]);
  });
});
