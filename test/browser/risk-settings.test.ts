import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { launchKizuna, type Kizuna } from '../support/launch';
import { seedRows } from '../support/seed';
import { syntheticMbox } from '../../lib/mbox/synthetic';

const DAY = 86_400_000;
const ME = 'alex@kizuna-demo.com';
const now = Date.now();
/** The extension's storage API inside its service worker (evaluate bodies run there). */
type ChromeStorage = { storage: { local: { get(key: string): Promise<Record<string, unknown>>; set(items: object): Promise<void> } } };
declare const chrome: ChromeStorage;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

const contact = (id: number, email: string, name: string, extra: object = {}) => ({
  id,
  email,
  name,
  tags: [],
  stage: 'customer',
  owner: '',
  custom: {},
  doNotContact: 0,
  createdAt: now - 400 * DAY,
  updatedAt: now - id * 1000,
  ...extra,
});
const email = (id: number, contactId: number, direction: 'in' | 'out', at: number, from: string) => ({
  id,
  kind: 'email',
  contactIds: [contactId],
  at,
  messageId: `seed-${id}`,
  threadId: `t-${contactId}`,
  direction,
  from,
  subject: 'Hello',
  snippet: 'Thanks, talk soon.',
});

let k: Kizuna;
let dir: string;
beforeAll(async () => {
  k = await launchKizuna();
  dir = mkdtempSync(join(tmpdir(), 'kizuna-mbox-'));
  await seedRows(k.worker, {
    contacts: [
      // Silent for 70 days, one message of theirs unanswered.
      contact(1, 'sam@quiet.example', 'Sam Quiet', { lastInboundAt: now - 70 * DAY }),
      // Writes every week and gets answers; renewal in 10 days in a custom field with an unusual name; revenue field holds text.
      contact(2, 'rita@renew.example', 'Rita Renew', { lastInboundAt: now - 3 * DAY, custom: { plan_end: iso(now + 10 * DAY), pay: 'Overdue' } }),
    ],
    activities: [
      email(1, 1, 'in', now - 70 * DAY, 'sam@quiet.example'),
      email(2, 2, 'in', now - 10 * DAY, 'rita@renew.example'),
      email(3, 2, 'out', now - 9 * DAY, ME),
      email(4, 2, 'in', now - 3 * DAY, 'rita@renew.example'),
      email(5, 2, 'out', now - 3 * DAY + 3_600_000, ME),
    ],
  });
  await k.worker.evaluate((me) => chrome.storage.local.set({ settings: { aliases: [me] } }), ME);
});
afterAll(async () => {
  await k?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function openRisk(): Promise<Page> {
  const page = await k.context.newPage();
  await page.goto(`chrome-extension://${k.extensionId}/app.html#/risk`);
  await page.locator('[data-testid="rules-preview"] table').waitFor();
  return page;
}
const rule = (page: Page, key: string): Locator => page.locator(`fieldset[data-rule="${key}"]`);
const storedRisk = () =>
  k.worker.evaluate(
    async () =>
      (await chrome.storage.local.get('riskSettings')).riskSettings as
        { rules?: { bands: { medium: number }; theirSilence: { tiers: { points: number }[] } }; mapping?: Record<string, string> } | undefined,
  );

/** Rows of a store in the extension's database, read from the page. */
const rows = (page: Page, store: string) =>
  page.evaluate(
    (store) =>
      new Promise<Record<string, unknown>[]>((resolve, reject) => {
        const open = indexedDB.open('kizuna');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          // Stored scores are packed a block of contact ids per row (lib/db/score-blocks.ts): read as their rows.
          const packed = store === 'scores';
          const request = open.result
            .transaction(packed ? 'scoreBlocks' : store)
            .objectStore(packed ? 'scoreBlocks' : store)
            .getAll();
          request.onsuccess = () => {
            open.result.close();
            resolve(packed ? (request.result as { rows: Record<string, unknown>[] }[]).flatMap((b) => b.rows) : request.result);
          };
        };
      }),
    store,
  );

describe('risk settings page (real Chromium, built extension)', () => {
  it('previews a rule edit live on real contacts, saves it, and keeps it across a reload', async () => {
    const page = await openRisk();
    await expect.poll(() => page.getByTestId('preview-unchanged').count()).toBe(1);
    expect(await page.getByTestId('band-before-low').textContent()).toBe('2');

    // Their silence, step 2 (≥ 60 days): 18 → 60 points. Sam (silent 70 days) moves by exactly 42.
    await rule(page, 'theirSilence').getByLabel('Step 2: points').fill('60');
    const sam = page.locator('[data-testid="preview-changes"] li[data-email="sam@quiet.example"]');
    await expect.poll(() => sam.count()).toBe(1);
    const [before, after] = (await sam.getByTestId('preview-score').textContent())!.split(' → ').map(Number);
    expect(after - before).toBe(42);
    expect(await sam.locator('.rs-reasons li').first().textContent()).toMatch(/No message from them for 10 weeks/); // 70 days, in weeks
    expect(await page.locator('[data-testid="preview-changes"] li[data-email="rita@renew.example"]').count()).toBe(0);
    expect(
      Number(
        await page
          .getByTestId('band-after-low')
          .textContent()
          .then((s) => s!.split(' ')[0]),
      ),
    ).toBe(after >= 40 ? 1 : 2);

    await page.getByRole('button', { name: 'Save rules' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Saved');
    expect((await storedRisk())?.rules?.theirSilence.tiers[1].points).toBe(60);
    // Saving rescores everyone in the background: the stored score (lists, badge) is the previewed one.
    await expect.poll(async () => (await rows(page, 'scores')).find((s) => s.contactId === 1)?.score, { timeout: 15_000 }).toBe(after);
    await page.reload();
    await page.locator('[data-testid="rules-preview"] table').waitFor();
    expect(await rule(page, 'theirSilence').getByLabel('Step 2: points').inputValue()).toBe('60');
    await expect.poll(() => page.getByTestId('preview-unchanged').count()).toBe(1);
    await page.close();
  });

  it('shows a specific error for medium ≥ high and does not save it', async () => {
    const page = await openRisk();
    const medium = rule(page, 'bands').getByLabel('Medium from score');
    // The bands follow the book until the user sets them: the thresholds are editable once that is unticked.
    expect(await medium.isDisabled()).toBe(true);
    await rule(page, 'bands').getByLabel('Set the bands from my book').uncheck();
    await medium.fill('80');
    const errors = page.getByTestId('rules-errors');
    await expect.poll(() => errors.textContent()).toContain('Risk bands: Medium from score: medium (80) must be below high (70)');
    expect(await medium.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('rules-preview').textContent()).toContain('Fix the problems');
    await page.getByRole('button', { name: 'Save rules' }).click();
    await expect.poll(() => page.locator('.rs-actions [role="alert"]').textContent()).toContain('Not saved');
    // An empty number is its own error.
    await rule(page, 'intent').getByLabel('First hit').fill('');
    await expect.poll(() => errors.textContent()).toContain('Churn wording: First hit: enter a number');
    expect((await storedRisk())?.rules?.bands.medium).toBe(40);
    // Reset to defaults fills the form with the default rules (saving is still the user's choice).
    await page.getByRole('button', { name: 'Reset to defaults' }).click();
    expect(await medium.inputValue()).toBe('40');
    expect(await rule(page, 'theirSilence').getByLabel('Step 2: points').inputValue()).toBe('18');
    expect(await page.getByTestId('rules-errors').count()).toBe(0);
    const sam = page.locator('[data-testid="preview-changes"] li[data-email="sam@quiet.example"]');
    await expect.poll(() => sam.getByTestId('preview-score').textContent()).toMatch(/ → /);
    const [saved, reset] = (await sam.getByTestId('preview-score').textContent())!.split(' → ').map(Number);
    expect(saved - reset).toBe(42);
    await page.reload();
    await page.locator('[data-testid="rules-preview"] table').waitFor();
    expect(await rule(page, 'bands').getByLabel('Medium from score').inputValue()).toBe('40');
    await page.close();
  });

  it('maps a custom field to a signal, shows how a value is read, and the scores use it', async () => {
    const page = await openRisk();
    const renewal = page.getByLabel('Renewal date', { exact: true });
    await renewal.selectOption('plan_end');
    await expect.poll(() => page.getByTestId('map-example-renewalAt').textContent()).toContain('Rita Renew: plan_end');
    expect(await page.getByTestId('map-example-renewalAt').textContent()).toMatch(/read as \w+ \d+, \d{4}/);
    // A wrong mapping is visible: text in a number signal.
    await page.getByLabel('Revenue', { exact: true }).selectOption('pay');
    await expect.poll(() => page.getByTestId('map-example-revenue').textContent()).toContain('not a number');
    await page.getByLabel('Revenue', { exact: true }).selectOption('');
    await page.getByRole('button', { name: 'Save field mapping' }).click();
    await expect.poll(async () => (await storedRisk())?.mapping).toEqual({ renewalAt: 'plan_end' });

    // With the renewal date read from plan_end, raising the renewal points moves Rita's score.
    await rule(page, 'renewal').getByLabel('points', { exact: true }).fill('30');
    const rita = page.locator('[data-testid="preview-changes"] li[data-email="rita@renew.example"]');
    await expect.poll(() => rita.count()).toBe(1);
    const [before, after] = (await rita.getByTestId('preview-score').textContent())!.split(' → ').map(Number);
    expect(after - before).toBe(22);
    expect(await rita.locator('.rs-reasons').textContent()).toMatch(/[Rr]enew/);
    await page.close();
  });

  it('imports an mbox through the file input with progress and a summary, and writes contacts and activities', async () => {
    const mboxPath = join(dir, 'Takeout-mail.mbox');
    const message = (id: string, from: string, to: string, date: string, subject: string, body: string) =>
      [
        `From 1790000000000000${id}@xxx ${date}`,
        `Message-ID: <${id}@mail.example>`,
        `From: ${from}`,
        `To: ${to}`,
        `Date: ${date}`,
        `Subject: ${subject}`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        body,
        '',
      ].join('\n');
    writeFileSync(
      mboxPath,
      [
        message('01', 'Nora Field <nora@fieldco.jp>', ME, 'Mon, 02 Nov 2026 09:00:00 +0900', '=?UTF-8?B?5pu05paw44Gr44Gk44GE44Gm?=', '解約を検討しています。'),
        message('02', `Alex <${ME}>`, 'nora@fieldco.jp', 'Mon, 02 Nov 2026 12:00:00 +0900', 'Re: 更新について', 'ご連絡ありがとうございます。'),
        message('01', 'Nora Field <nora@fieldco.jp>', ME, 'Mon, 02 Nov 2026 09:00:00 +0900', 'copy', 'same Message-ID'),
        message('03', `Alex <${ME}>`, ME, 'Tue, 03 Nov 2026 12:00:00 +0900', 'note to self', 'x'),
      ].join(''),
    );
    const page = await openRisk();
    expect(await page.getByLabel('Your addresses (required)').inputValue()).toBe(ME);
    await page.evaluate(() => {
      const w = window as unknown as { sawProgress: boolean };
      w.sawProgress = false;
      new MutationObserver(() => (w.sawProgress ||= !!document.querySelector('[data-testid="mbox-progress"] progress'))).observe(document.body, { subtree: true, childList: true });
    });
    await page.getByLabel('Mailbox file (.mbox)').setInputFiles(mboxPath);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const summary = page.getByTestId('mbox-summary');
    await summary.waitFor();
    const value = (key: string) => summary.locator(`dd[data-key="${key}"]`).textContent();
    expect(await summary.textContent()).toContain('Import finished.');
    expect(await value('messagesRead')).toBe('3');
    expect(await value('added')).toBe('2');
    expect(await value('alreadyThere')).toBe('1');
    expect(await value('skippedNoCorrespondent')).toBe('1');
    expect(await value('contactsCreated')).toBe('1');
    expect(await page.evaluate(() => (window as unknown as { sawProgress: boolean }).sawProgress)).toBe(true);
    // The rules preview re-reads its sample with the new contact: a lead, which is not scored for churn, so the
    // preview still holds the 2 customers.
    await expect.poll(() => page.getByTestId('rules-preview').textContent()).toContain('On the 2 customers among your most recently active contacts');

    const nora = (await rows(page, 'contacts')).find((c) => c.email === 'nora@fieldco.jp');
    expect(nora).toMatchObject({ name: 'Nora Field', lastInboundAt: Date.UTC(2026, 10, 2, 0), lastOutboundAt: Date.UTC(2026, 10, 2, 3) });
    const companies = await rows(page, 'companies');
    expect(companies.find((c) => c.id === nora!.companyId)?.name).toBe('Fieldco');
    // Takeout From_ lines carry Gmail's message id: kept (in hex) as the key the Gmail thread view uses.
    const imported = (await rows(page, 'activities')).filter((a) => (a.flags as string[] | undefined)?.includes('mbox')).sort((a, b) => Number(a.at) - Number(b.at));
    expect(imported.map((a) => [a.messageId, a.direction, a.subject])).toEqual([
      [BigInt('179000000000000001').toString(16), 'in', '更新について'],
      [BigInt('179000000000000002').toString(16), 'out', 'Re: 更新について'],
    ]);
    expect(imported[0].flags).toEqual(['mbox', 'intent:cancel']);

    // The same file again adds nothing.
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => value('alreadyThere')).toBe('3');
    expect(await value('added')).toBe('0');
    await page.close();
  });

  it('cancels a large import cleanly: the batches written stay, the summary says how many', async () => {
    const { chunks, messages } = syntheticMbox(150 * 1024 * 1024);
    const path = join(dir, 'large.mbox');
    writeFileSync(path, Buffer.concat(chunks));
    const page = await openRisk();
    const before = (await rows(page, 'activities')).length;
    await page.getByLabel('Your addresses (required)').fill('ann@kizuna.example');
    await page.getByLabel('Mailbox file (.mbox)').setInputFiles(path);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const progress = page.getByTestId('mbox-progress');
    // Cancel once the first batch is written, well before the end.
    await expect.poll(async () => Number(/· ([\d,]+) added/.exec((await progress.textContent()) ?? '')?.[1]?.replace(/,/g, '') ?? 0), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await progress.locator('progress').getAttribute('max')).toBe(String(chunks.reduce((n, c) => n + c.length, 0)));
    await page.getByRole('button', { name: 'Cancel import' }).click();
    const summary = page.getByTestId('mbox-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Import cancelled.');
    const added = Number((await summary.locator('dd[data-key="added"]').textContent())!.replace(/,/g, ''));
    expect(added).toBeGreaterThan(0);
    expect(added).toBeLessThan(messages);
    expect((await rows(page, 'activities')).length - before).toBe(added);
    await page.close();
  });

  it('refuses a file that is not an mbox with a clear error and writes nothing', async () => {
    const page = await openRisk();
    const before = (await rows(page, 'activities')).length;
    await page.getByLabel('Mailbox file (.mbox)').setInputFiles({ name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from('email,name\nx@y.example,X\n') });
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => page.getByTestId('mbox-error').textContent()).toContain('This file is not an mbox mailbox');
    expect(await page.getByTestId('mbox-error').textContent()).toContain('Nothing was imported');
    expect((await rows(page, 'activities')).length).toBe(before);
    // Own addresses are required.
    await page.getByLabel('Your addresses (required)').fill('');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => page.locator('.rs-mbox [role="alert"]').first().textContent()).toContain('Enter at least one of your own addresses');
    expect(k.errors.filter((e) => e.includes('app.html'))).toEqual([]);
    await page.close();
  });
});

describe('risk settings page in Japanese', () => {
  it('shows the editors, the field errors and the mailbox error in Japanese', async () => {
    const ja = await launchKizuna({ lang: 'ja' });
    try {
      const page = await ja.context.newPage();
      await page.goto(`chrome-extension://${ja.extensionId}/app.html#/risk`);
      await page.getByRole('heading', { name: 'リスクのルール' }).waitFor();
      expect(await page.getByRole('heading', { name: 'リスクに使うカスタム項目' }).count()).toBe(1);
      await page.locator('fieldset[data-rule="bands"]').getByLabel('顧客の実績からしきい値を決める').uncheck();
      await page.locator('fieldset[data-rule="bands"]').getByLabel('「中」とするスコア').fill('75');
      await expect.poll(() => page.getByTestId('rules-errors').textContent()).toContain('「中」（75）は「高」（70）より小さくしてください');
      await page.getByLabel('あなたのアドレス（必須）').fill('me@example.com');
      await page.getByLabel('メールボックスファイル（.mbox）').setInputFiles({ name: 'a.txt', mimeType: 'text/plain', buffer: Buffer.from('hello\n') });
      await page.getByRole('button', { name: 'インポート', exact: true }).click();
      await expect.poll(() => page.getByTestId('mbox-error').textContent()).toContain('mbox 形式ではありません');
      expect(ja.errors.filter((e) => e.includes('app.html'))).toEqual([]);
    } finally {
      await ja.close();
    }
  });
});
