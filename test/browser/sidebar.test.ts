import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { backgroundSender } from '../support/background-messages';
import { launchKizuna, type Kizuna } from '../support/launch';
import { ME, SAMPLE_THREADS } from '../support/sample-threads';

let k: Kizuna;
beforeAll(async () => {
  k = await launchKizuna();
  await k.serveGmail({ user: ME, threads: SAMPLE_THREADS });
});
afterAll(async () => k?.close());

const profileEmail = '[data-testid="profile-email"]';
const POLL = { timeout: 10_000 };
/** Everything of Kizuna's in Gmail's page: only the hidden open button once a panel is connected. */
const kizunaInGmail = (page: Page) =>
  page.evaluate(() => ({
    frames: document.querySelectorAll('iframe').length,
    marginRight: getComputedStyle(document.body).marginRight,
    nodes: [...document.querySelectorAll('[id^="kizuna"]')].map((el) => `${el.id}:${(el as HTMLElement).style.display}`),
  }));

describe('the side panel next to Gmail (real Chromium, built extension, strict CSP and Trusted Types)', () => {
  it('opens from Kizuna’s button in Gmail and shows the thread correspondent, leaving Gmail’s page as it was', async () => {
    const page = await k.openGmailPage('#inbox/18c1a2b3c4d5e6f7');
    expect(await kizunaInGmail(page)).toEqual({ frames: 0, marginRight: '0px', nodes: ['kizuna-open:'] });
    const sidebar = await k.openPanel(page, 'button');
    expect(sidebar.url()).toBe(`chrome-extension://${k.extensionId}/sidepanel.html?tabId=${await k.tabId(page)}`);
    await expect.poll(() => sidebar.locator(profileEmail).textContent(), POLL).toBe('dana.lee@acme-corp.com');
    expect(await sidebar.getByLabel('Name', { exact: true }).inputValue()).toBe('Dana Lee');
    expect(await sidebar.getByLabel('Company', { exact: true }).inputValue()).toBe('Acme Corp');
    // The history loads beside the profile, after it painted (issue 13).
    await expect.poll(() => sidebar.locator('.history li').count(), POLL).toBe(3);
    // The open button steps aside while the panel is connected; nothing else of Kizuna's is in Gmail.
    await expect.poll(() => kizunaInGmail(page)).toEqual({ frames: 0, marginRight: '0px', nodes: ['kizuna-open:none'] });
    await page.close();
  });

  it('keeps a tag added with Enter, and reconnects to Gmail after a reload', async () => {
    const { page, sidebar } = await k.openGmail('#inbox/18c1a2b3c4d5e6f7');
    const input = sidebar.getByRole('combobox', { name: 'Add a tag' });
    await input.pressSequentially('Renewal 2027');
    await input.press('Enter');
    await expect.poll(() => sidebar.locator('.chip').allTextContents()).toEqual(['Renewal 2027×']);
    await page.reload();
    // The same panel document follows the reloaded Gmail: a thread switch after the reload reaches it.
    await page.evaluate(() => (location.hash = '#inbox/18c4d5e6f7a8b9c0'));
    await expect.poll(() => sidebar.locator(profileEmail).textContent(), POLL).toBe('kim.novak@gmail.com');
    await page.evaluate(() => (location.hash = '#inbox/18c1a2b3c4d5e6f7'));
    await expect.poll(() => sidebar.locator('.chip span').allTextContents(), POLL).toEqual(['Renewal 2027']);
    await sidebar.getByRole('combobox', { name: 'Add a tag' }).press('Backspace');
    await expect.poll(() => sidebar.locator('.chip').count()).toBe(0);
    await page.close();
  });

  it('follows in-place thread switches', async () => {
    const { page, sidebar } = await k.openGmail('#inbox/18c1a2b3c4d5e6f7');
    await expect.poll(() => sidebar.locator(profileEmail).textContent(), POLL).toBe('dana.lee@acme-corp.com');
    await page.evaluate(() => (location.hash = '#inbox/18c4d5e6f7a8b9c0'));
    await expect.poll(() => sidebar.locator(profileEmail).textContent()).toBe('kim.novak@gmail.com');
    expect(await sidebar.getByLabel('Company', { exact: true }).inputValue()).toBe('');
    await page.evaluate(() => (location.hash = '#inbox'));
    await expect.poll(() => sidebar.locator('[role="status"]').textContent()).toBe('Open a thread to see the people in it.');
    await page.close();
  });

  it('paints a profile switched back to in a frame of its own: its details come in a task after that frame', async () => {
    const { page, sidebar } = await k.openGmail('#inbox/18c1a2b3c4d5e6f7');
    const details = '.contact-tasks, [data-testid="risk"]';
    await expect.poll(() => sidebar.locator(details).count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.evaluate(() => (location.hash = '#inbox/18c4d5e6f7a8b9c0'));
    await expect.poll(() => sidebar.locator(profileEmail).textContent(), { timeout: 30_000 }).toBe('kim.novak@gmail.com');
    await expect.poll(() => sidebar.locator(details).count(), { timeout: 30_000 }).toBeGreaterThan(0);
    // Details put into the DOM in the task of the frame that marks the profile painted (its callbacks and microtasks) are
    // counted apart from those put in later.
    await sidebar.evaluate((selector) => {
      const seen = { inPaintedFrame: 0, later: 0 };
      (window as unknown as { kizunaDetails: typeof seen }).kizunaDetails = seen;
      let inFrame = false;
      const mark = performance.mark.bind(performance);
      performance.mark = (name: string, options?: PerformanceMarkOptions) => {
        if (name === 'kizuna:profile-painted') {
          inFrame = true;
          setTimeout(() => (inFrame = false), 0);
        }
        return mark(name, options);
      };
      new MutationObserver((records) => {
        for (const r of records) for (const n of r.addedNodes) if (n instanceof Element && (n.matches(selector) || n.querySelector(selector))) seen[inFrame ? 'inPaintedFrame' : 'later']++;
      }).observe(document.body, { childList: true, subtree: true });
    }, details);
    // Back to the first thread: its contact is kept, so its details are on hand at once.
    await page.evaluate(() => (location.hash = '#inbox/18c1a2b3c4d5e6f7'));
    await expect.poll(() => sidebar.locator(profileEmail).textContent(), { timeout: 30_000 }).toBe('dana.lee@acme-corp.com');
    const counted = () => sidebar.evaluate(() => (window as unknown as { kizunaDetails: { inPaintedFrame: number; later: number } }).kizunaDetails);
    await expect.poll(async () => Object.values(await counted()).reduce((a, b) => a + b), { timeout: 30_000 }).toBeGreaterThan(0);
    expect((await counted()).inPaintedFrame).toBe(0);
    await page.close();
  });

  it('gives two Gmail tabs each their own panel, one opened from the toolbar icon', async () => {
    const { page: a, sidebar: panelA } = await k.openGmail('#inbox/18c1a2b3c4d5e6f7');
    const b = await k.openGmailPage('#inbox/18c4d5e6f7a8b9c0');
    const panelB = await k.openPanel(b, 'toolbar');
    expect(panelB.url()).not.toBe(panelA.url());
    await expect.poll(() => panelB.locator(profileEmail).textContent(), POLL).toBe('kim.novak@gmail.com');
    await expect.poll(() => panelA.locator(profileEmail).textContent(), POLL).toBe('dana.lee@acme-corp.com');
    await b.evaluate(() => (location.hash = '#inbox/18c3c4d5e6f7a8b9'));
    await expect.poll(() => panelB.locator(profileEmail).textContent()).toBe('taro.yamada@tanaka-shoji.co.jp');
    expect(await panelA.locator(profileEmail).textContent()).toBe('dana.lee@acme-corp.com');
    await b.close();
    await a.close();
  });

  it('lists every external participant, starts on the last external sender, and leaves out the user and aliases', async () => {
    const { page, sidebar } = await k.openGmail('#inbox/18c2b3c4d5e6f7a8');
    const tabs = sidebar.getByRole('tab');
    await expect.poll(() => tabs.allTextContents(), POLL).toEqual(['Sam Ortiz', 'Raj Patel', 'Kizuna Sales']);
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

  it('follows Gmail’s dark theme', async () => {
    await k.serveGmail({ user: ME, threads: SAMPLE_THREADS, theme: 'dark', layout: 'legacy' });
    const { page, sidebar } = await k.openGmail('#inbox/18c3c4d5e6f7a8b9');
    await expect.poll(() => sidebar.evaluate(() => document.documentElement.dataset.theme), POLL).toBe('dark');
    await expect.poll(() => sidebar.locator(profileEmail).textContent()).toBe('taro.yamada@tanaka-shoji.co.jp');
    expect(await sidebar.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(31, 31, 31)');
    await k.serveGmail({ user: ME, threads: SAMPLE_THREADS });
    await page.close();
  });

  it('says so calmly when Gmail’s page is not what it expects, and looks a contact up by address', async () => {
    const { page, sidebar } = await k.openGmail('#inbox/18c1a2b3c4d5e6f7');
    await expect.poll(() => sidebar.locator(profileEmail).count(), POLL).toBe(1);
    await page.evaluate(() => {
      const main = document.getElementById('gmail-main')!;
      const strange = document.createElement('div');
      strange.className = 'gmail2027';
      strange.textContent = 'A layout Kizuna has never seen';
      main.replaceChildren(strange);
    });
    await expect.poll(() => sidebar.locator('[role="status"]').first().getAttribute('data-status')).toBe('layout-unknown');
    // It offers what it can: a contact looked up by the address the user sees.
    const address = sidebar.getByLabel('Look up a contact by address');
    await address.pressSequentially('nobody@example.org');
    await address.press('Enter');
    await expect.poll(() => sidebar.getByText('No contact has the address nobody@example.org yet.').count()).toBe(1);
    await address.fill('Dana.Lee@acme-corp.com');
    await sidebar.getByRole('button', { name: 'Look up' }).click();
    await expect.poll(() => sidebar.locator(profileEmail).textContent()).toBe('dana.lee@acme-corp.com');
    await page.close();
  });

  it('shows its default page without a Gmail tab calmly, without errors', async () => {
    const page = await k.context.newPage();
    await page.goto(`chrome-extension://${k.extensionId}/sidepanel.html`);
    await expect.poll(() => page.locator('[role="status"]').getAttribute('data-status'), POLL).toBe('no-tab');
    await page.close();
  });

  it('stays in front, with its panel painting, while a test or bench sends the background a message', async () => {
    const { page, sidebar } = await k.openGmail('#inbox/18c1a2b3c4d5e6f7');
    await expect.poll(() => sidebar.locator(profileEmail).textContent(), POLL).toBe('dana.lee@acme-corp.com');
    const sender = await backgroundSender(k);
    try {
      const active = await k.worker.evaluate(async () => {
        const { chrome } = globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<{ id?: number }[]> } } };
        return (await chrome.tabs.query({ active: true })).map((t) => t.id);
      });
      expect(active).toEqual([await k.tabId(page)]);
      // A hidden side panel gets no animation frames.
      const frame = () => sidebar.evaluate(() => Promise.race([new Promise((r) => requestAnimationFrame(() => r('frame'))), new Promise((r) => setTimeout(() => r('none'), 2000))]));
      expect(await frame()).toBe('frame');
      expect(await sender.send({ type: 'kizuna:alerts-changed', ids: [] })).toBe(0);
    } finally {
      await sender.close();
      await page.close();
    }
  });

  it('wrote no console errors from the extension in all of the above', () => {
    expect(k.errors).toEqual([]);
  });
});

describe('the side panel in Japanese', () => {
  it('shows the Japanese UI, and the button in Gmail is still named for Kizuna', async () => {
    const ja = await launchKizuna({ lang: 'ja' });
    try {
      await ja.serveGmail({ user: ME, threads: SAMPLE_THREADS });
      const page = await ja.openGmailPage('#inbox');
      const button = page.getByRole('button', { name: /Kizuna/ });
      expect(await button.getAttribute('aria-label')).toBe('Kizuna のサイドパネルを開く');
      await button.click();
      const sidebar = await ja.panel(page);
      await expect.poll(() => sidebar.locator('[role="status"]').textContent(), POLL).toBe('スレッドを開くと参加者が表示されます。');
      expect(await sidebar.getByRole('button', { name: '設定' }).count()).toBe(1);
      expect(ja.errors).toEqual([]);
    } finally {
      await ja.close();
    }
  });
});
