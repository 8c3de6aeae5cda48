import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { EXTENSION_ORIGIN, launchFirefox, pollUntil, type KizunaFirefox } from '../support/firefox';
import { ME, SAMPLE_THREADS } from '../support/sample-threads';

let ff: KizunaFirefox;
beforeAll(async () => {
  // The sidebar is open, as a user's is: the real sidebar_action panel follows the active Gmail tab.
  ff = await launchFirefox({ sidebarOpen: true });
  ff.serveGmail({ user: ME, threads: SAMPLE_THREADS });
});
afterAll(async () => ff?.close());

/** The Gmail tab ids the add-on sees, asked from one of its pages. */
const gmailTabIds = (extensionPage: Page) =>
  extensionPage.evaluate(async () => {
    const b = (globalThis as unknown as { browser: { tabs: { query(q: object): Promise<{ id: number }[]> } } }).browser;
    return (await b.tabs.query({ url: 'https://mail.google.com/*' })).map((t) => t.id);
  });
const text = (page: Page, selector: string) => page.evaluate((s) => document.querySelector(s)?.textContent ?? null, selector);

/** Whether the add-on's IndexedDB has the tag, with the contact among its members (lib/contacts/membership.ts). */
const storedTag = (page: Page, name: string, email: string) =>
  page.evaluate(
    ({ name, email }) =>
      new Promise<{ tag: string | null; member: boolean }>((resolve, reject) => {
        const open = indexedDB.open('kizuna');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['tags', 'tagMembers', 'contacts']);
          const tags = tx.objectStore('tags').getAll();
          const members = tx.objectStore('tagMembers').getAll();
          const contact = tx.objectStore('contacts').index('email').get(email);
          tx.oncomplete = () => {
            const tag = (tags.result as { id: number; name: string }[]).find((t) => t.name === name);
            const id = (contact.result as { id: number } | undefined)?.id;
            const rows = members.result as { tagId: number; ids: number[] }[];
            resolve({ tag: tag?.name ?? null, member: rows.some((r) => r.tagId === tag?.id && id !== undefined && r.ids.includes(id)) });
            open.result.close();
          };
        };
      }),
    { name, email },
  );

type SidebarView = { url: string; email: string | null; chips: string[] } | null;
/**
 * What Firefox's real sidebar (sidebar_action) shows, read from another extension page: BiDi does not list the
 * sidebar as a page, but `extension.getViews({ type: 'sidebar' })` gives its window.
 */
const sidebarView = (extensionPage: Page): Promise<SidebarView> =>
  extensionPage.evaluate(() => {
    const b = (globalThis as unknown as { browser: { extension: { getViews(q: object): Window[] } } }).browser;
    const [view] = b.extension.getViews({ type: 'sidebar' });
    if (!view) return null;
    const doc = view.document;
    return {
      url: view.location.href,
      email: doc.querySelector('[data-testid="profile-email"]')?.textContent ?? null,
      chips: [...doc.querySelectorAll('.chip span')].map((el) => el.textContent ?? ''),
    };
  });

describe('Kizuna in Firefox ESR (WebDriver BiDi, built add-on, Gmail fixture over HTTPS)', () => {
  let gmail: Page;
  let panel: Page;
  let tabId: number;

  it('installs, and its content script reads Gmail without adding anything to Gmail’s page', async () => {
    gmail = await ff.openGmail('#inbox/18c1a2b3c4d5e6f7');
    const probe = await ff.openExtensionPage('/sidepanel.html');
    const ids = await pollUntil(
      () => gmailTabIds(probe),
      (found) => found.length > 0,
    );
    expect(ids).toHaveLength(1);
    tabId = ids![0];
    // The background heard the content script's hello: this tab's sidebar is its own panel page.
    const panelUrl = await pollUntil(
      () => probe.evaluate(async (id) => (globalThis as unknown as { browser: { sidebarAction: { getPanel(d: object): Promise<string> } } }).browser.sidebarAction.getPanel({ tabId: id }), tabId),
      `${EXTENSION_ORIGIN}/sidepanel.html?tabId=${tabId}`,
    );
    expect(panelUrl).toBe(`${EXTENSION_ORIGIN}/sidepanel.html?tabId=${tabId}`);
    await probe.close();
    expect(
      await gmail.evaluate(() => ({
        frames: document.querySelectorAll('iframe').length,
        kizuna: document.querySelectorAll('[id^="kizuna"]').length,
        margin: getComputedStyle(document.body).marginRight,
      })),
    ).toEqual({ frames: 0, kizuna: 0, margin: '0px' });
  });

  it('shows the thread’s contact in the panel and follows a thread switch', async () => {
    panel = await ff.openExtensionPage(`/sidepanel.html?tabId=${tabId}`);
    expect(await pollUntil(() => text(panel, '[data-testid="profile-email"]'), 'dana.lee@acme-corp.com')).toBe('dana.lee@acme-corp.com');
    await gmail.evaluate(() => (location.hash = '#inbox/18c4d5e6f7a8b9c0'));
    expect(await pollUntil(() => text(panel, '[data-testid="profile-email"]'), 'kim.novak@gmail.com')).toBe('kim.novak@gmail.com');
    await gmail.evaluate(() => (location.hash = '#inbox/18c1a2b3c4d5e6f7'));
    expect(await pollUntil(() => text(panel, '[data-testid="profile-email"]'), 'dana.lee@acme-corp.com')).toBe('dana.lee@acme-corp.com');
  });

  it('keeps a tag typed in the panel in the add-on’s IndexedDB', async () => {
    // The tag field comes in after the profile painted (issue 13): wait for it, not for a fixed time.
    await panel.waitForSelector('input[aria-label="Add a tag"]');
    await panel.focus('input[aria-label="Add a tag"]');
    await panel.keyboard.type('Renewal 2027');
    await panel.keyboard.press('Enter');
    const chips = () => panel.evaluate(() => [...document.querySelectorAll('.chip span')].map((el) => el.textContent));
    expect(await pollUntil(chips, ['Renewal 2027'])).toEqual(['Renewal 2027']);
    // In the database: the tag row, and Dana among its members.
    const stored = () => storedTag(panel, 'Renewal 2027', 'dana.lee@acme-corp.com');
    expect(await pollUntil(stored, { tag: 'Renewal 2027', member: true })).toEqual({ tag: 'Renewal 2027', member: true });
    // A new panel document reads it back.
    await panel.close();
    panel = await ff.openExtensionPage(`/sidepanel.html?tabId=${tabId}`);
    expect(await pollUntil(chips, ['Renewal 2027'])).toEqual(['Renewal 2027']);
  });

  it('says in the panel that the in-Gmail dock is not available in Firefox when it is switched on', async () => {
    await panel.evaluate(async () => {
      const b = (globalThis as unknown as { browser: { storage: { local: { get(k: string): Promise<Record<string, object>>; set(v: object): Promise<void> } } } }).browser;
      const { settings } = await b.storage.local.get('settings');
      await b.storage.local.set({ settings: { ...settings, gmailDock: true } });
    });
    const note = () => panel.evaluate(() => document.querySelector('[data-dock-fallback]')?.getAttribute('data-dock-fallback') ?? null);
    expect(await pollUntil(note, 'firefox')).toBe('firefox');
    expect(await gmail.evaluate(() => document.querySelectorAll('#kizuna-dock, iframe').length)).toBe(0);
  });

  it('the real sidebar (sidebar_action) shows the Gmail tab’s contact, follows a thread switch, and keeps a tag added in it', async () => {
    const probe = await ff.openExtensionPage('/sidepanel.html');
    // Gmail's tab active again: the sidebar shows that tab's own panel page.
    await gmail.bringToFront();
    const shows = (email: string) => (view: SidebarView) => view?.url === `${EXTENSION_ORIGIN}/sidepanel.html?tabId=${tabId}` && view.email === email;
    expect(await pollUntil(() => sidebarView(probe), shows('dana.lee@acme-corp.com'))).toMatchObject({ email: 'dana.lee@acme-corp.com' });
    await gmail.evaluate(() => (location.hash = '#inbox/18c4d5e6f7a8b9c0'));
    expect(await pollUntil(() => sidebarView(probe), shows('kim.novak@gmail.com'))).toMatchObject({ email: 'kim.novak@gmail.com' });

    // The tag field comes in after the profile painted (issue 13: one read before the paint).
    const tagField = () =>
      probe.evaluate(() => {
        const b = (globalThis as unknown as { browser: { extension: { getViews(q: object): (Window & typeof globalThis)[] } } }).browser;
        const [view] = b.extension.getViews({ type: 'sidebar' });
        return !!view?.document.querySelector('input[aria-label="Add a tag"]');
      });
    expect(await pollUntil(tagField, true)).toBe(true);
    // No real key input reaches the sidebar over BiDi: the value is set as React's input reads it, then Enter.
    await probe.evaluate((name) => {
      const b = (globalThis as unknown as { browser: { extension: { getViews(q: object): (Window & typeof globalThis)[] } } }).browser;
      const [view] = b.extension.getViews({ type: 'sidebar' });
      const input = view.document.querySelector<HTMLInputElement>('input[aria-label="Add a tag"]')!;
      input.focus();
      Object.getOwnPropertyDescriptor(view.HTMLInputElement.prototype, 'value')!.set!.call(input, name);
      input.dispatchEvent(new view.Event('input', { bubbles: true }));
      input.dispatchEvent(new view.KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    }, 'Renewal 2028');
    expect(
      await pollUntil(
        () => sidebarView(probe),
        (view) => view?.chips.includes('Renewal 2028') ?? false,
      ),
    ).toMatchObject({ chips: ['Renewal 2028'] });
    expect(await pollUntil(() => storedTag(probe, 'Renewal 2028', 'kim.novak@gmail.com'), { tag: 'Renewal 2028', member: true })).toEqual({ tag: 'Renewal 2028', member: true });
    await probe.close();
  });

  it('reconnects after Gmail reloads', async () => {
    await gmail.reload();
    await gmail.evaluate(() => (location.hash = '#inbox/18c4d5e6f7a8b9c0'));
    expect(await pollUntil(() => text(panel, '[data-testid="profile-email"]'), 'kim.novak@gmail.com')).toBe('kim.novak@gmail.com');
  });
});
