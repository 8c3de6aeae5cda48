// Joining a team from the Team page of the built extension, against a team server started on
// 127.0.0.1 with an invitation made by the server's own API: the sync host (an offscreen document)
// connects and the page says so; a malformed or unknown token is refused in words.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTeamServer, type TeamServer } from '../../server/team-server';
import { devtoolsSession } from '../support/devtools';
import { launchKizuna, type Kizuna } from '../support/launch';

let k: Kizuna;
let server: TeamServer;
let dataDir: string;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kizuna-team-browser-'));
  server = await startTeamServer({ dataDir, port: 0, log: () => {} });
  k = await launchKizuna();
});
afterAll(async () => {
  await k?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Evaluates `expression` in the offscreen document, or in its worker named `worker` (over the DevTools port). */
async function inHost(expression: string, worker?: string): Promise<unknown> {
  const session = await devtoolsSession(k.userDataDir, 'team-host.html', { worker });
  try {
    const { result } = (await session.send('Runtime.evaluate', { expression, returnByValue: true })) as { result: { value?: unknown } };
    return result.value;
  } finally {
    session.close();
  }
}

const hasHostPage = () => k.worker.evaluate(() => (globalThis as unknown as { chrome: { offscreen: { hasDocument(): Promise<boolean> } } }).chrome.offscreen.hasDocument());

/**
 * The Team page, with the browser's permission prompt answered "Allow": headless Chromium shows the
 * native prompt of permissions.request and no test can click it, so the page's call is recorded and
 * granted here. Everything after it (storage, the offscreen document, the socket) is the real thing.
 */
async function openTeamPage(): Promise<Page> {
  const page = await k.context.newPage();
  await page.addInitScript(() => {
    const { chrome } = globalThis as unknown as { chrome: { permissions: { request: unknown } } };
    const asked: unknown[] = [];
    Object.assign(globalThis, { kizunaPermissionRequests: asked });
    chrome.permissions.request = (details: unknown, callback?: (granted: boolean) => void) => {
      asked.push(details);
      if (callback) return void setTimeout(() => callback(true));
      return Promise.resolve(true);
    };
  });
  await page.goto(`chrome-extension://${k.extensionId}/app.html#/team`);
  await page.getByRole('heading', { name: 'Team', level: 2 }).waitFor();
  return page;
}

async function joinTeam(page: Page, token: string) {
  await page.getByLabel('Team server address').fill(server.url);
  await page.getByLabel('Invitation').fill(token);
  await page.getByLabel('Your name').fill('Aiko Sato');
  await page.getByRole('button', { name: 'Join team' }).click();
}

describe('joining a team', () => {
  it('joins with an invitation and shows the sync connected, here and in the navigation', async () => {
    const page = await openTeamPage();
    // Until a team is joined, Kizuna is local: no sync page, no socket.
    expect(await hasHostPage()).toBe(false);
    await joinTeam(page, (await server.store.invite('Aiko Sato', 'member')).token);
    // The server's origin (scheme and host) is what the browser is asked for.
    expect(await page.evaluate(() => (globalThis as unknown as { kizunaPermissionRequests: unknown[] }).kizunaPermissionRequests)).toEqual([{ origins: ['ws://127.0.0.1/*'] }]);
    await expect.poll(() => page.getByTestId('team-state').textContent()).toMatch(/^Connected · last synced/);
    // The join unloads each contact shard once it is pulled (issue 17): none stays in memory, and the page says so.
    await expect.poll(() => page.getByTestId('team-memory').textContent(), { timeout: 30_000 }).toMatch(/^Parts of the book in memory: 0 of 16 \(16 unloaded while idle/);
    expect(await hasHostPage()).toBe(true);
    // The host runs in a worker of that page, off the thread every extension page shares: the page says so, and the
    // join's phase entries (lib/team/phases.ts, made by the host as it works) are in the worker's timeline, none in the page's.
    await expect.poll(() => inHost('document.documentElement.dataset.syncHost')).toBe('worker');
    const hostPhases = `performance.getEntriesByType('measure').filter((e) => e.name.startsWith('kizuna-team:')).length`;
    expect(await inHost(hostPhases, 'team-host-worker')).toBeGreaterThan(0);
    expect(await inHost(hostPhases)).toBe(0);
    await expect.poll(() => page.getByRole('link', { name: /^Team/ }).textContent()).toContain('Synced');
    await expect.poll(async () => (await server.store.members()).find((m) => m.name === 'Aiko Sato')?.firstUsedAt).toBeTruthy();

    await page.getByRole('button', { name: 'Leave team' }).click();
    await page.getByRole('button', { name: 'Join team' }).waitFor();
    await expect.poll(hasHostPage).toBe(false);
    await page.close();
  });

  it('says what is wrong with a malformed invitation before connecting', async () => {
    const page = await openTeamPage();
    await joinTeam(page, 'kzn1_abc_not-a-token');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('This is not a Kizuna invitation');
    expect(await hasHostPage()).toBe(false);
    await page.close();
  });

  it('shows the server’s refusal of a token it does not know, and stops syncing', async () => {
    const page = await openTeamPage();
    const real = (await server.store.invite('Ben', 'member')).token;
    await joinTeam(page, real.slice(0, -4) + (real.endsWith('AAAA') ? 'BBBB' : 'AAAA'));
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('The server does not recognise your invitation');
    await expect.poll(() => page.getByTestId('team-state').textContent()).toContain('Not syncing');
    await expect.poll(() => page.getByRole('list').last().textContent()).toContain('invitation not recognised by the server');
    await expect.poll(hasHostPage).toBe(false);
    // Leaving after a refusal makes the book editable and local again.
    await page.getByRole('button', { name: 'Leave team' }).click();
    await page.getByRole('button', { name: 'Join team' }).waitFor();
    await page.close();
  });

  it('a viewer is told so and cannot import or edit', async () => {
    const page = await openTeamPage();
    await joinTeam(page, (await server.store.invite('Vic', 'viewer')).token);
    await expect.poll(() => page.getByRole('note').first().textContent()).toContain('You are a viewer');
    await page.goto(`chrome-extension://${k.extensionId}/app.html#/import`);
    await expect.poll(() => page.getByRole('note').first().textContent()).toContain('the book is read-only');
    // The file chooser sits in the import's fieldset, disabled for a viewer.
    await expect.poll(() => page.locator('main fieldset[disabled] input').count()).toBeGreaterThan(0);
    expect(await page.locator('main fieldset[disabled] input').first().isDisabled()).toBe(true);
    await page.goto(`chrome-extension://${k.extensionId}/app.html#/team`);
    await page.getByRole('button', { name: 'Leave team' }).click();
    await page.getByRole('button', { name: 'Join team' }).waitFor();
    await page.close();
  });
});
