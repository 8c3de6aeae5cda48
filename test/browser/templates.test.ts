import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchKizuna, type Kizuna } from '../support/launch';
import { ME, SAMPLE_THREADS } from '../support/sample-threads';

let k: Kizuna;
beforeAll(async () => {
  k = await launchKizuna();
  await k.serveGmail({ user: ME, threads: SAMPLE_THREADS });
});
afterAll(async () => k?.close());

/** Element names under the compose body: only text and line breaks may come from an insert. */
const composeElements = (page: Page) => page.locator('.M9 [contenteditable]').evaluate((el) => [...el.querySelectorAll('*')].map((e) => e.tagName));
const composeText = (page: Page) => page.locator('.M9 [contenteditable]').evaluate((el) => (el as HTMLElement).innerText);

describe('templates and quick replies through the side panel (real Chromium, built extension)', () => {
  it('creates a template in the library, marks a broken field at its position, and previews it for a contact', async () => {
    const { page: gmail, sidebar } = await k.openGmail('#inbox/18c1a2b3c4d5e6f7');
    await expect.poll(() => sidebar.locator('[data-testid="profile-email"]').textContent()).toBe('dana.lee@acme-corp.com');
    const page = await k.context.newPage();
    // The old address (the sidebar's "Manage templates") leads to the templates section of the app.
    await page.goto(`chrome-extension://${k.extensionId}/templates.html`);
    await page.waitForURL(/\/app\.html#\/templates$/);
    // The library and the preview's contacts are read once the section says so; nothing is timed.
    await page.locator('.library[data-state="ready"]').waitFor();
    expect(await page.getByRole('navigation').getByRole('link', { name: 'Templates' }).getAttribute('aria-current')).toBe('page');
    await page.getByLabel('Name', { exact: true }).fill('Renewal check-in');
    await page.getByLabel('Subject', { exact: true }).fill('Your renewal');
    const body = page.getByLabel('Body', { exact: true });
    await body.fill('Hi {{frstName}}');
    await expect.poll(() => page.locator('.errors li').first().textContent()).toMatch(/^Body, line 1, column 4: Unknown field “frstName”\.Hi/);
    expect(await page.locator('.errors li').count()).toBe(1);
    await page.getByRole('button', { name: 'Save' }).click();
    // The mistake stays listed once, where it is marked; the save only points at it.
    await expect.poll(() => page.locator('[role="alert"]').textContent()).toBe('Not saved: fix the mistakes marked in the subject or body.');
    expect(await page.getByText('Unknown field “frstName”.').count()).toBe(1);
    // Tab completes a field and closes it.
    await body.fill('Hi {{fir');
    await body.press('Tab');
    expect(await body.inputValue()).toBe('Hi {{firstName}}');
    await expect.poll(() => body.evaluate((el: HTMLTextAreaElement) => el.selectionStart)).toBe(16);
    await body.fill('Hi {{firstName|there}},\nYour {{company}} plan renews soon. <script>alert(1)</script>');
    await page.getByLabel(/^Shortcut word/).fill('renew');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Saved');
    expect(await page.getByTestId('template-preview').textContent()).toBe('Hi Dana,\nYour Acme Corp plan renews soon. <script>alert(1)</script>');
    // The editor is titled by the template it edits; Delete asks first, and Cancel keeps it.
    expect(await page.locator('#tpl-editor-title').textContent()).toBe('Renewal check-in');
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const ask = page.getByRole('group', { name: 'Delete “Renewal check-in”? This cannot be undone.' });
    await ask.waitFor();
    await ask.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByRole('list', { name: 'Templates' }).getByText('Renewal check-in').count()).toBe(1);
    await page.close();
    await gmail.close();
  });

  it('inserts a quick reply into the open reply box as text and line breaks only', async () => {
    const { page, sidebar } = await k.openGmail('#inbox/18c1a2b3c4d5e6f7');
    await expect.poll(() => sidebar.locator('.reply strong').allTextContents()).toEqual(['Renewal check-in']);
    await page.locator('[data-kizuna-reply]').click();
    await page.locator('.M9 [contenteditable]').waitFor();
    await sidebar.getByRole('button', { name: 'Insert Renewal check-in' }).click();
    await expect.poll(() => composeText(page)).toContain('Your Acme Corp plan renews soon. <script>alert(1)</script>');
    expect(await composeText(page)).toMatch(/^Hi Dana,\n/);
    expect((await composeElements(page)).filter((tag) => tag !== 'BR' && tag !== 'DIV')).toEqual([]);
    expect(await page.locator('.M9 script').count()).toBe(0);
    await page.close();
  });

  it('opens the reply first when no reply box is open, with the picker reachable by keyboard', async () => {
    const { page, sidebar } = await k.openGmail('#inbox/18c4d5e6f7a8b9c0');
    await expect.poll(() => sidebar.locator('[data-testid="profile-email"]').textContent()).toBe('kim.novak@gmail.com');
    expect(await page.locator('.M9').count()).toBe(0);
    await page.keyboard.press('Alt+Shift+K');
    const search = sidebar.getByLabel('Search quick replies');
    await expect.poll(() => search.evaluate((el) => el === document.activeElement)).toBe(true);
    await search.fill('renew');
    await search.press('Enter');
    await expect.poll(() => composeText(page)).toContain('Hi Kim,');
    await page.close();
  });

  it('opens the side panel and its picker from Alt+Shift+K in Gmail when no panel is open yet', async () => {
    const page = await k.openGmailPage('#inbox/18c1a2b3c4d5e6f7');
    await page.locator('h2.hP').click();
    await page.keyboard.press('Alt+Shift+K');
    const sidebar = await k.panel(page);
    const search = sidebar.getByLabel('Search quick replies');
    await expect.poll(() => search.evaluate((el) => el === document.activeElement), { timeout: 10_000 }).toBe(true);
    await search.pressSequentially('renew');
    await search.press('Enter');
    await expect.poll(() => composeText(page)).toContain('Hi Dana,');
    await page.close();
  });

  it('expands ;word and a space typed in a compose box for the thread’s correspondent', async () => {
    const { page, sidebar } = await k.openGmail('#inbox/18c1a2b3c4d5e6f7');
    await expect.poll(() => sidebar.locator('[data-testid="profile-email"]').textContent()).toBe('dana.lee@acme-corp.com');
    await page.locator('[data-kizuna-reply]').click();
    const editor = page.locator('.M9 [contenteditable]');
    await editor.click();
    await page.keyboard.type('Thanks! ;renew ');
    await expect.poll(() => composeText(page)).toContain('Thanks! Hi Dana,');
    expect(await composeText(page)).not.toContain(';renew');
    expect(k.errors).toEqual([]);
    await page.close();
  });
});
