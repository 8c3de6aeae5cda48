/**
 * Launches Chromium with the built extension and serves Gmail-shaped fixtures at the real Gmail URL,
 * following the verified facts in ../shared/BROWSER-TESTING.md. Used by browser tests, `npm start`
 * and the benchmarks.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Frame, type Page, type Worker } from 'playwright-core';
import { gmailHeaders, gmailPage, type FixtureOptions } from './gmail-fixture';

export const EXTENSION_DIR = resolve(import.meta.dirname, '../..', process.env.KIZUNA_OUT_DIR ?? '.output', 'chrome-mv3');
export const GMAIL_URL = 'https://mail.google.com/mail/u/0/';

// Playwright's own --disable-features list minus ThirdPartyStoragePartitioning: Chromium keeps only
// the last --disable-features switch, and with partitioning off Dexie cannot open in the extension
// iframe on mail.google.com (real Chrome has partitioning on).
const DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync', 'DestroyProfileOnBrowserClose', 'HttpsUpgrades', 'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay', 'MediaRouter', 'PaintHolding', 'AvoidCorsURLLoaderRestartOnRedirect', 'OptimizationHints',
  'NetworkTimeServiceQuerying', 'AimEnabled', 'PreconnectToSearch',
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
  /** Console errors and page errors seen in any page or frame (the extension's included). */
  errors: string[];
  /** Serves a Gmail fixture for every mail.google.com request from now on. */
  serveGmail(options: FixtureOptions): Promise<void>;
  /** Opens Gmail at a hash (e.g. "#inbox/18c1…") and waits for the sidebar frame. */
  openGmail(hash: string): Promise<{ page: Page; sidebar: Frame }>;
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
  if (!existsSync(join(extensionDir, 'manifest.json'))) throw new Error(`no built extension in ${extensionDir}: run "npx wxt build" first`);
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
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', `--disable-features=${DISABLED_FEATURES}`,
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

  return {
    context,
    extensionId,
    worker,
    errors,
    async serveGmail(fixture) {
      html = gmailPage(fixture);
    },
    async openGmail(hash) {
      const page = context.pages().find((p) => p.url() === 'about:blank') ?? (await context.newPage());
      await page.goto(GMAIL_URL + hash);
      // The reused first tab may sit behind pages opened since (e.g. the app's import page): a tab
      // behind another still reports "visible" but gets a frame about once a second here.
      await page.bringToFront();
      const sidebar = await sidebarFrame(page, extensionId);
      return { page, sidebar };
    },
    async close() {
      await context.close();
      if (ownDir) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** The sidebar's frame in a Gmail page, once it has loaded. */
export async function sidebarFrame(page: Page, extensionId: string, timeout = 15_000): Promise<Frame> {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    const frame = page.frames().find((f) => f.url().startsWith(`chrome-extension://${extensionId}/sidebar.html`));
    if (frame) {
      await frame.waitForSelector('main', { timeout: Math.max(1, deadline - Date.now()) });
      return frame;
    }
    await page.waitForTimeout(50);
  }
  throw new Error('the Kizuna sidebar did not appear');
}
