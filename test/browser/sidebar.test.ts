import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchKizuna, sidebarFrame, type Kizuna } from '../support/launch';
import { ME, SAMPLE_THREADS } from '../support/sample-threads';

let k: Kizuna;
beforeAll(async () => {
  k = await launchKizuna();
  await k.serveGmail({ user: ME, threads: SAMPLE_THREADS });
});
afterAll(async () => k?.close());

const profileEmail = '[data-testid="profile-email"]';

describe('the sidebar in Gmail (real Chromium, built extension, strict CSP and Trusted Types)', () => {
  it('shows the thread correspondent, with company from the domain, and does not cover the message text', async () => {
    const { page, sidebar } = await k.openGmail('#inbox/18c1a2b3c4d5e6f7');
    await expect.poll(() => sidebar.locator(profileEmail).textContent()).toBe('dana.lee@acme-corp.com');
    expect(await sidebar.getByLabel('Name', { exact: true }).inputValue()).toBe('Dana Lee');
    expect(await sidebar.getByLabel('Company', { exact: true }).inputValue()).toBe('Acme Corp');
    expect(await sidebar.locator('.history li').count()).toBe(3);
    const frame = await page.locator('#kizuna-sidebar iframe').boundingBox();
    for (const body of await page.locator('.a3s').all()) {
      const box = (await body.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(frame!.x);
    }
    await page.close();
  });

  it('keeps a tag added with Enter across a reload, and removes it with Backspace', async () => {
    const { page, sidebar } = await k.openGmail('#inbox/18c1a2b3c4d5e6f7');
    const input = sidebar.getByRole('combobox', { name: 'Add a tag' });
    await input.fill('Renewal 2027');
    await input.press('Enter');
    await expect.poll(() => sidebar.locator('.chip').allTextContents()).toEqual(['Renewal 2027×']);
    await page.reload();
    const again = await sidebarFrame(page, k.extensionId);
    await expect.poll(() => again.locator('.chip span').allTextContents()).toEqual(['Renewal 2027']);
    await again.getByRole('combobox', { name: 'Add a tag' }).press('Backspace');
    await expect.poll(() => again.locator('.chip').count()).toBe(0);
    await page.close();
  });

  it('follows an in-place thread switch with still one sidebar iframe', async () => {
    const { page, sidebar } = await k.openGmail('#inbox/18c1a2b3c4d5e6f7');
    await expect.poll(() => sidebar.locator(profileEmail).textContent()).toBe('dana.lee@acme-corp.com');
    await page.evaluate(() => (location.hash = '#inbox/18c4d5e6f7a8b9c0'));
    await expect.poll(() => sidebar.locator(profileEmail).textContent()).toBe('kim.novak@gmail.com');
    expect(await sidebar.getByLabel('Company', { exact: true }).inputValue()).toBe('');
    expect(await page.locator('iframe[src*="sidebar.html"]').count()).toBe(1);
    await page.evaluate(() => (location.hash = '#inbox'));
    await expect.poll(() => sidebar.locator('[role="status"]').textContent()).toBe('Open a thread to see the people in it.');
    await page.close();
  });

  it('lists every external participant, starts on the last external sender, and leaves out the user and aliases', async () => {
    const { page, sidebar } = await k.openGmail('#inbox/18c2b3c4d5e6f7a8');
    const tabs = sidebar.getByRole('tab');
    await expect.poll(() => tabs.allTextContents()).toEqual(['Sam Ortiz', 'Raj Patel', 'Kizuna Sales']);
    expect(await sidebar.getByRole('tab', { selected: true }).textContent()).toBe('Raj Patel');
    await sidebar.getByRole('button', { name: 'Settings' }).click();
    await sidebar.getByLabel('My other addresses (one per line)').fill('sales@kizuna-demo.com');
    await sidebar.getByRole('button', { name: 'Done' }).focus();
    await sidebar.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => tabs.allTextContents()).toEqual(['Sam Ortiz', 'Raj Patel']);
    await sidebar.getByRole('tab', { name: 'Raj Patel' }).press('ArrowRight');
    await expect.poll(() => sidebar.locator(profileEmail).textContent()).toBe('sam@northwind.io');
    expect(await sidebar.getByRole('tab', { selected: true }).textContent()).toBe('Sam Ortiz');
    await page.close();
  });

  it('remembers the collapsed state across a reload and gives the room back to Gmail', async () => {
    const { page, sidebar } = await k.openGmail('#inbox/18c4d5e6f7a8b9c0');
    await sidebar.getByRole('button', { name: 'Collapse sidebar' }).click();
    await expect.poll(async () => (await page.locator('#kizuna-sidebar').boundingBox())?.width).toBe(40);
    await page.reload();
    const again = await sidebarFrame(page, k.extensionId);
    await expect.poll(async () => (await page.locator('#kizuna-sidebar').boundingBox())?.width).toBe(40);
    expect(await page.evaluate(() => getComputedStyle(document.body).marginRight)).toBe('40px');
    await again.getByRole('button', { name: 'Open Kizuna sidebar' }).click();
    await expect.poll(async () => (await page.locator('#kizuna-sidebar').boundingBox())?.width).toBe(320);
    await page.close();
  });

  it('follows Gmail’s dark theme', async () => {
    await k.serveGmail({ user: ME, threads: SAMPLE_THREADS, theme: 'dark', layout: 'legacy' });
    const { page, sidebar } = await k.openGmail('#inbox/18c3c4d5e6f7a8b9');
    await expect.poll(() => sidebar.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await expect.poll(() => sidebar.locator(profileEmail).textContent()).toBe('taro.yamada@tanaka-shoji.co.jp');
    expect(await sidebar.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(31, 31, 31)');
    await k.serveGmail({ user: ME, threads: SAMPLE_THREADS });
    await page.close();
  });

  it('says so calmly when Gmail’s page is not what it expects', async () => {
    const { page, sidebar } = await k.openGmail('#inbox/18c1a2b3c4d5e6f7');
    await expect.poll(() => sidebar.locator(profileEmail).count()).toBe(1);
    await page.evaluate(() => {
      const main = document.getElementById('gmail-main')!;
      const strange = document.createElement('div');
      strange.className = 'gmail2027';
      strange.textContent = 'A layout Kizuna has never seen';
      main.replaceChildren(strange);
    });
    await expect.poll(() => sidebar.locator('[role="status"]').getAttribute('data-status')).toBe('layout-unknown');
    await page.close();
  });

  it('wrote no console errors from the extension in all of the above', () => {
    expect(k.errors).toEqual([]);
  });
});

describe('the sidebar in Japanese', () => {
  it('shows the Japanese UI when the browser language is Japanese', async () => {
    const ja = await launchKizuna({ lang: 'ja' });
    try {
      await ja.serveGmail({ user: ME, threads: SAMPLE_THREADS });
      const { sidebar } = await ja.openGmail('#inbox');
      await expect.poll(() => sidebar.locator('[role="status"]').textContent()).toBe('スレッドを開くと参加者が表示されます。');
      expect(await sidebar.getByRole('button', { name: '設定' }).count()).toBe(1);
      expect(ja.errors).toEqual([]);
    } finally {
      await ja.close();
    }
  });
});
