import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchKizuna, type Kizuna } from '../support/launch';
import { ME, SAMPLE_THREADS } from '../support/sample-threads';
import { seedRows } from '../support/seed';

// Issue 13: the side panel's first module paints the thread's contact from raw reads (entrypoints/sidebar/first-paint.ts)
// before the app's code has loaded; the app then takes over (hand-over.ts) with the same elements in the same places.
// The panel page runs in a tab here (it follows its Gmail tab the same way), where the browser's requests for the
// app's chunk can be held back.

const MOUNT_CHUNK = /^chrome-extension:\/\/[^/]+\/chunks\/mount-[^/]+\.js$/;
const DANA = 'dana.lee@acme-corp.com';
// What the first paint and the app must both show, at the same place: each element's text or value, and its box.
const SHOWN = [
  'header.bar h1',
  'header.bar button[aria-label="Settings"]',
  'input[aria-label="Name"]',
  '[data-testid="profile-email"]',
  'input[aria-label="Company"]',
  '#stage',
  'input[aria-label="Owner"]',
  'input[aria-label="Revenue"]',
  'button.open-app',
  '.risk-badge',
];

async function seed(k: Kizuna): Promise<void> {
  await k.serveGmail({ user: ME, threads: SAMPLE_THREADS });
  const now = Date.now();
  await seedRows(k.worker, {
    companies: [{ id: 1, domain: 'acme-corp.com', name: 'Acme Corp', fields: {} }],
    contacts: [
      { id: 1, email: DANA, name: 'Dana Lee', companyId: 1, tags: [], stage: 'customer', owner: 'Mika Sato', custom: { revenue: '12000' }, doNotContact: 0, createdAt: now, updatedAt: now, risk: 67 },
    ],
  });
  // A custom field holding money: both format it in the UI language's currency.
  await k.worker.evaluate(() => {
    const { chrome } = globalThis as unknown as { chrome: { storage: { local: { set(items: object): Promise<void> } } } };
    return chrome.storage.local.set({ settings: { customFields: [{ key: 'revenue', label: 'Revenue' }] } });
  });
}

/** Opens the panel page of a Gmail tab in a tab of its own, the browser holding back the app's chunk until `release`. */
async function openHeld(k: Kizuna, gmail: Page): Promise<{ panel: Page; requested: () => boolean; release: () => Promise<void> }> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let requested = false;
  const hold = async (route: { continue(): Promise<void> }) => {
    requested = true;
    await held;
    await route.continue();
  };
  await k.context.route(MOUNT_CHUNK, hold);
  const panel = await k.context.newPage();
  await panel.goto(`chrome-extension://${k.extensionId}/sidepanel.html?tabId=${await k.tabId(gmail)}`);
  return { panel, requested: () => requested, release: async () => (release(), k.context.unroute(MOUNT_CHUNK, hold)) };
}

/** Each of SHOWN's text or value and box in the panel, with whether it can be edited. */
const shown = (panel: Page) =>
  panel.evaluate((selectors) => {
    const one = (selector: string) => {
      const element = document.querySelector(selector);
      if (!element) return null;
      const { x, y, width, height } = element.getBoundingClientRect();
      const text = element instanceof HTMLInputElement || element instanceof HTMLSelectElement ? element.value : element.textContent;
      return { text, box: [x, y, width, height].map((n) => Math.round(n)) };
    };
    return Object.fromEntries(selectors.map((s) => [s, one(s)]));
  }, SHOWN);

const marks = (panel: Page) => panel.evaluate(() => performance.getEntriesByType('mark').map((m) => ({ name: m.name, at: m.startTime, detail: (m as PerformanceMark).detail as unknown })));

describe('the side panel’s first paint (real Chromium, the app’s chunk held back)', () => {
  let k: Kizuna;
  beforeAll(async () => {
    k = await launchKizuna();
    await seed(k);
  });
  afterAll(async () => k?.close());

  it('shows the thread’s contact with its stored score before the app’s code has loaded, and the app takes its place without a shift', async () => {
    const gmail = await k.openGmailPage(`#inbox/${SAMPLE_THREADS[0].id}`);
    const { panel, requested, release } = await openHeld(k, gmail);
    await expect.poll(() => panel.locator('[data-testid="profile-email"]').textContent(), { timeout: 30_000 }).toBe(DANA);
    const first = await shown(panel);
    expect(first).toEqual({
      'header.bar h1': { text: 'Kizuna', box: expect.any(Array) },
      'header.bar button[aria-label="Settings"]': { text: '', box: expect.any(Array) },
      'input[aria-label="Name"]': { text: 'Dana Lee', box: expect.any(Array) },
      '[data-testid="profile-email"]': { text: DANA, box: expect.any(Array) },
      'input[aria-label="Company"]': { text: 'Acme Corp', box: expect.any(Array) },
      '#stage': { text: 'customer', box: expect.any(Array) },
      'input[aria-label="Owner"]': { text: 'Mika Sato', box: expect.any(Array) },
      'input[aria-label="Revenue"]': { text: '$12,000', box: expect.any(Array) },
      'button.open-app': { text: 'Open in Kizuna', box: expect.any(Array) },
      '.risk-badge': { text: 'Churn risk67 pointsMedium▾', box: expect.any(Array) },
    });
    expect(await panel.locator('#stage option:checked').textContent()).toBe('Customer');
    // Painted by the first module: the app's chunk was asked for and is still held back, so the app has not mounted.
    expect(requested()).toBe(true);
    const before = await marks(panel);
    expect(before.map((m) => m.name)).not.toContain('kizuna:mount');
    expect(before.find((m) => m.name === 'kizuna:profile-painted')?.detail).toBe(DANA);
    // Read-only until the app takes over: nothing typed here could be kept.
    expect(await panel.locator('input[aria-label="Name"]').getAttribute('readonly')).toBe('');

    await release();
    await panel.waitForFunction(() => performance.getEntriesByName('kizuna:takeover').length > 0, undefined, { timeout: 30_000 });
    expect(await shown(panel)).toEqual(first);
    expect(await panel.locator('input[aria-label="Name"]').getAttribute('readonly')).toBeNull();
    expect(await panel.locator('main').count()).toBe(1);
    await panel.close();
    await gmail.close();
  });

  it('keeps the keyboard focus on the same field when the app takes over', async () => {
    const gmail = await k.openGmailPage(`#inbox/${SAMPLE_THREADS[0].id}`);
    const { panel, release } = await openHeld(k, gmail);
    await expect.poll(() => panel.locator('[data-testid="profile-email"]').textContent(), { timeout: 30_000 }).toBe(DANA);
    await panel.locator('input[aria-label="Company"]').focus();
    await release();
    await panel.waitForFunction(() => performance.getEntriesByName('kizuna:takeover').length > 0, undefined, { timeout: 30_000 });
    const focused = await panel.evaluate(() => {
      const element = document.activeElement as HTMLInputElement;
      return { label: element.getAttribute('aria-label'), readOnly: element.readOnly, attached: document.getElementById('root')!.contains(element) };
    });
    expect(focused).toEqual({ label: 'Company', readOnly: false, attached: true });
    // The app's own field: what the user types now is kept.
    await panel.keyboard.press('End');
    await panel.keyboard.type(' Inc');
    await panel.keyboard.press('Enter');
    await expect.poll(() => panel.locator('input[aria-label="Company"]').inputValue(), { timeout: 30_000 }).toBe('Acme Corp Inc');
    await panel.close();
    await gmail.close();
  });

  it('wrote no console errors from the extension', () => {
    expect(k.errors).toEqual([]);
  });
});

describe('the side panel’s first paint in Japanese', () => {
  it('is in the browser’s language', async () => {
    const ja = await launchKizuna({ lang: 'ja' });
    try {
      await seed(ja);
      const gmail = await ja.openGmailPage(`#inbox/${SAMPLE_THREADS[0].id}`);
      const { panel, release } = await openHeld(ja, gmail);
      await expect.poll(() => panel.locator('[data-testid="profile-email"]').textContent(), { timeout: 30_000 }).toBe(DANA);
      expect(await panel.evaluate(() => document.documentElement.lang)).toBe('ja');
      expect(await panel.getByLabel('会社', { exact: true }).inputValue()).toBe('Acme Corp');
      expect(await panel.locator('#stage option:checked').textContent()).toBe('顧客');
      expect(await panel.locator('.risk-score').textContent()).toBe('67 点');
      expect(await panel.locator('.risk-band').textContent()).toBe('中');
      expect(await panel.locator('input[aria-label="Revenue"]').inputValue()).toBe('￥12,000');
      expect((await marks(panel)).map((m) => m.name)).not.toContain('kizuna:mount');
      await release();
      await panel.close();
      expect(ja.errors).toEqual([]);
    } finally {
      await ja.close();
    }
  });
});
