// `npm run screenshots`: every page of Kizuna (the app's sections, a contact, a company, the first-run page and
// the side panel on three threads) in English and Japanese, light and dark, on the demo book, into
// docs/screenshots/<lang>-<theme>-<page>.png. Headless Chromium; CJK text needs a CJK font (Debian: fonts-noto-cjk).
//   npm run screenshots                           (builds first)
//   npm run screenshots -- --no-build --out DIR   (existing .output/chrome-mv3, another folder)
//   npm run screenshots -- --only en-light         (one language and theme)
import { execSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launchKizuna, type Kizuna } from '../test/support/launch';
import { ME, SAMPLE_THREADS } from '../test/support/sample-threads';
import { seedRows } from '../test/support/seed';
import { DEMO_SETTINGS, demoRows, demoTasks } from './demo-data';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const outDir = resolve(option('--out') ?? 'docs/screenshots');
const only = option('--only');
const VIEWPORT = { width: 1280, height: 800 };

/** The app's pages by file name; a contact and a company of the demo book (Dana at Acme). */
const APP_PAGES: [string, string][] = [
  ['contacts', '#/contacts'],
  ['contact', '#/contact/1'],
  ['company', '#/company/1'],
  ['attention', '#/attention'],
  ['tasks', '#/tasks'],
  ['playbooks', '#/playbooks'],
  ['sequences', '#/sequences'],
  ['approvals', '#/approvals'],
  ['campaigns', '#/campaigns'],
  ['campaign-new', '#/campaigns/new'],
  ['templates', '#/templates'],
  ['reports', '#/reports'],
  ['import', '#/import'],
  ['duplicates', '#/duplicates'],
  ['risk', '#/risk'],
  ['risk-mailbox', '#/risk/mailbox'],
  ['backup', '#/backup'],
  ['team', '#/team'],
];
const PANEL_SHOTS: [string, string][] = [
  ['sidebar-thread', SAMPLE_THREADS[0].id],
  ['sidebar-several', SAMPLE_THREADS[1].id],
  ['sidebar-japanese', SAMPLE_THREADS[2].id],
];

if (!args.includes('--no-build')) execSync('npx wxt build', { stdio: 'inherit' });
mkdirSync(outDir, { recursive: true });

/** Waits until the page has settled: no "Loading…" placeholder, fonts loaded, two frames painted. */
async function settle(page: Page): Promise<void> {
  // Pages mark their own loading state (aria-busy, or data-state="loading" as Needs attention does).
  await page
    .waitForFunction(() => !document.querySelector('[aria-busy="true"], [data-state="loading"]'), undefined, { timeout: 30_000 })
    .catch(() => console.warn(`screenshots: ${page.url()} still loading after 30 s`));
  await page.evaluate(() => document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))));
  await page.waitForTimeout(400);
}

async function shoot(lang: 'en' | 'ja', theme: 'light' | 'dark'): Promise<string[]> {
  const written: string[] = [];
  const file = (name: string) => {
    const path = `${outDir}/${lang}-${theme}-${name}.png`;
    written.push(path);
    return path;
  };
  const launch = () => launchKizuna({ lang: lang === 'ja' ? 'ja' : 'en-US', viewport: VIEWPORT });

  // A fresh profile first: the first-run page.
  const fresh: Kizuna = await launch();
  try {
    const page = await fresh.context.newPage();
    await page.emulateMedia({ colorScheme: theme });
    await page.goto(`chrome-extension://${fresh.extensionId}/app.html#/contacts`);
    await page.getByRole('heading', { level: 2 }).first().waitFor();
    await settle(page);
    await page.screenshot({ path: file('first-run') });
  } finally {
    await fresh.close();
  }

  const k = await launch();
  try {
    await seedRows(k.worker, { ...demoRows(), tasks: demoTasks() });
    await k.worker.evaluate(async (settings) => {
      const { chrome } = globalThis as unknown as { chrome: { storage: { local: { set(items: object): Promise<void> } } } };
      await chrome.storage.local.set({ settings: { autoCreate: true, neverLog: [], aliases: ['sales@kizuna-demo.com'], sidebarCollapsed: false, ...settings } });
    }, DEMO_SETTINGS);
    await k.serveGmail({ user: ME, threads: SAMPLE_THREADS, theme });
    const app = await k.context.newPage();
    await app.emulateMedia({ colorScheme: theme });
    await app.goto(`chrome-extension://${k.extensionId}/app.html#/contacts`);
    await app.evaluate(() => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: object): Promise<unknown> } } }).chrome.runtime.sendMessage({ type: 'kizuna:risk-recompute' }));
    for (const [name, hash] of APP_PAGES) {
      await app.evaluate((h) => (location.hash = h), hash);
      await settle(app);
      await app.screenshot({ path: file(name), fullPage: name === 'reports' });
    }
    // The side panel: its own page, themed after Gmail's (the fixture's background).
    // The toolbar icon: Kizuna's button in Gmail is labelled in the page's language.
    const page = await k.openGmailPage(`#inbox/${PANEL_SHOTS[0][1]}`);
    const sidebar = await k.openPanel(page, 'toolbar');
    for (const [name, id] of PANEL_SHOTS) {
      await page.bringToFront();
      await page.evaluate((hash) => (location.hash = hash), `#inbox/${id}`);
      // The panel follows the tab's thread over its port; give it a moment, then let it settle.
      await sidebar.waitForTimeout(800);
      await settle(sidebar);
      await sidebar.screenshot({ path: file(name), fullPage: true });
    }
    if (k.errors.length) console.warn(`${lang}-${theme}: console errors seen:`, k.errors);
  } finally {
    await k.close();
  }
  return written;
}

for (const lang of ['en', 'ja'] as const) {
  for (const theme of ['light', 'dark'] as const) {
    if (only && only !== `${lang}-${theme}`) continue;
    for (const path of await shoot(lang, theme)) console.log(`screenshot: ${path}`);
  }
}
