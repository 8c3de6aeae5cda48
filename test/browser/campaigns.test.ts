// A 50-recipient, two-step campaign in real Chromium with the built extension, sending through the
// background's alarm-driven queue to the fake Gmail API on 127.0.0.1. Mid-campaign the service worker
// is stopped (CDP ServiceWorker.stopAllWorkers) while a send is in flight, later the browser is closed
// and relaunched on the same profile; a few recipients reply. Delays are testable because a follow-up's
// "days" may be fractional (0.00025 days ≈ 22 s).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGmail, type FakeGmail } from '../support/fake-gmail-server';
import { launchKizuna, type Kizuna } from '../support/launch';
import { seedRows } from '../support/seed';

const N = 53;
const DNC = new Set([51, 52, 53]);
const REPLIERS = [1, 2, 3, 4, 5];
const IN_FLIGHT = 20;
const SELF = 'cs@kizuna-test.com';
const email = (i: number) => `person${i}@customer${i % 5}.example.com`;
const stepOf = (messageId: string) => Number(/^<kz\.[^.]+\.[^.]+\.(\d+)\./.exec(messageId)?.[1] ?? -1);
const NOW = Date.now();

function rows() {
  const contacts = Array.from({ length: N }, (_, k) => {
    const i = k + 1;
    return { id: i, email: email(i), name: `Person ${i}`, tags: [], stage: 'customer', owner: '', custom: {}, doNotContact: DNC.has(i) ? 1 : 0, createdAt: NOW, updatedAt: NOW };
  });
  const template = (id: number, name: string, subject: string, body: string) => ({ id, name, subject, body, category: '', language: 'en', usageCount: 0, createdAt: NOW, updatedAt: NOW });
  return {
    contacts,
    templates: [
      template(1, 'Renewal', 'Your renewal, {{firstName|there}}', 'Hello {{name}},\nyour plan renews next month.\nUnsubscribe: {{unsubscribe}}'),
      template(2, 'Renewal nudge', 'ignored', 'Hello again {{name}}, did you see my note?'),
    ],
    segments: [{ id: 1, name: 'Customers', filter: { conditions: [{ type: 'stage', stages: ['customer'] }] }, createdAt: NOW, updatedAt: NOW }],
  };
}

let server: FakeGmail;
let k: Kizuna;
let userDataDir: string;
const sendsTo = (i: number, step: number) => server.messages.filter((m) => m.to.includes(email(i)) && stepOf(m.messageId) === step);
const campaignSends = () => server.messages.filter((m) => m.messageId.startsWith('<kz.') && !m.subject.startsWith('[Test]'));

async function launch(): Promise<Kizuna> {
  const kizuna = await launchKizuna({ userDataDir });
  // launchKizuna closes the network; the fake Gmail API is the one outside address let through.
  await kizuna.context.route(
    (url) => url.href.startsWith(server.baseUrl),
    (route) => route.continue(),
  );
  return kizuna;
}

async function openApp(route: string): Promise<Page> {
  const page = await k.context.newPage();
  await page.goto(`chrome-extension://${k.extensionId}/app.html#/${route}`);
  return page;
}

/** The wizard's Next: the page shows one step at a time (recipients, messages, schedule, review). */
const next = (page: Page) => page.getByRole('button', { name: 'Next', exact: true }).click();

/** Reads a whole store of the extension's database from one of its pages. */
function readStore<T>(page: Page, store: string): Promise<T[]> {
  return page.evaluate(
    (name) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open('kizuna');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction(name).objectStore(name).getAll();
          req.onsuccess = () => (resolve(req.result as T[]), open.result.close());
          req.onerror = () => reject(req.error);
        };
      }),
    store,
  );
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('campaigns (real Chromium, built extension, fake Gmail API)', () => {
  beforeAll(async () => {
    server = await startFakeGmail();
    userDataDir = mkdtempSync(join(tmpdir(), 'kizuna-campaigns-'));
    k = await launch();
    await seedRows(k.worker, rows());
  });
  afterAll(async () => {
    await k?.close();
    await server?.close();
    rmSync(userDataDir, { recursive: true, force: true });
  });

  it('shows developer mode plainly once a developer token is saved', async () => {
    // Sign-in and the Gmail API host are optional permissions, not granted at install; the page still
    // shows the redirect URL to register (and the whole campaign below runs without them).
    const granted = await k.worker.evaluate(() =>
      (globalThis as unknown as { chrome: { permissions: { contains(p: object): Promise<boolean> } } }).chrome.permissions.contains({
        permissions: ['identity'],
        origins: ['https://gmail.googleapis.com/*'],
      }),
    );
    expect(granted).toBe(false);
    const page = await openApp('campaigns');
    // The settings section says when the saved settings are on screen: wait for that, not a clock.
    await page.locator('.cp-settings[data-state="ready"]').waitFor();
    expect(await page.getByTestId('cp-redirect-uri').textContent()).toBe(`https://${k.extensionId}.chromiumapp.org/`);
    await page.getByLabel(/^Sender's address/).fill(SELF);
    await page.getByLabel(/^Sender's name/).fill('Kizuna CS');
    await page.getByLabel('Account type').selectOption('workspace');
    await page.getByText('Developer settings').click();
    await page.getByLabel('Gmail API base URL').fill('not a url');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Not saved');
    await page.getByLabel('Gmail API base URL').fill(server.baseUrl);
    await page.getByLabel(/^Developer access token/).fill('dev-token-123');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Settings saved.');
    await expect.poll(() => page.locator('.cp-dev-warning').count()).toBe(1);
    expect(await page.locator('.cp-auth-state').getAttribute('data-state')).toBe('developer');
    await page.close();
  });

  it('sends a 50-recipient campaign with a follow-up exactly once each, across a stopped worker and a browser restart', async () => {
    const page = await openApp('campaigns/new');
    await page.getByLabel('Name', { exact: true }).fill('Renewal push');
    await page.getByLabel('Saved segment').selectOption({ label: 'Customers' });
    await next(page);
    await page.getByLabel('First message: template').selectOption({ label: 'Renewal' });
    await page.getByRole('button', { name: 'Add a follow-up step' }).click();
    await page.getByLabel(/^Follow-up 2: template/).selectOption({ label: 'Renewal nudge' });
    await page.getByLabel('If no reply after (days)').fill('0.00025');
    await next(page);
    await page.getByLabel('Messages per minute').fill('600');
    await page.getByLabel(/^Jitter/).fill('0');
    await next(page);

    await page.getByRole('button', { name: 'Check recipients' }).click();
    await expect.poll(() => page.getByTestId('cp-sendable').textContent()).toBe('50 of 53 recipients will be sent to');
    expect(await page.getByTestId('cp-fits').textContent()).toBe("Fits in today's quota.");
    await page.getByLabel('Only recipients with issues').check();
    expect(await page.locator('.cp-preview > li [data-code="do-not-contact"]').count()).toBe(3);
    await page.getByLabel('Only recipients with issues').uncheck();
    // The preview is paged: 10 per page, each recipient with both steps rendered.
    expect(await page.locator('.cp-preview > li').count()).toBe(10);
    expect(await page.locator('.cp-preview > li').first().locator('summary').first().textContent()).toBe('Step 1: Your renewal, Person');

    await page.getByRole('button', { name: 'Send a test to myself' }).click();
    await expect.poll(() => page.locator('.cp-status-line').textContent()).toContain(`Test sent to ${SELF}`);
    expect(server.messages.filter((m) => m.subject.startsWith('[Test]')).map((m) => m.to)).toEqual([[SELF]]);

    server.inject({ kind: 'slow', delayMs: 4000, to: email(IN_FLIGHT) });
    await page.getByRole('button', { name: 'Start sending' }).click();
    await page.waitForURL(/#\/campaigns\/[\w-]+$/);

    // Replies arrive in the threads of the first few recipients soon after their first message.
    const replied = new Set<number>();
    const replyPump = setInterval(() => {
      for (const i of REPLIERS) {
        const first = sendsTo(i, 0)[0];
        if (first && !replied.has(i)) {
          replied.add(i);
          server.inject({ kind: 'reply', threadId: first.threadId, from: `Person ${i} <${email(i)}>`, text: 'Thanks, we will renew.' });
        }
      }
    }, 50);

    try {
      // Stop the service worker while the slow send is in flight (Gmail will still accept it).
      await waitFor('the slow send to arrive', () => server.arrivals.some((a) => a.to.includes(email(IN_FLIGHT))));
      const cdp = await k.context.newCDPSession(page);
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      const sentAtStop = campaignSends().length;
      expect(sentAtStop).toBeLessThan(50);

      // The next worker finishes step 1 and starts the follow-ups; close the browser in the middle of them.
      await waitFor('some follow-ups', () => campaignSends().filter((m) => stepOf(m.messageId) === 1).length >= 5, 90_000);
      await page.close();
      await k.close();
      const followUpsAtClose = campaignSends().filter((m) => stepOf(m.messageId) === 1).length;
      expect(followUpsAtClose).toBeLessThan(45);

      k = await launch();
      await waitFor('every follow-up', () => campaignSends().length >= 95, 120_000);
    } finally {
      clearInterval(replyPump);
    }
    expect(replied.size).toBe(REPLIERS.length);

    const app = await openApp('campaigns');
    await app.getByRole('link', { name: 'Renewal push' }).click();
    await expect.poll(() => app.getByTestId('cp-campaign-status').textContent(), { timeout: 30_000 }).toBe('Done');
    const count = (key: string) => app.locator(`[data-count="${key}"] dd`).textContent();
    expect({
      queued: await count('queued'),
      sent: await count('sent'),
      replied: await count('replied'),
      failed: await count('failed'),
      skipped: await count('skipped'),
      messages: await count('messages'),
    }).toEqual({
      queued: '0',
      sent: '50',
      replied: '5',
      failed: '0',
      skipped: '3',
      messages: '95',
    });

    // Exactly once: step 1 to all 50, step 2 to all but the repliers; nothing to do-not-contact addresses.
    for (let i = 1; i <= N; i++) {
      if (DNC.has(i)) {
        expect(
          server.mailbox.filter((m) => m.to.includes(email(i))),
          `person ${i}`,
        ).toHaveLength(0);
        continue;
      }
      expect(sendsTo(i, 0), `person ${i} step 1`).toHaveLength(1);
      expect(sendsTo(i, 1), `person ${i} step 2`).toHaveLength(REPLIERS.includes(i) ? 0 : 1);
    }
    // The send in flight when the worker stopped was found in Sent by its Message-ID, not sent again.
    const inFlight = sendsTo(IN_FLIGHT, 0)[0]!;
    expect(server.requests.some((r) => r.route === 'list' && r.q === `rfc822msgid:${inFlight.messageId.replace(/^<|>$/g, '')}`)).toBe(true);
    expect(server.arrivals.filter((a) => a.to.includes(email(IN_FLIGHT)))).toHaveLength(2);
    const followUp = sendsTo(10, 1)[0]!;
    const first = sendsTo(10, 0)[0]!;
    expect(followUp).toMatchObject({ threadId: first.threadId, inReplyTo: first.messageId, subject: `Re: ${first.subject}` });
    expect(first.headers.find((h) => h.name.toLowerCase() === 'list-unsubscribe')?.value).toBe(`<mailto:${SELF}?subject=unsubscribe>`);

    // The ledger in the database matches what the server received (the test send included).
    const ledger = await readStore<{ count: number; kind: string }>(app, 'sendLedger');
    const received = server.messages.reduce((n, m) => n + m.to.length + m.cc.length + m.bcc.length, 0);
    expect(ledger.reduce((n, e) => n + e.count, 0)).toBe(received);
    expect(ledger.filter((e) => e.kind === 'test')).toHaveLength(1);
    expect(received).toBe(96);

    // Sends and replies are in the contacts' history.
    const activities = await readStore<{ kind: string; direction?: string; contactIds: number[]; flags?: string[]; threadId?: string }>(app, 'activities');
    expect(activities.filter((a) => a.kind === 'send' && a.direction === 'out')).toHaveLength(95);
    expect(
      activities
        .filter((a) => a.kind === 'email' && a.direction === 'in')
        .map((a) => a.contactIds[0])
        .sort(),
    ).toEqual(REPLIERS);
    expect(activities.filter((a) => a.flags?.includes('stopped:replied'))).toHaveLength(5);
    expect(k.errors).toEqual([]);
  }, 360_000);

  it('shows live progress and pauses, resumes and cancels a paced campaign', async () => {
    const page = await openApp('campaigns/new');
    await page.getByLabel('Name', { exact: true }).fill('Slow drip');
    await page.getByLabel('Saved segment').selectOption({ label: 'Customers' });
    await next(page);
    await page.getByLabel('First message: template').selectOption({ label: 'Renewal' });
    await next(page);
    await page.getByLabel('Messages per minute').fill('8');
    await page.getByLabel(/^Jitter/).fill('0');
    await next(page);
    const before = campaignSends().length;
    await page.getByRole('button', { name: 'Start sending' }).click();
    await page.waitForURL(/#\/campaigns\/[\w-]+$/);
    const count = (key: string) => page.locator(`[data-count="${key}"] dd`).textContent();
    // One message every 7.5 s: the open page follows the background's writes.
    await expect.poll(() => count('sent'), { timeout: 20_000 }).toBe('2');
    expect(await page.locator('.cp-log-row[data-state]').count()).toBeLessThan(53);

    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => page.getByTestId('cp-campaign-status').textContent()).toBe('Paused');
    const atPause = campaignSends().length;
    await new Promise((r) => setTimeout(r, 9000));
    expect(campaignSends().length).toBe(atPause);

    await page.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => page.getByTestId('cp-campaign-status').textContent()).toBe('Sending');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Cancel campaign' }).click();
    await expect.poll(() => page.getByTestId('cp-campaign-status').textContent()).toBe('Cancelled');
    await expect.poll(() => count('queued')).toBe('0');
    const sent = Number(await count('sent'));
    expect(campaignSends().length - before).toBe(sent);
    expect(Number(await count('skipped'))).toBe(53 - sent);
    await new Promise((r) => setTimeout(r, 9000));
    expect(campaignSends().length - before).toBe(sent);
    expect(k.errors).toEqual([]);
  }, 120_000);
});
