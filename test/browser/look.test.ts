import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_SETTINGS, demoRows } from '../../scripts/demo-data';
import { launchKizuna, type Kizuna } from '../support/launch';
import { ME, SAMPLE_THREADS } from '../support/sample-threads';
import { seedRows } from '../support/seed';

const POLL = { timeout: 15_000 };
declare const chrome: { storage: { local: { set(items: object): Promise<void> } } };

let k: Kizuna;
beforeAll(async () => {
  k = await launchKizuna();
  await seedRows(k.worker, demoRows());
  await k.worker.evaluate((settings) => chrome.storage.local.set({ settings: { aliases: ['alex@kizuna-demo.com'], ...settings } }), DEMO_SETTINGS);
  await k.serveGmail({ user: ME, threads: SAMPLE_THREADS });
});
afterAll(async () => k?.close());

/** Each place a snippet's text wraps onto a new line: the characters either side of the break. */
const snippetBreaks = (panel: Page) =>
  panel.locator('.history .snippet').evaluateAll((snippets) =>
    snippets.flatMap((el) => {
      const text = el.firstChild;
      if (!text || text.nodeType !== Node.TEXT_NODE) return [];
      const value = text.textContent ?? '';
      const range = document.createRange();
      const tops = [...value].map((_, i) => {
        range.setStart(text, i);
        range.setEnd(text, i + 1);
        return range.getClientRects()[0]?.top ?? NaN;
      });
      return tops.flatMap((top, i) => (i > 0 && top > tops[i - 1] + 2 ? [value.slice(Math.max(0, i - 3), i) + '|' + value.slice(i, i + 3)] : []));
    }),
  );

describe('the look of the side panel and the contact page (real Chromium, built extension)', () => {
  it('wraps history snippets in the side panel between words, never inside one', async () => {
    const { sidebar } = await k.openGmail(`#inbox/${SAMPLE_THREADS[0].id}`);
    await expect.poll(() => sidebar.locator('.history .snippet').count(), POLL).toBeGreaterThan(1);
    const breaks = await snippetBreaks(sidebar);
    expect(breaks.length).toBeGreaterThan(0);
    // A break sits after a space (or a hyphen): "…at |oth…", never "…ks t|oo…".
    expect(breaks.filter((b) => !/[\s-]\|/.test(b))).toEqual([]);
  });

  it('shows the contact’s name once as the page title, and its email once', async () => {
    const page = await k.context.newPage();
    await page.goto(`chrome-extension://${k.extensionId}/app.html#/contact/1`);
    await page.getByRole('heading', { name: 'Dana Lee' }).waitFor(POLL);
    expect(await page.getByRole('heading', { name: 'Dana Lee' }).count()).toBe(1);
    // The name is still editable, as a field of the profile (not a second, large copy above it).
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Dana Lee');
    expect(await page.locator('.profile > .editable').count()).toBe(0);
    expect(await page.getByText('dana.lee@acme-corp.com', { exact: true }).count()).toBe(1);
    // The company once, as a themed link in the header (not the browser's default blue).
    const link = page.locator('.ui-page-header').getByRole('link', { name: 'Acme Corp' });
    const [linkColour, token] = await link.evaluate((a) => [getComputedStyle(a).color, getComputedStyle(document.documentElement).getPropertyValue('--link').trim()]);
    expect(token).not.toBe('');
    expect(linkColour).not.toBe('rgb(0, 0, 238)');
    expect(linkColour).not.toBe('rgb(85, 26, 139)');
    await page.close();
  });
});
