import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchKizuna, type Kizuna } from '../support/launch';
import { ME, SAMPLE_THREADS } from '../support/sample-threads';

let k: Kizuna;
beforeAll(async () => {
  k = await launchKizuna();
});
afterAll(async () => k?.close());

const setDock = (on: boolean) =>
  k.worker.evaluate(async (gmailDock) => {
    const { chrome } = globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, object>>; set(items: object): Promise<void> } } } };
    const { settings } = await chrome.storage.local.get('settings');
    await chrome.storage.local.set({ settings: { ...settings, gmailDock } });
  }, on);
const box = async (page: Page, selector: string) => (await page.locator(selector).first().boundingBox())!;
/** Gmail's own inline styles on the parts the dock touches. */
const gmailStyles = (page: Page) => page.evaluate(() => [document.querySelector('.nn.bkK'), document.querySelector('div.dw .no')].map((el) => (el as HTMLElement | null)?.style.cssText));

describe('the optional in-Gmail dock (real Chromium, built extension)', () => {
  it('docks in Gmail’s side-panel column beside an open compose window, covering nothing, and leaves no trace when switched off', async () => {
    await k.serveGmail({ user: ME, threads: SAMPLE_THREADS, sidePanelColumn: true, compose: true });
    const page = await k.openGmailPage('#inbox/18c1a2b3c4d5e6f7');
    const before = await gmailStyles(page);
    await setDock(true);
    await page.locator('#kizuna-dock iframe').waitFor({ timeout: 15_000 });
    const frame = page.frameLocator('#kizuna-dock iframe');
    await expect.poll(() => frame.locator('[data-testid="profile-email"]').textContent(), { timeout: 15_000 }).toBe('dana.lee@acme-corp.com');

    await page.locator('[data-kizuna-reply]').click();
    await page.locator('.M9 [contenteditable]').waitFor();
    const dock = await box(page, '#kizuna-dock');
    const viewport = page.viewportSize()!;
    expect(dock.width).toBe(320);
    // In the column, left of Gmail's icon rail, inside the window.
    const icons = await box(page, '.brC-aT5-aOt-Jw');
    expect(icons.x).toBeGreaterThanOrEqual(dock.x + dock.width - 1);
    expect(icons.x + icons.width).toBeLessThanOrEqual(viewport.width + 1);
    // Gmail's main container gave up the room: the message text, the reply box and the compose window are all left of the dock.
    expect((await box(page, '.nn.bkK')).x + (await box(page, '.nn.bkK')).width).toBeLessThanOrEqual(dock.x + 1);
    for (const selector of ['.a3s', '.M9', '[role="dialog"][aria-label="New Message"]']) {
      for (const el of await page.locator(selector).all()) {
        const b = (await el.boundingBox())!;
        expect(b.x + b.width, selector).toBeLessThanOrEqual(dock.x + 1);
      }
    }
    // The dock is the tab's Kizuna: the open button steps aside.
    await expect.poll(() => page.evaluate(() => (document.getElementById('kizuna-open') as HTMLElement).style.display)).toBe('none');
    // It follows a thread switch.
    await page.evaluate(() => (location.hash = '#inbox/18c4d5e6f7a8b9c0'));
    await expect.poll(() => frame.locator('[data-testid="profile-email"]').textContent()).toBe('kim.novak@gmail.com');

    await setDock(false);
    await expect.poll(() => page.locator('#kizuna-dock, iframe').count()).toBe(0);
    expect(await gmailStyles(page)).toEqual(before);
    await page.close();
  });

  it('without Gmail’s side-panel column, stays out of Gmail and says why in the side panel', async () => {
    await setDock(true);
    await k.serveGmail({ user: ME, threads: SAMPLE_THREADS, compose: true });
    const { page, sidebar } = await k.openGmail('#inbox/18c1a2b3c4d5e6f7');
    await expect.poll(() => sidebar.locator('[data-dock-fallback]').getAttribute('data-dock-fallback'), { timeout: 10_000 }).toBe('no-column');
    expect(await sidebar.locator('[data-dock-fallback]').textContent()).toContain('could not find Gmail’s side-panel column');
    await expect.poll(() => sidebar.locator('[data-testid="profile-email"]').textContent()).toBe('dana.lee@acme-corp.com');
    expect(await page.locator('#kizuna-dock, iframe').count()).toBe(0);
    await setDock(false);
    await page.close();
  });

  it('wrote no console errors', () => {
    expect(k.errors).toEqual([]);
  });
});
