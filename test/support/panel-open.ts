// The side panel's first open as the benches and tests time it (issue 13): a click on Kizuna's button in Gmail, then the panel
// page over a CDP connection made after it opened. Unlike test/support/launch.ts's openPanel, it finds the panel
// without the service worker, so the worker may be stopped first (asleep, as after 30 s without events).
import { chromium, type Page } from 'playwright-core';
import { cdpEndpoint, type Kizuna } from './launch';

export interface PanelOpen {
  /** Absolute time (ms since epoch) just before the test's click call. */
  start: number;
  /** When Gmail's page got the click event: Playwright's steps before it (finding the button, checking that it can take a click) are no part of the user's wait. */
  click: number;
  panel: Page;
  close(): Promise<void>;
}

/**
 * Clicks "Open Kizuna side panel" in a Gmail page (`asleep`: the extension's service worker stopped first). The browser
 * must run with `userDataDir`. `file`: the panel page the click opens (the development build's floor page, dev-floor.html).
 */
export async function openPanelByClick(kizuna: Kizuna, userDataDir: string, page: Page, asleep = false, file = 'sidepanel.html'): Promise<PanelOpen> {
  const prefix = `chrome-extension://${kizuna.extensionId}/${file}?tabId=`;
  const cdp = await kizuna.context.browser()!.newBrowserCDPSession();
  const panels = async () => (await cdp.send('Target.getTargets')).targetInfos.filter((t) => t.type === 'page' && t.url.startsWith(prefix));
  // The panel opened by this click is the one that was not there before (the worker, which knows the tab ids, may sleep).
  const before = new Set((await panels()).map((t) => t.targetId));
  if (asleep) {
    const cdp = await kizuna.context.newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await cdp.detach();
  }
  await page.evaluate(() => addEventListener('click', (e) => ((self as unknown as { kizunaClick: number }).kizunaClick = performance.timeOrigin + e.timeStamp), { capture: true, once: true }));
  const start = await page.evaluate(() => performance.timeOrigin + performance.now());
  await page.getByRole('button', { name: 'Open Kizuna side panel' }).click();
  const click = await page.evaluate(() => (self as unknown as { kizunaClick: number }).kizunaClick);
  try {
    for (let i = 0; i < 600; i++) {
      const url = (await panels()).find((t) => !before.has(t.targetId))?.url;
      if (url) {
        const browser = await chromium.connectOverCDP(cdpEndpoint(userDataDir));
        const panel = browser
          .contexts()
          .flatMap((c) => c.pages())
          .find((p) => p.url() === url);
        if (panel) {
          await panel.evaluate('self.__name = self.__name || ((f) => f)');
          return { start, click, panel, close: () => browser.close() };
        }
        await browser.close();
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await cdp.detach();
  }
  throw new Error('the Kizuna side panel did not open');
}
