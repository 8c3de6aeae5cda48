import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchKizuna, type Kizuna } from '../support/launch';
import { ME, SAMPLE_THREADS } from '../support/sample-threads';

const STAGES = ['lead', 'customer', 'at-risk', 'churned', 'advocate'] as const;
const N = 300;

/** 300 contacts: every third at Acme, even ones tagged VIP, stages in turn; #0 has a formula for a name and a note. */
const contacts = Array.from({ length: N }, (_, i) => ({
  email: `p${i}@${i % 3 === 0 ? 'acme.com' : 'beta.io'}`,
  name: i === 0 ? '=HYPERLINK("http://evil.example","x")' : i === 3 ? '山田 太郎' : `Person ${i}`,
  company: i % 3 === 0 ? 'Acme Corp' : 'Beta',
  tags: i % 2 === 0 ? ['VIP'] : ['Trial'],
  stage: i === 0 ? 'customer' : STAGES[i % 5],
  owner: `owner${i % 3}`,
  revenue: String(1000 + i),
  note: i === 0 ? 'Asked about the renewal price' : '',
  /** The stored risk score, as the risk engine would have written it (the import does not score). */
  risk: i % 4 === 0 ? undefined : (i * 7) % 101,
}));
const vipCustomers = contacts.filter((c) => c.tags.includes('VIP') && c.stage === 'customer');
const quote = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
const csv = [
  'Email,Name,Company,Stage,Owner,Tags,Notes,Revenue',
  ...contacts.map((c) => [c.email, c.name, c.company, c.stage, c.owner, c.tags.join(';'), c.note, c.revenue].map(quote).join(',')),
].join('\r\n');

let k: Kizuna;
let page: Page;
beforeAll(async () => {
  k = await launchKizuna();
  await k.serveGmail({ user: ME, threads: SAMPLE_THREADS });
  page = await k.context.newPage();
});
afterAll(async () => k?.close());

/**
 * Sets stored risk scores by email, into their blocks of the scoreBlocks table (lib/db/score-blocks.ts). Given for contacts of every
 * stage: the pages must show and count only the customers' (a lead's or churned contact's row is a leftover).
 */
const setRisks = (scores: [string, number][]) =>
  k.worker.evaluate(async (scores) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('kizuna');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(['contacts', 'scoreBlocks'], 'readwrite');
      const contacts = tx.objectStore('contacts');
      // Scores are packed a block of 100 contact ids per row (lib/db/score-blocks.ts): each goes into its block, one after another.
      const blocks = tx.objectStore('scoreBlocks');
      const putScore = (i: number) => {
        if (i >= scores.length) return;
        const [email, risk] = scores[i];
        contacts.index('email').get(email).onsuccess = (e) => {
          const contactId = ((e.target as IDBRequest).result as { id: number }).id;
          const block = Math.floor(contactId / 100);
          blocks.get(block).onsuccess = (b) => {
            const stored = ((b.target as IDBRequest).result as { rows: { contactId: number }[] } | undefined)?.rows ?? [];
            const row = { contactId, score: risk, band: risk >= 70 ? 'high' : risk >= 40 ? 'medium' : 'low', at: Date.now(), basis: '', history: [] };
            const rows = [...stored.filter((s) => s.contactId !== contactId), row].sort((x, y) => x.contactId - y.contactId);
            blocks.put({ block, rows }).onsuccess = () => putScore(i + 1);
          };
        };
      };
      putScore(0);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, scores);

/** Every row of a store of the extension's database. */
const storeRows = (store: string) =>
  k.worker.evaluate(async (store) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('kizuna');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const rows = await new Promise<Record<string, unknown>[]>((resolve) => {
      const r = db.transaction(store).objectStore(store).getAll();
      r.onsuccess = () => resolve(r.result);
    });
    db.close();
    return rows;
  }, store);

/** A contact's id by email. */
const idOf = (email: string) =>
  k.worker.evaluate(async (email) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('kizuna');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const id = await new Promise<number>((resolve) => {
      const r = db.transaction('contacts').objectStore('contacts').index('email').get(email);
      r.onsuccess = () => resolve(r.result.id);
    });
    db.close();
    return id;
  }, email);

const count = () => page.getByTestId('result-count').getAttribute('data-count').then(Number);
/** Contacts in the extension's database that have the tag with this name. */
const taggedInDb = (name: string) =>
  k.worker.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('kizuna');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const get = <T>(store: string) =>
      new Promise<T[]>((resolve) => {
        const r = db.transaction(store).objectStore(store).getAll();
        r.onsuccess = () => resolve(r.result as T[]);
      });
    const tag = (await get<{ id: number; key: string }>('tags')).find((t) => t.key === name.toLowerCase());
    // Tags are stored as membership rows (lib/contacts/membership.ts); only ids of existing contacts count.
    const contacts = new Set((await get<{ id: number }>('contacts')).map((c) => c.id));
    const members = await get<{ tagId: number; ids: number[] }>('tagMembers');
    db.close();
    return tag
      ? members
          .filter((m) => m.tagId === tag.id)
          .flatMap((m) => m.ids)
          .filter((id) => contacts.has(id)).length
      : 0;
  }, name);

describe('workspace lists (real Chromium, built extension, app.html)', () => {
  it('imports a CSV through the import page, then lists every contact', async () => {
    await page.goto(`chrome-extension://${k.extensionId}/app.html#/import`);
    await page.getByLabel('CSV file').setInputFiles({ name: 'crm.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('wi-detected').waitFor();
    await page.getByRole('button', { name: 'Check the file (dry run)' }).click();
    await page.getByTestId('wi-counts').waitFor();
    await page.getByRole('button', { name: `Import ${N} contacts` }).click();
    await page.getByTestId('wi-summary').waitFor();
    // Stored scores, as the risk engine writes them (the scores table).
    await setRisks(contacts.filter((c) => c.risk !== undefined).map((c) => [c.email, c.risk!]));
    await page.evaluate(() => (location.hash = '#/contacts'));
    await expect.poll(count, { timeout: 15_000 }).toBe(N);
  });

  it('searches by company, filters by tag and stage, and saves a segment with a live count', async () => {
    await page.getByLabel('Search contacts').fill('acme');
    await expect.poll(count).toBe(contacts.filter((c) => c.company === 'Acme Corp').length);
    await page.getByLabel('Search contacts').fill('山田');
    await expect.poll(count).toBe(1);
    await page.getByLabel('Search contacts').fill('');

    await page.getByLabel('Add a condition').selectOption('tags');
    await page.locator('.ws-filters li[data-kind="tags"] select[multiple]').selectOption({ label: 'VIP' });
    // An alternative (OR): VIP, or churned; removing it turns the group back into the tags condition.
    await page.getByLabel('Add an alternative to this condition (Tags): match either').selectOption('stage');
    await page.locator('.ws-or li[data-kind="stage"]').getByLabel('Churned').check();
    await expect.poll(count).toBe(contacts.filter((c) => c.tags.includes('VIP') || c.stage === 'churned').length);
    await page.locator('.ws-or').getByLabel('Add another alternative to this group').selectOption('company');
    await page.locator('.ws-or li[data-kind="company"] select[multiple]').selectOption({ label: 'Acme Corp' });
    await expect.poll(count).toBe(contacts.filter((c) => c.tags.includes('VIP') || c.stage === 'churned' || c.company === 'Acme Corp').length);
    await page.getByRole('button', { name: 'Remove condition: Company' }).click();
    await page.getByRole('button', { name: 'Remove condition: Stage' }).click();
    await expect.poll(() => page.locator('.ws-filters .ws-or').count()).toBe(0);
    await expect.poll(count).toBe(contacts.filter((c) => c.tags.includes('VIP')).length);
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
    // Without a selection the bulk actions are folded behind a button that names the whole filter.
    await page.getByRole('button', { name: `Change all ${vipCustomers.length} in this filter…` }).click();
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

  it('deletes a contact with its note, and undo brings both back', async () => {
    await page.getByRole('button', { name: 'Clear selection' }).click();
    await page
      .getByRole('grid', { name: 'Contacts' })
      .getByRole('checkbox', { name: `Select ${contacts[0].name}`, exact: true })
      .check();
    await page.getByLabel('Action', { exact: true }).selectOption('delete');
    await page.getByRole('button', { name: 'Apply to 1' }).click();
    await page.getByRole('button', { name: 'Delete 1 contact', exact: true }).click();
    await expect.poll(async () => (await storeRows('contacts')).length).toBe(N - 1);
    expect((await storeRows('activities')).filter((a) => a.kind === 'note')).toEqual([]);
    await expect.poll(count).toBe(vipCustomers.length - 1);
    await page.getByRole('button', { name: 'Undo Delete contacts' }).click();
    await expect.poll(async () => (await storeRows('contacts')).length).toBe(N);
    const notes = (await storeRows('activities')).filter((a) => a.kind === 'note');
    expect(notes.map((a) => [a.text, a.contactIds])).toEqual([['Asked about the renewal price', [await idOf('p0@acme.com')]]]);
    await expect.poll(count).toBe(vipCustomers.length);
  });

  it('exports the segment as CSV with a BOM, the shown columns and formula cells escaped', async () => {
    await expect.poll(count).toBe(vipCustomers.length);
    expect(await page.getByRole('button', { name: 'Export 1 as CSV' }).count()).toBe(1);
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

  it('hands the segment to the campaign wizard as a selection of the same contacts', async () => {
    await expect.poll(count).toBe(vipCustomers.length);
    const listUrl = page.url();
    await page.getByRole('button', { name: `Start a campaign (${vipCustomers.length})` }).click();
    await page.waitForURL(/#\/campaigns\/new$/);
    const option = page.getByRole('option', { name: `Contacts selected on the Contacts page (${vipCustomers.length})` });
    await expect.poll(() => option.count()).toBe(1);
    const handed = await page.evaluate(() => JSON.parse(sessionStorage.getItem('kizuna.campaignSelection')!) as number[]);
    const expected = await Promise.all(vipCustomers.map((c) => idOf(c.email)));
    expect([...handed].sort((a, b) => a - b)).toEqual([...expected].sort((a, b) => a - b));
    await page.goto(listUrl);
  });

  it('opens a contact with the keyboard, shows its profile, risk, notes and company page with combined risk', async () => {
    const first = page.locator('[role="row"][data-index="0"]');
    await first.focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLElement).dataset.index)).toBe('1');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/contact/${await idOf(vipCustomers[1].email)}`);
    await page.goto(`chrome-extension://${k.extensionId}/app.html#/contact/${await idOf('p0@acme.com')}`);
    await expect.poll(() => page.getByTestId('profile-email').textContent()).toBe('p0@acme.com');
    // p0 has no stored score: it is scored after paint and its badge shows once that score is stored (issue 13).
    await expect.poll(() => page.getByTestId('risk').count(), { timeout: 30_000 }).toBe(1);
    expect(await page.getByText('Asked about the renewal price').count()).toBe(1);
    await page.getByRole('link', { name: 'Acme Corp' }).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#\/company\/\d+$/);
    // Only customers count: a lead's or churned contact's leftover score does not.
    const customer = (c: (typeof contacts)[number]) => ['customer', 'at-risk', 'advocate'].includes(c.stage);
    const acme = contacts.filter((c) => c.company === 'Acme Corp' && c.risk !== undefined && customer(c)).map((c) => c.risk!);
    await expect.poll(() => page.getByTestId('risk-max').textContent()).toBe(String(Math.max(...acme)));
    expect(await page.locator('.ws-table tbody tr').count()).toBe(contacts.filter((c) => c.company === 'Acme Corp').length);
  });

  it('renames and deletes a saved segment; its contacts stay', async () => {
    await page.goto(`chrome-extension://${k.extensionId}/app.html#/contacts`);
    await page.getByRole('button', { name: 'Rename segment VIP customers' }).click();
    await page.locator('.ws-segments').getByLabel('Segment name').fill('Top customers');
    await page.locator('.ws-segments').getByRole('button', { name: 'Save' }).click();
    const renamed = page.locator('.ws-segments li[data-segment="Top customers"]');
    await expect.poll(() => renamed.getByTestId('segment-count').textContent()).toBe(String(vipCustomers.length));
    await page.getByRole('button', { name: 'Delete segment Top customers' }).click();
    await page.locator('.ws-segments').getByRole('button', { name: 'Delete', exact: true }).click();
    await expect.poll(() => page.locator('.ws-segments li[data-segment]').count()).toBe(0);
    expect(await storeRows('segments')).toEqual([]);
    expect(await storeRows('contacts')).toHaveLength(N);
  });

  it('opens the contact in the app from the Gmail sidebar', async () => {
    const { page: gmail, sidebar } = await k.openGmail('#inbox/18c1a2b3c4d5e6f7');
    await expect.poll(() => sidebar.locator('[data-testid="profile-email"]').textContent(), { timeout: 15_000 }).toBe('dana.lee@acme-corp.com');
    const [opened] = await Promise.all([k.context.waitForEvent('page'), sidebar.getByRole('button', { name: 'Open in Kizuna' }).click()]);
    await opened.waitForLoadState();
    expect(opened.url()).toMatch(new RegExp(`^chrome-extension://${k.extensionId}/app\\.html#/contact/\\d+$`));
    await expect.poll(() => opened.getByTestId('profile-email').textContent(), { timeout: 15_000 }).toBe('dana.lee@acme-corp.com');
    await gmail.close();
    expect(k.errors).toEqual([]);
  });
});
