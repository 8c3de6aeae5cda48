/**
 * Launches Chromium with the built extension and serves Gmail-shaped fixtures at the real Gmail URL,
 * following the verified facts in docs/browser-testing.md. Used by browser tests, `npm start`
 * and the benchmarks.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page, type Worker } from 'playwright-core';
import { gmailHeaders, gmailPage, type FixtureOptions } from './gmail-fixture';

export const EXTENSION_DIR = resolve(import.meta.dirname, '../..', process.env.KIZUNA_OUT_DIR ?? '.output', 'chrome-mv3');
/** The development build (`npm run build:dev`: WXT_DEV_HOOKS=1), for the tests and benches that need its hooks (docs/dev-hooks.md). */
export const DEV_EXTENSION_DIR = resolve(import.meta.dirname, '../..', process.env.KIZUNA_DEV_OUT_DIR ?? '.output-dev', 'chrome-mv3');
export const GMAIL_URL = 'https://mail.google.com/mail/u/0/';

// Playwright's own --disable-features list minus ThirdPartyStoragePartitioning: Chromium keeps only
// the last --disable-features switch, and with partitioning off Dexie cannot open in the extension
// iframe on mail.google.com (real Chrome has partitioning on).
const DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
].join(',');

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  const found = candidates.find((p) => p && existsSync(p));
  if (!found) throw new Error('Chromium not found: install Debian chromium (apt-get install chromium) or set CHROMIUM_PATH');
  return found;
}

export interface Kizuna {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  /** The profile's folder (its DevToolsActivePort file gives the DevTools port: test/support/devtools.ts). */
  userDataDir: string;
  /** Console errors and page errors seen in any page or frame (the extension's included). */
  errors: string[];
  /** Serves a Gmail fixture for every mail.google.com request from now on. */
  serveGmail(options: FixtureOptions): Promise<void>;
  /** Opens Gmail at a hash (e.g. "#inbox/18c1…"), opens its side panel with Kizuna's button in Gmail, and returns both. */
  openGmail(hash: string): Promise<{ page: Page; sidebar: Page }>;
  /** Opens Gmail at a hash without opening the panel. */
  openGmailPage(hash: string): Promise<Page>;
  /** Opens a Gmail page's side panel the way a user does: Kizuna's button in Gmail, or the toolbar icon. */
  openPanel(page: Page, via?: 'button' | 'toolbar'): Promise<Page>;
  /** The open side panel of a Gmail page, as a page to drive (a CDP connection made after it opened). */
  panel(page: Page): Promise<Page>;
  /** The tab id Chrome gave a Gmail page opened with openGmail or openGmailPage. */
  tabId(page: Page): Promise<number>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  headless?: boolean;
  userDataDir?: string;
  lang?: string;
  viewport?: { width: number; height: number };
  /** Another unpacked extension to load instead of Kizuna (benchmark baselines). */
  extensionDir?: string;
}

/** Starts Chromium with the extension loaded, network closed except the Gmail fixture. */
export async function launchKizuna(options: LaunchOptions = {}): Promise<Kizuna> {
  const extensionDir = options.extensionDir ?? EXTENSION_DIR;
  if (!existsSync(join(extensionDir, 'manifest.json')))
    throw new Error(`no built extension in ${extensionDir}: run "${extensionDir === DEV_EXTENSION_DIR ? 'npm run build:dev' : 'npx wxt build'}" first`);
  const ownDir = !options.userDataDir;
  const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'kizuna-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: options.headless ?? true,
    viewport: options.viewport ?? { width: 1400, height: 900 },
    locale: options.lang ?? 'en-US',
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--disable-features=${DISABLED_FEATURES}`,
      // The side panel is not a page of this connection: tests reach it over a second CDP connection.
      '--remote-debugging-port=0',
      ...(options.lang ? [`--lang=${options.lang}`] : []),
      // For benchmarks only: Chromium features to try (e.g. KIZUNA_ENABLE_FEATURES=IdbSqliteBackingStore).
      ...(process.env.KIZUNA_ENABLE_FEATURES ? [`--enable-features=${process.env.KIZUNA_ENABLE_FEATURES}`] : []),
    ],
  });
  const errors: string[] = [];
  const watch = (page: Page) => {
    page.on('console', (m) => m.type() === 'error' && errors.push(`${page.url()}: ${m.text()}`));
    page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  // Only the fixture answers; everything else outside the browser is refused (the network is closed anyway).
  let html = '';
  await context.route(/^https?:\/\//, (route) => {
    const url = route.request().url();
    if (url.startsWith('https://mail.google.com/') && route.request().resourceType() === 'document') {
      return route.fulfill({ status: 200, headers: gmailHeaders(), body: html });
    }
    return route.abort();
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  const extensionId = new URL(worker.url()).host;
  // tsx (esbuild keepNames) wraps functions passed to evaluate() in __name(); give the worker a no-op one.
  await worker.evaluate('self.__name = self.__name || ((f) => f)');
  await context.addInitScript('self.__name = self.__name || ((f) => f)');

  const browserCdp = await context.browser()!.newBrowserCDPSession();
  const connections = new Set<Browser>();
  let nextTab = 1;
  const panelPrefix = `chrome-extension://${extensionId}/sidepanel.html`;

  const openGmailPage = async (hash: string) => {
    const page = context.pages().find((p) => p.url() === 'about:blank') ?? (await context.newPage());
    // A marker in the URL tells this tab apart from other Gmail tabs (for its tab id and its CDP target).
    await page.goto(`${GMAIL_URL}?kizuna-test-tab=${nextTab++}${hash}`);
    // The reused first tab may sit behind pages opened since (e.g. the app's import page): a tab
    // behind another still reports "visible" but gets a frame about once a second here.
    await page.bringToFront();
    return page;
  };
  const tabId = async (page: Page) => {
    const marker = new URL(page.url()).searchParams.get('kizuna-test-tab');
    const id = await worker.evaluate(async (m) => {
      const { chrome } = globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<{ id?: number; url?: string }[]> } } };
      const tabs = await chrome.tabs.query({ url: 'https://mail.google.com/*' });
      return tabs.find((t) => t.url && new URL(t.url).searchParams.get('kizuna-test-tab') === m)?.id;
    }, marker);
    if (id === undefined) throw new Error(`no Gmail tab for ${page.url()}`);
    return id;
  };
  const panel = async (page: Page, timeout = 15_000) => {
    const url = `${panelPrefix}?tabId=${await tabId(page)}`;
    const deadline = Date.now() + timeout;
    for (;;) {
      const { targetInfos } = await browserCdp.send('Target.getTargets');
      if (targetInfos.some((t) => t.type === 'page' && t.url === url)) {
        // Only a connection made after the panel opened sees it (docs/side-panel-and-firefox.md).
        const browser = await chromium.connectOverCDP(cdpEndpoint(userDataDir));
        const found = browser
          .contexts()
          .flatMap((c) => c.pages())
          .find((p) => p.url() === url);
        if (found) {
          connections.add(browser);
          page.once('close', () => void browser.close().then(() => connections.delete(browser)));
          watch(found);
          await found.evaluate('self.__name = self.__name || ((f) => f)');
          await found.waitForSelector('main', { timeout: Math.max(1, deadline - Date.now()) });
          return found;
        }
        await browser.close();
      }
      if (Date.now() > deadline) throw new Error(`the Kizuna side panel did not open (${url})`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const openPanel = async (page: Page, via: 'button' | 'toolbar' = 'button') => {
    if (via === 'button') await page.getByRole('button', { name: 'Open Kizuna side panel' }).click();
    else await clickToolbarIcon(browserCdp, extensionId, page);
    return panel(page);
  };

  return {
    context,
    extensionId,
    userDataDir,
    worker,
    errors,
    async serveGmail(fixture) {
      html = gmailPage(fixture);
    },
    openGmailPage,
    openPanel,
    panel,
    tabId,
    async openGmail(hash) {
      const page = await openGmailPage(hash);
      const sidebar = await openPanel(page);
      return { page, sidebar };
    },
    async close() {
      for (const browser of connections) await browser.close().catch(() => undefined);
      await context.close();
      if (ownDir) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** The browser's DevTools WebSocket URL (the browser runs with --remote-debugging-port=0). */
export function cdpEndpoint(userDataDir: string): string {
  const [port, path] = readFileSync(join(userDataDir, 'DevToolsActivePort'), 'utf8').trim().split('\n');
  return `ws://127.0.0.1:${port}${path}`;
}

/** Clicks Kizuna's toolbar icon for a page's tab (CDP Extensions.triggerAction wants the tab target). */
async function clickToolbarIcon(cdp: CDPSession, extensionId: string, page: Page): Promise<void> {
  const { targetInfos } = await cdp.send('Target.getTargets', { filter: [{ type: 'tab' }] });
  const tab = targetInfos.find((t) => t.url === page.url());
  if (!tab) throw new Error(`no tab target for ${page.url()}`);
  await cdp.send('Extensions.triggerAction' as 'Target.getTargets', { id: extensionId, targetId: tab.targetId } as never);
}
