import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchKizuna, type Kizuna } from '../support/launch';

// Imports from the tools people leave (issue #15): a HubSpot export arrives whole, its unknown
// lifecycle stage is a warning with its rows and can be given a stage; 売上 lands in the revenue field.
let k: Kizuna;
beforeAll(async () => {
  k = await launchKizuna();
});
afterAll(async () => k?.close());

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures/csv', name));

type StoredContact = { email: string; stage: string; externalId?: string; lastOutboundAt?: number; custom: Record<string, string> };

function contacts(page: Page): Promise<StoredContact[]> {
  return page.evaluate(
    () =>
      new Promise<StoredContact[]>((resolve, reject) => {
        const open = indexedDB.open('kizuna');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('contacts').objectStore('contacts').getAll();
          request.onsuccess = () => {
            open.result.close();
            resolve(request.result as StoredContact[]);
          };
          request.onerror = () => reject(request.error);
        };
      }),
  );
}

async function openImport(): Promise<Page> {
  const page = await k.context.newPage();
  await page.goto(`chrome-extension://${k.extensionId}/app.html#/import`);
  await page.locator('main h2').first().waitFor();
  return page;
}

async function pick(page: Page, name: string): Promise<void> {
  await page.getByLabel('CSV file').setInputFiles({ name, mimeType: 'text/csv', buffer: fixture(name) });
  await page.getByTestId('wi-detected').waitFor();
}

const count = (page: Page, kind: string) => page.getByTestId(`wi-count-${kind}`).locator('strong').textContent();

async function check(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Check the file (dry run)' }).click();
  await page.getByTestId('wi-counts').waitFor();
}

describe('importing other CRMs’ exports (real Chromium, built extension)', () => {
  it('a HubSpot export keeps every row; an unknown lifecycle stage is a warning listing its rows', async () => {
    const page = await openImport();
    await pick(page, 'hubspot-contacts-export.csv');
    expect(await page.getByLabel('Import column "Lifecycle Stage" as').inputValue()).toBe('field:stage');
    expect(await page.getByLabel('Import column "Annual Revenue" as').inputValue()).toBe('custom:revenue');
    expect(await page.getByLabel('Import column "Record ID" as').inputValue()).toBe('field:externalId');
    expect(await page.getByLabel('Import column "Last Activity Date" as').inputValue()).toBe('field:lastContact');
    // The stage table: each value in the file and the stage it becomes.
    expect(await page.getByLabel('Stage for "Marketing Qualified Lead"').inputValue()).toBe('lead');
    expect(await page.getByLabel('Stage for "Evangelist"').inputValue()).toBe('advocate');
    expect(await page.getByLabel('Stage for "Partner"').inputValue()).toBe('');

    await check(page);
    expect([await count(page, 'new'), await count(page, 'invalid')]).toEqual(['10', '0']);
    expect(await page.getByTestId('wi-warning-note').textContent()).toBe('3 rows import with a warning: see below.');
    expect(await page.getByTestId('wi-unknown-stage').allTextContents()).toEqual([
      'Unknown stage "Partner" in 2 rows (rows 5, 9): new contacts get Lead, existing ones keep their stage. Choose a stage for it in the table above and check again.',
    ]);
    await expect
      .poll(() => page.locator('.wi-warning-scroll [role="row"]').allTextContents())
      .toEqual([
        '5Lifecycle StageUnknown stage "Partner": imported with the default stage',
        '9Lifecycle StageUnknown stage "Partner": imported with the default stage',
        '11Last Activity DateNo such date "2025-02-30 10:00": left empty',
      ]);
    expect(await page.getByTestId('wi-invalid').count()).toBe(0);

    await page.getByRole('button', { name: 'Import 10 contacts' }).click();
    await page.getByTestId('wi-summary').waitFor();
    const stored = await contacts(page);
    expect(stored).toHaveLength(10);
    expect(stored.find((c) => c.email === 'dee@beta.example')).toMatchObject({ stage: 'lead', externalId: '54', lastOutboundAt: Date.UTC(2025, 8, 30, 16, 45) });
    expect(stored.find((c) => c.email === 'ann@acme.example')).toMatchObject({ stage: 'customer', custom: { revenue: '120000' } });
    await page.close();
  });

  it('a stage chosen in the table is used on the next import, and its warning goes', async () => {
    const page = await openImport();
    await pick(page, 'hubspot-contacts-export.csv');
    await page.getByLabel('Stage for "Partner"').selectOption('advocate');
    await page.getByRole('radio', { name: "Overwrite with the file's values" }).check();
    await check(page);
    expect([await count(page, 'new'), await count(page, 'updated'), await count(page, 'unchanged')]).toEqual(['0', '2', '8']);
    expect(await page.getByTestId('wi-unknown-stage').count()).toBe(0);
    await page.getByRole('button', { name: 'Import 2 contacts' }).click();
    await page.getByTestId('wi-summary').waitFor();
    const stored = await contacts(page);
    expect(
      stored
        .filter((c) => c.stage === 'advocate')
        .map((c) => c.email)
        .sort(),
    ).toEqual(['dee@beta.example', 'eve@gamma.example', 'hal@delta.example']);
    await page.close();
  });

  it('a Japanese sales list: 売上 is imported into the revenue field, full-width and yen amounts as numbers', async () => {
    const page = await openImport();
    await pick(page, 'japanese-sales-list.csv');
    const revenue = page.getByLabel('Import column "売上" as');
    expect(await revenue.inputValue()).toBe('custom:revenue');
    expect(await revenue.locator('option:checked').textContent()).toBe('Revenue');
    await check(page);
    expect([await count(page, 'new'), await count(page, 'invalid')]).toEqual(['5', '0']);
    expect(await page.getByTestId('wi-unknown-stage').allTextContents()).toEqual([
      'Unknown stage "休眠" in 1 row (row 5): a new contact gets Lead, an existing one keeps its stage. Choose a stage for it in the table above and check again.',
    ]);
    await page.getByRole('button', { name: 'Import 5 contacts' }).click();
    await page.getByTestId('wi-summary').waitFor();
    const stored = (await contacts(page)).filter((c) => c.externalId?.startsWith('C-'));
    expect(stored.map((c) => c.custom.revenue)).toEqual(['30000', '30000', '30000', '1200000', '450000']);
    expect(stored.every((c) => !Object.keys(c.custom).some((key) => key.startsWith('field_')))).toBe(true);
    type StorageGlobal = { chrome: { storage: { local: { get(key: string): Promise<Record<string, unknown>> } } } };
    await expect
      .poll(async () => {
        const { settings } = await page.evaluate(() => (globalThis as unknown as StorageGlobal).chrome.storage.local.get('settings'));
        return (settings as { customFields: { key: string; label: string }[] } | undefined)?.customFields;
      })
      .toEqual(
        expect.arrayContaining([
          { key: 'revenue', label: 'Annual Revenue' },
          { key: 'renewalAt', label: '契約更新日' },
        ]),
      );
    await page.close();
  });

  it('an unclosed quote is reported once, at its spreadsheet row, with the editor line', async () => {
    const page = await openImport();
    await page.getByLabel('CSV file').setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from('email,notes\na@x.com,"two\nlines"\nb@x.com,"never closed\nc@x.com,ok\n') });
    const error = page.getByTestId('wi-file-error');
    await error.waitFor();
    expect(await error.textContent()).toBe('Row 3: A quoted cell is never closed (a " with no closing ").In a text editor, this is line 4.');
    expect(k.errors).toEqual([]);
    await page.close();
  });
});
