/**
 * Drives Firefox ESR (Debian's firefox-esr) with the built add-on over WebDriver BiDi (puppeteer-core),
 * following the verified recipe in docs/side-panel-and-firefox.md: a Gmail fixture served over
 * HTTPS on 127.0.0.1 for mail.google.com (every host resolves to loopback), a self-signed certificate
 * made with openssl here, and extension pages opened with a goto that is never awaited.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { gmailHeaders, gmailPage, type FixtureOptions } from './gmail-fixture';

export const FIREFOX_EXTENSION_DIR = resolve(import.meta.dirname, '../..', process.env.KIZUNA_OUT_DIR ?? '.output', 'firefox-mv2');
export const GECKO_ID = 'kizuna@kizuna-crm.app';
// A fixed moz-extension:// host, so tests know the add-on's page URLs.
const EXTENSION_UUID = '6f1d2c3b-4a59-4e6b-9c8d-7e0f1a2b3c4d';
export const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;

export function firefoxPath(): string {
  const candidates = [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'];
  const found = candidates.find((p) => p && existsSync(p));
  if (!found) throw new Error('Firefox not found: install Debian firefox-esr (apt-get install firefox-esr) or set FIREFOX_PATH');
  return found;
}

export interface KizunaFirefox {
  browser: Browser;
  /** The Gmail fixture's origin, e.g. https://mail.google.com:40123 */
  gmailOrigin: string;
  serveGmail(options: FixtureOptions): void;
  /** Opens Gmail at a hash in a new tab. */
  openGmail(hash: string): Promise<Page>;
  /** Opens an extension page (e.g. "/sidepanel.html?tabId=3") in a new tab; resolves once it has loaded. */
  openExtensionPage(path: string): Promise<Page>;
  close(): Promise<void>;
}

/** A self-signed certificate for mail.google.com, made with openssl in a temporary folder. */
function selfSignedCert(dir: string): { key: Buffer; cert: Buffer } {
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '30', '-subj', '/CN=mail.google.com', '-addext', 'subjectAltName=DNS:mail.google.com', '-keyout', key, '-out', cert],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

/**
 * A copy of the built add-on whose sidebar opens at install, the way a user's sidebar is open: WebDriver BiDi cannot
 * click Firefox's own UI (the toolbar button, the sidebar menu), and `sidebarAction.open()` needs a user input handler.
 */
function withSidebarOpenAtInstall(dir: string): string {
  const copy = join(dir, 'firefox-mv2');
  cpSync(FIREFOX_EXTENSION_DIR, copy, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(copy, 'manifest.json'), 'utf8'));
  manifest.sidebar_action.open_at_install = true;
  writeFileSync(join(copy, 'manifest.json'), JSON.stringify(manifest));
  return copy;
}

/** Starts Firefox ESR with the add-on installed and a Gmail fixture at https://mail.google.com:<port>/. */
export async function launchFirefox(options: { sidebarOpen?: boolean; prefs?: Record<string, string | number | boolean> } = {}): Promise<KizunaFirefox> {
  if (!existsSync(join(FIREFOX_EXTENSION_DIR, 'manifest.json'))) throw new Error(`no Firefox build in ${FIREFOX_EXTENSION_DIR}: run "npx wxt build -b firefox" first`);
  const dir = mkdtempSync(join(tmpdir(), 'kizuna-firefox-'));
  let html = '';
  const server: Server = createServer(selfSignedCert(dir), (_, response) => {
    response.writeHead(200, gmailHeaders());
    response.end(html);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const gmailOrigin = `https://mail.google.com:${(server.address() as AddressInfo).port}`;
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: true,
    // Without it, BiDi refuses to navigate to moz-extension:// pages.
    args: ['--remote-allow-system-access'],
    acceptInsecureCerts: true,
    extraPrefsFirefox: {
      'network.dns.forceResolve': '127.0.0.1',
      'network.trr.mode': 5,
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
      'intl.locale.requested': 'en-US',
      ...options.prefs,
    },
  });
  await browser.installExtension(options.sidebarOpen ? withSidebarOpenAtInstall(dir) : FIREFOX_EXTENSION_DIR);
  const noName = 'self.__name = self.__name || ((f) => f)';
  return {
    browser,
    gmailOrigin,
    serveGmail(options) {
      html = gmailPage(options);
    },
    async openGmail(hash) {
      const page = await browser.newPage();
      await page.goto(`${gmailOrigin}/mail/u/0/${hash}`);
      await page.evaluate(noName);
      return page;
    },
    async openExtensionPage(path) {
      const page = await browser.newPage();
      const url = `${EXTENSION_ORIGIN}${path}`;
      // goto to a moz-extension:// page never resolves over BiDi, though the page loads: poll instead.
      void page.goto(url).catch(() => undefined);
      const deadline = Date.now() + 20_000;
      for (;;) {
        const href = await page.evaluate(() => location.href).catch(() => '');
        if (href === url && (await page.evaluate(() => document.readyState).catch(() => '')) === 'complete') break;
        if (Date.now() > deadline) throw new Error(`the extension page ${url} did not load`);
        await new Promise((r) => setTimeout(r, 100));
      }
      await page.evaluate(noName);
      return page;
    },
    async close() {
      await browser.close().catch(() => undefined);
      await new Promise<void>((done) => server.close(() => done()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls until `read` gives `expected` (or passes it, when a predicate), then returns the last value read. */
export async function pollUntil<T>(read: () => Promise<T>, expected: T | ((value: T) => boolean), timeout = 15_000): Promise<T | undefined> {
  const done = typeof expected === 'function' ? (expected as (value: T) => boolean) : (value: T) => JSON.stringify(value) === JSON.stringify(expected);
  const deadline = Date.now() + timeout;
  for (;;) {
    const last = await read().catch(() => undefined);
    if ((last !== undefined && done(last)) || Date.now() > deadline) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
}
