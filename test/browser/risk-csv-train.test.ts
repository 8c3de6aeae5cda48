// Issue #12, item 8 in the real browser: a churn data set imported through the CSV import page (its churn column as
// the stage) and trained in the model panel validates to the same AUC as `npm run churn -- eval` on the same file.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { evaluateCsv } from '../../lib/churn/evaluate';
import { launchKizuna, type Kizuna } from '../support/launch';

// Under the size from which an import is staged and filed in the background, so every contact is filed at once.
const ROWS = 800;

function crmCsv(): string {
  const [header, ...rows] = Papa.parse<string[]>(readFileSync('test/fixtures/churn/mlc_churn.csv', 'utf8'), { skipEmptyLines: true }).data;
  const at = header.indexOf('churn');
  const out = [['email', ...header.map((h, i) => (i === at ? 'stage' : h))]];
  rows.slice(0, ROWS).forEach((r, i) => out.push([`customer${i + 1}@example.com`, ...r.map((v, j) => (j === at ? (v === 'yes' ? 'churned' : 'customer') : v))]));
  return Papa.unparse(out);
}

let k: Kizuna;
beforeAll(async () => {
  k = await launchKizuna();
});
afterAll(async () => k?.close());

describe('CSV import, then the model panel (real Chromium, built extension)', () => {
  it('reaches the command line’s validated AUC on the same file within 0.01', async () => {
    const csv = crmCsv();
    const page = await k.context.newPage();
    await page.goto(`chrome-extension://${k.extensionId}/app.html#/import`);
    await page.locator('main h2').first().waitFor();
    await page.getByLabel('CSV file').setInputFiles({ name: 'churn.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Check the file (dry run)' }).click();
    await page.getByTestId('wi-counts').waitFor({ timeout: 60_000 });
    expect(await page.getByLabel('Import column "stage" as').inputValue()).toBe('field:stage');
    await page.getByRole('button', { name: `Import ${ROWS} contacts` }).click();
    await page.getByTestId('wi-summary').waitFor({ timeout: 60_000 });

    await page.goto(`chrome-extension://${k.extensionId}/app.html#/risk`);
    const train = page.getByRole('button', { name: 'Train on my contacts' });
    await expect.poll(() => train.isEnabled(), { timeout: 15_000 }).toBe(true);
    // Every imported column is a field the model may learn from.
    await expect.poll(() => page.getByTestId('model-fields').locator('input[type="checkbox"]').count(), { timeout: 15_000 }).toBe(19);
    await train.click();
    await page.getByTestId('model-verdict').waitFor({ timeout: 300_000 });
    const best = await page.locator('[data-testid="model-auc"] tbody tr[data-best="1"] td').first().textContent();
    const panelAuc = Number(best!.split(' ')[0]);

    const lines: string[] = [];
    evaluateCsv(csv, { command: 'eval', csv: 'x', label: 'stage', id: 'email', folds: 5, seed: 42, model: 'both' }, { line: (l) => lines.push(l), note: () => {} });
    const cliAuc = Number(lines.at(-1)!.split(' ')[1]);
    expect(Math.abs(panelAuc - cliAuc)).toBeLessThan(0.01);
    await page.close();
  }, 600_000);

  it('made no console errors', () => {
    expect(k.errors).toEqual([]);
  });
});
