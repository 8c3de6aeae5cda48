import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchKizuna, type Kizuna } from '../support/launch';
import { ME, SAMPLE_THREADS } from '../support/sample-threads';
import { seedRows } from '../support/seed';

const DAY = 86_400_000;
const STAGES = ['lead', 'customer', 'at-risk', 'churned', 'advocate'] as const;
const NOW = Date.now();
const N = 300;

/** 300 contacts: every third at Acme, even ones tagged VIP, stages in turn, most scored; #1 has a formula for a name. */
const contacts = Array.from({ length: N }, (_, i) => ({
  id: i + 1,
  email: `p${i}@${i % 3 === 0 ? 'acme.com' : 'beta.io'}`,
  name: i === 0 ? '=HYPERLINK("http://evil.example","x")' : i === 3 ? '山田 太郎' : `Person ${i}`,
  companyId: i % 3 === 0 ? 1 : 2,
  tags: i % 2 === 0 ? [1] : [2],
  stage: i === 0 ? 'customer' : STAGES[i % 5],
  owner: `owner${i % 3}`,
  custom: { revenue: String(1000 + i) },
  doNotContact: 0,
  ...(i % 4 === 0 ? {} : { risk: (i * 7) % 101 }),
  lastInboundAt: NOW - (i % 60) * DAY,
  createdAt: NOW - 100 * DAY,
  updatedAt: NOW - 100 * DAY,
}));
const vipCustomers = contacts.filter((c) => c.tags.includes(1) && c.stage === 'customer');

let k: Kizuna;
let page: Page;
beforeAll(async () => {
  k = await launchKizuna();
  await k.serveGmail({ user: ME, threads: SAMPLE_THREADS });
  await seedRows(k.worker, {
    companies: [{ id: 1, name: 'Acme Corp', domain: 'acme.com', fields: {} }, { id: 2, name: 'Beta', domain: 'beta.io', fields: {} }],
    tags: [{ id: 1, name: 'VIP', key: 'vip', color: '#1a73e8' }, { id: 2, name: 'Trial', key: 'trial', color: '#188038' }],
    contacts,
    activities: [{ id: 1, kind: 'note', contactIds: [1], at: NOW - DAY, text: 'Asked about the renewal price' }],
  });
  page = await k.context.newPage();
  await page.goto(`chrome-extension://${k.extensionId}/app.html#/contacts`);
});
afterAll(async () => k?.close());

const count = () => page.getByTestId('result-count').getAttribute('data-count').then(Number);
/** Contacts in the extension's database that have the tag with this name. */
const taggedInDb = (name: string) =>
  k.worker.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('kizuna');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const get = <T,>(store: string) => new Promise<T[]>((resolve) => {
      const r = db.transaction(store).objectStore(store).getAll();
      r.onsuccess = () => resolve(r.result as T[]);
    });
    const tag = (await get<{ id: number; key: string }>('tags')).find((t) => t.key === name.toLowerCase());
    const rows = await get<{ tags: number[] }>('contacts');
    db.close();
    return tag ? rows.filter((c) => c.tags.includes(tag.id)).length : 0;
  }, name);

describe('workspace lists (real Chromium, built extension, app.html)', () => {
  it('lists every contact, searches by company, filters by tag and stage, and saves a segment with a live count', async () => {
    await expect.poll(count, { timeout: 15_000 }).toBe(N);
    await page.getByLabel('Search contacts').fill('acme');
    await expect.poll(count).toBe(contacts.filter((c) => c.companyId === 1).length);
    await page.getByLabel('Search contacts').fill('山田');
    await expect.poll(count).toBe(1);
    await page.getByLabel('Search contacts').fill('');

    await page.getByLabel('Add a condition').selectOption('tags');
    await page.locator('.ws-filters li[data-kind="tags"] select[multiple]').selectOption(['1']);
    await page.getByLabel('Add a condition').selectOption('stage');
    await page.locator('.ws-filters li[data-kind="stage"]').getByLabel('Customer').check();
    await expect.poll(count).toBe(vipCustomers.length);

    await page.getByPlaceholder('Segment name').fill('VIP customers');
    await page.getByRole('button', { name: 'Save as segment' }).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#\/segment\/\d+$/);
    const segment = page.locator('.ws-segments li[data-segment="VIP customers"]');
    await expect.poll(() => segment.getByTestId('segment-count').textContent()).toBe(String(vipCustomers.length));
    expect(await page.getByRole('heading', { level: 2 }).textContent()).toBe('VIP customers');
  });

  it('bulk-tags the whole segment, undoes and redoes it; a stage change on two selected rows updates the live count', async () => {
    await page.getByLabel('Action', { exact: true }).selectOption('addTags');
    await page.getByLabel('Tag names').fill('Renewal 2026');
    await page.getByRole('button', { name: `Apply to ${vipCustomers.length}` }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Add tags:' }).textContent()).toContain(`${vipCustomers.length} of ${vipCustomers.length} contacts changed`);
    expect(await taggedInDb('renewal 2026')).toBe(vipCustomers.length);
    await expect.poll(() => page.locator('[role="row"][data-index="0"] [data-col="tags"]').textContent()).toContain('Renewal 2026');

    await page.getByRole('button', { name: 'Undo Add tags' }).click();
    await expect.poll(() => taggedInDb('renewal 2026')).toBe(0);
    await page.getByRole('button', { name: 'Redo Add tags' }).click();
    await expect.poll(() => taggedInDb('renewal 2026')).toBe(vipCustomers.length);

    const grid = page.getByRole('grid', { name: 'Contacts' });
    await grid.getByRole('checkbox', { name: `Select ${vipCustomers[1].name}`, exact: true }).check();
    await grid.getByRole('checkbox', { name: `Select ${vipCustomers[2].name}`, exact: true }).check();
    await page.getByLabel('Action', { exact: true }).selectOption('setStage');
    await page.locator('.ws-bulk').getByLabel('Stage').selectOption('lead');
    await page.getByRole('button', { name: 'Apply to 2' }).click();
    const segmentCount = page.locator('.ws-segments li[data-segment="VIP customers"]').getByTestId('segment-count');
    await expect.poll(() => segmentCount.textContent()).toBe(String(vipCustomers.length - 2));
    await expect.poll(count).toBe(vipCustomers.length - 2);
    await page.getByRole('button', { name: 'Undo Set stage' }).click();
    await expect.poll(() => segmentCount.textContent()).toBe(String(vipCustomers.length));
  });

  it('exports the segment as CSV with a BOM, the shown columns and formula cells escaped', async () => {
    await expect.poll(count).toBe(vipCustomers.length);
    expect(await page.getByRole('button', { name: 'Export 2 as CSV' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Clear selection' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: `Export ${vipCustomers.length} as CSV` }).click()]);
    expect(download.suggestedFilename()).toMatch(/^kizuna-VIP-customers-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe('Name,Email,Company,Stage,Owner,Tags,Risk,Last contact');
    expect(lines.filter(Boolean)).toHaveLength(vipCustomers.length + 1);
    expect(lines[1]).toBe(`"'=HYPERLINK(""http://evil.example"",""x"")",p0@acme.com,Acme Corp,customer,owner0,VIP; Renewal 2026,,${lines[1].split(',').at(-1)}`);
  });

  it('opens a contact with the keyboard, shows its profile, risk, notes and company page with combined risk', async () => {
    const first = page.locator('[role="row"][data-index="0"]');
    await first.focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLElement).dataset.index)).toBe('1');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/contact/${vipCustomers[1].id}`);
    await page.goto(`chrome-extension://${k.extensionId}/app.html#/contact/1`);
    await expect.poll(() => page.getByTestId('profile-email').textContent()).toBe('p0@acme.com');
    expect(await page.getByTestId('risk').count()).toBe(1);
    expect(await page.getByText('Asked about the renewal price').count()).toBe(1);
    await page.getByRole('link', { name: 'Acme Corp' }).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/company/1');
    const acme = contacts.filter((c) => c.companyId === 1 && c.risk !== undefined).map((c) => c.risk!);
    await expect.poll(() => page.getByTestId('risk-max').textContent()).toBe(String(Math.max(...acme)));
    expect(await page.locator('.ws-table tbody tr').count()).toBe(contacts.filter((c) => c.companyId === 1).length);
  });

  it('opens the contact in the app from the Gmail sidebar', async () => {
    const { page: gmail, sidebar } = await k.openGmail('#inbox/18c1a2b3c4d5e6f7');
    await expect.poll(() => sidebar.locator('[data-testid="profile-email"]').textContent()).toBe('dana.lee@acme-corp.com');
    const [opened] = await Promise.all([k.context.waitForEvent('page'), sidebar.getByRole('button', { name: 'Open in Kizuna' }).click()]);
    await opened.waitForLoadState();
    expect(opened.url()).toMatch(new RegExp(`^chrome-extension://${k.extensionId}/app\\.html#/contact/\\d+$`));
    await expect.poll(() => opened.getByTestId('profile-email').textContent()).toBe('dana.lee@acme-corp.com');
    await gmail.close();
    expect(k.errors).toEqual([]);
  });
});
