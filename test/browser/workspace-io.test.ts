import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LATEST_VERSION } from '../../lib/db/schema';
import type { Page } from 'playwright-core';
import { launchKizuna, type Kizuna } from '../support/launch';
import { seedRows } from '../support/seed';

let k: Kizuna;
beforeAll(async () => {
  k = await launchKizuna();
});
afterAll(async () => k?.close());

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures/csv', name));

async function openApp(route: string, on: Kizuna = k): Promise<Page> {
  const page = await on.context.newPage();
  await page.goto(`chrome-extension://${on.extensionId}/app.html#/${route}`);
  await page.locator('main h2').first().waitFor();
  return page;
}

/** Every row of a store of the extension's database, read with plain IndexedDB from an extension page. */
function rows<T = Record<string, unknown>>(page: Page, store: string): Promise<T[]> {
  return page.evaluate(
    (store) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open('kizuna');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction(store).objectStore(store).getAll();
          request.onsuccess = () => {
            open.result.close();
            resolve(request.result as T[]);
          };
          request.onerror = () => reject(request.error);
        };
      }),
    store,
  );
}

type Row = { id: number; email: string; name: string; tags: number[]; companyId?: number; contactIds: number[]; kind: string; text?: string };

const counts = (page: Page) => Promise.all(['new', 'updated', 'unchanged', 'invalid'].map((k) => page.getByTestId(`wi-count-${k}`).locator('strong').first().textContent()));

async function importFile(page: Page, name: string, buffer: Buffer): Promise<void> {
  await page.getByLabel('CSV file').setInputFiles({ name, mimeType: 'text/csv', buffer });
}

describe('workspace import, duplicates, backup and reports (real Chromium, built extension)', () => {
  it('imports a Shift_JIS CSV from Japanese Excel: detected, dry-run counts, invalid rows with reasons, then written', async () => {
    const page = await openApp('import');
    await importFile(page, 'excel.csv', fixture('japanese-excel-sjis.csv'));
    await expect.poll(() => page.getByTestId('wi-detected').textContent()).toContain('shift_jis');
    expect(await page.getByLabel('Import column "メールアドレス" as').inputValue()).toBe('field:email');
    expect(await page.getByLabel('Import column "姓" as').inputValue()).toBe('field:lastName');
    await page.getByText('Preview: the first 5 rows as read').click();
    expect(await page.locator('.wi-preview tbody').textContent()).toContain('田中商事');
    expect(await page.locator('.wi-preview tbody tr').last().textContent()).toContain('～特別～');
    await page.getByRole('button', { name: 'Check the file (dry run)' }).click();
    await page.getByTestId('wi-counts').waitFor();
    expect(await counts(page)).toEqual(['3', '0', '0', '2']);
    const invalid = page.locator('.wi-invalid-scroll [role="row"]');
    await expect
      .poll(() => invalid.allTextContents())
      .toEqual([expect.stringMatching(/^4メールアドレスNot a valid email address: "not-an-email"$/), expect.stringMatching(/^5メールアドレスSame email as row 2$/)]);
    expect(await rows(page, 'contacts')).toEqual([]);
    await page.getByRole('button', { name: 'Import 3 contacts' }).click();
    await page.getByTestId('wi-summary').waitFor();
    const contacts = await rows<Row>(page, 'contacts');
    expect(contacts.map((c) => [c.email, c.name]).sort()).toEqual([
      ['ito@example.jp', '伊藤'],
      ['suzuki@example.jp', '鈴木 花子'],
      ['yamada@tanaka-shoji.co.jp', '山田 太郎'],
    ]);
    const tags = await rows<{ id: number; name: string }>(page, 'tags');
    expect(tags.map((t) => t.name).sort()).toEqual(['VIP', '展示会', '更新2027', '～特別～'].sort());
    const companies = await rows<{ id: number; name: string }>(page, 'companies');
    const yamada = contacts.find((c) => c.email.startsWith('yamada'))!;
    expect(companies.find((c) => c.id === yamada.companyId)?.name).toBe('田中商事');
    const notes = (await rows<Row>(page, 'activities')).filter((a) => a.kind === 'note');
    expect(notes).toEqual([expect.objectContaining({ contactIds: [yamada.id], text: '電話で確認済み、来月訪問' })]);
    expect(await page.getByRole('link', { name: 'Open the contacts list' }).getAttribute('href')).toBe('#/contacts');
    await page.close();
  });

  it('imports a UTF-8 CSV with a byte-order mark and updates an existing contact', async () => {
    const page = await openApp('import');
    const csv = Buffer.concat([fixture('english-crm-export.csv'), Buffer.from('yamada@tanaka-shoji.co.jp,,,,Customer,,renewal,,,\n')]);
    await importFile(page, 'crm.csv', csv);
    await expect.poll(() => page.getByTestId('wi-detected').textContent()).toContain('utf-8 (BOM)');
    await page.getByRole('button', { name: 'Check the file (dry run)' }).click();
    await page.getByTestId('wi-counts').waitFor();
    // An unknown stage and an impossible date only warn (issue #15): the row imports as a lead, without the date.
    expect(await counts(page)).toEqual(['3', '1', '0', '1']);
    await expect.poll(() => page.locator('.wi-warning-scroll').textContent()).toContain('Unknown stage "VIP"');
    await page.getByRole('button', { name: 'Import 4 contacts' }).click();
    await page.getByTestId('wi-summary').waitFor();
    const contacts = await rows<Row & { custom: Record<string, string>; stage: string }>(page, 'contacts');
    expect(contacts.find((c) => c.email === 'ann@acme.com')).toMatchObject({ name: 'Ann Lee', stage: 'customer', custom: { revenue: '120000' } });
    type StorageGlobal = { chrome: { storage: { local: { get(key: string): Promise<Record<string, unknown>> } } } };
    const settings = await page.evaluate(() => (globalThis as unknown as StorageGlobal).chrome.storage.local.get('settings'));
    expect((settings.settings as { customFields: { key: string }[] }).customFields.map((f) => f.key)).toContain('revenue');
    await page.close();
  });

  it('Cancel during the write leaves no contact, tag or company written', async () => {
    const page = await openApp('import');
    const before = { contacts: await rows(page, 'contacts'), tags: await rows(page, 'tags'), companies: await rows(page, 'companies') };
    const lines = ['email,name,company,tags'];
    for (let i = 0; i < 30_000; i++) lines.push(`cancel${i}@co${i % 300}.example,Person ${i},Cancel Co ${i % 300},cancel-tag-${i % 9}`);
    await importFile(page, 'many.csv', Buffer.from(lines.join('\n')));
    await page.getByRole('button', { name: 'Check the file (dry run)' }).click();
    await page.getByTestId('wi-counts').waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Import 30,000 contacts' }).click();
    await page.getByRole('status').filter({ hasText: 'Importing…' }).waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 60_000 }).toBe('Import cancelled: nothing was written.');
    expect({ contacts: await rows(page, 'contacts'), tags: await rows(page, 'tags'), companies: await rows(page, 'companies') }).toEqual(before);
    await page.close();
  });

  it('shows a malformed file’s specific error and writes nothing', async () => {
    const page = await openApp('import');
    const before = await rows(page, 'contacts');
    await importFile(page, 'broken.csv', Buffer.from('email,name\nann@x.com,"Ann\nbob@x.com,Bob\n'));
    const error = page.getByTestId('wi-file-error');
    await error.waitFor();
    expect(await error.getAttribute('data-code')).toBe('unclosed-quote');
    expect(await error.textContent()).toContain('A quoted cell is never closed');
    await importFile(page, 'bars.csv', Buffer.from('email|name\nann@x.com|Ann\n'));
    await expect.poll(() => error.getAttribute('data-code')).toBe('wrong-delimiter');
    expect(await error.textContent()).toContain('another separator');
    await importFile(page, 'empty.csv', Buffer.from(''));
    await expect.poll(() => error.getAttribute('data-code')).toBe('empty');
    expect(await error.textContent()).toContain('The file is empty.');
    expect(await page.getByRole('button', { name: 'Check the file (dry run)' }).count()).toBe(0);
    expect(await rows(page, 'contacts')).toEqual(before);
    await page.close();
  });

  it('merges two likely duplicates on the user’s word, and undo restores them', async () => {
    const now = Date.now();
    const base = { tags: [], stage: 'lead', owner: '', custom: {}, doNotContact: 0, createdAt: now, updatedAt: now };
    await seedRows(k.worker, {
      contacts: [
        { ...base, id: 500, email: 'dup@example.org', name: 'Dup Person', createdAt: now - 1000 },
        { ...base, id: 501, email: 'dup+news@example.org', name: '', owner: 'mia', custom: { plan: 'Pro' } },
      ],
      activities: [{ id: 900, kind: 'note', contactIds: [501], at: now, text: 'alias note' }],
    });
    const page = await openApp('duplicates');
    const before = { contacts: await rows(page, 'contacts'), activities: await rows(page, 'activities') };
    const group = page.getByTestId('wi-dup-group').filter({ hasText: 'dup+news@example.org' });
    await expect.poll(() => group.textContent()).toContain('Same mailbox (alias)');
    expect(await group.getByRole('radio').first().isChecked()).toBe(true);
    await group.getByRole('button', { name: 'Merge into dup@example.org' }).click();
    await expect.poll(() => page.getByTestId('wi-dup-status').textContent()).toContain('Merged 2 contacts');
    const merged = await rows<Row & { owner: string; custom: Record<string, string> }>(page, 'contacts');
    expect(merged.find((c) => c.id === 501)).toBeUndefined();
    expect(merged.find((c) => c.id === 500)).toMatchObject({ owner: 'mia', custom: { plan: 'Pro' } });
    expect((await rows<Row>(page, 'activities')).find((a) => a.id === 900)?.contactIds).toEqual([500]);
    await page.getByRole('button', { name: /^Undo merge into/ }).click();
    await expect.poll(() => page.getByTestId('wi-dup-status').textContent()).toContain('Merge undone');
    expect({ contacts: await rows(page, 'contacts'), activities: await rows(page, 'activities') }).toEqual(before);
    await page.close();
  });

  it('downloads a backup and restores it; an invalid file changes nothing', async () => {
    const page = await openApp('backup');
    const before = { contacts: await rows(page, 'contacts'), tags: await rows(page, 'tags'), tagMembers: await rows(page, 'tagMembers'), activities: await rows(page, 'activities') };
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download backup' }).click()]);
    const text = readFileSync((await download.path())!, 'utf8');
    const backup = JSON.parse(text);
    expect(backup).toMatchObject({ format: 'kizuna-backup', schemaVersion: LATEST_VERSION });
    expect(backup.tables.contacts).toHaveLength(before.contacts.length);
    expect(Object.keys(backup.tables).sort()).toEqual([
      'activities',
      'alerts',
      'campaignRecipients',
      'campaigns',
      'companies',
      'contacts',
      'enrolments',
      'playbookLog',
      'playbooks',
      'riskModels',
      'segments',
      'sendLedger',
      'sequences',
      'tags',
      'tasks',
      'templates',
    ]);
    // The settings travel with the data (the custom field the import above created), secrets do not.
    expect(backup.settings.general.customFields.map((f: { key: string }) => f.key)).toContain('revenue');
    expect(Object.keys(backup.settings).sort()).toEqual(['campaigns', 'general', 'risk']);
    expect(backup.settings.campaigns).not.toHaveProperty('developerToken');
    type StorageGlobal = { chrome: { storage: { local: { get(key: string): Promise<Record<string, unknown>>; set(items: object): Promise<void> } } } };
    const customFieldKeys = () =>
      page.evaluate(async () => {
        const { settings } = await (globalThis as unknown as StorageGlobal).chrome.storage.local.get('settings');
        return (settings as { customFields: { key: string }[] }).customFields.map((f) => f.key);
      });

    // Lose some data and the custom fields, then restore the file.
    await page.evaluate(async () => {
      const local = (globalThis as unknown as StorageGlobal).chrome.storage.local;
      const { settings } = await local.get('settings');
      await local.set({ settings: { ...(settings as object), customFields: [] } });
    });
    expect(await customFieldKeys()).toEqual([]);
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const open = indexedDB.open('kizuna');
          open.onsuccess = () => {
            const tx = open.result.transaction('contacts', 'readwrite');
            tx.objectStore('contacts').clear();
            tx.oncomplete = () => (open.result.close(), resolve());
          };
        }),
    );
    const file = page.getByLabel('Backup file');
    const broken = structuredClone(backup);
    broken.tables.contacts[0].email = 'NOT AN EMAIL';
    await file.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
    // In words, rows counted from 1, the table named as a person would.
    await expect.poll(() => page.getByTestId('wi-restore-errors').textContent()).toContain('Row 1 of the contacts: “email” has a value Kizuna cannot use.');
    expect(await rows(page, 'contacts')).toEqual([]);

    await file.setInputFiles({ name: 'backup.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await expect.poll(() => page.getByTestId('wi-backup-counts').locator('tr[data-table="contacts"] td').textContent()).toBe(String(before.contacts.length));
    expect(await page.getByRole('checkbox', { name: /Also restore the settings/ }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Replace everything with this backup' }).click();
    await expect.poll(() => page.getByTestId('wi-restored').textContent()).toContain('The settings were restored too.');
    expect(await customFieldKeys()).toContain('revenue');
    expect({ contacts: await rows(page, 'contacts'), tags: await rows(page, 'tags'), tagMembers: await rows(page, 'tagMembers'), activities: await rows(page, 'activities') }).toEqual(before);
    await page.close();
  });
});

// Its own browser: the restore above is followed by a rescore of everyone, which would rescore these seeded
// contacts (stored scores 82, 65, 12) from their empty history while the charts are read.
describe('reports (real Chromium, built extension, a fresh profile)', () => {
  let own: Kizuna;
  beforeAll(async () => {
    own = await launchKizuna();
  });
  afterAll(async () => own?.close());

  it('shows the reports with charts and their data tables', async () => {
    const day = 86_400_000;
    const now = Date.now();
    const base = { tags: [], custom: {}, doNotContact: 0, createdAt: now - 400 * day, updatedAt: now };
    await seedRows(own.worker, {
      contacts: [
        { ...base, id: 700, email: 'r1@example.org', name: 'Risky One', stage: 'customer', owner: 'ken', risk: 82, custom: { annual_revenue: '50000' } },
        { ...base, id: 701, email: 'r2@example.org', name: 'Risky Two', stage: 'at-risk', owner: 'mia', risk: 65, custom: { annual_revenue: '900000' } },
        { ...base, id: 702, email: 'r3@example.org', name: 'Gone', stage: 'churned', owner: 'ken', risk: 12, customerSince: now - 300 * day },
      ],
      activities: [{ id: 950, kind: 'stage', contactIds: [702], at: now - 20 * day, fromStage: 'customer', toStage: 'churned' }],
    });
    const page = await openApp('reports', own);
    const riskChart = page.getByTestId('wi-risk-chart');
    await riskChart.waitFor();
    expect(await riskChart.getAttribute('aria-label')).toMatch(/80–90: 1/);
    expect(await riskChart.getAttribute('role')).toBe('img');
    expect(await page.getByTestId('wi-risk-table').locator('tbody tr').count()).toBe(10);
    expect(await page.getByTestId('wi-risk-table').locator('tr', { hasText: '60–70' }).locator('td').textContent()).toBe('1');
    expect(await page.getByTestId('wi-retention-table').locator('tbody tr').count()).toBe(12);
    expect(await page.getByTestId('wi-retention-chart').evaluate((c: HTMLCanvasElement) => c.width > 0)).toBe(true);
    expect(await page.getByTestId('wi-retention-table').textContent()).toMatch(/%/);
    await page.getByLabel('Revenue field').selectOption('annual_revenue');
    await expect.poll(() => page.getByTestId('wi-at-risk-table').locator('tbody th').allTextContents()).toEqual(['Risky Two', 'Risky One']);
    await page.getByLabel('Owner').selectOption('ken');
    await expect.poll(() => page.getByTestId('wi-at-risk-table').locator('tbody th').allTextContents()).toEqual(['Risky One']);
    expect(own.errors).toEqual([]);
    await page.close();
  });
});
