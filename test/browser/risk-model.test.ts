// The model panel on a seeded book where the rules see nothing (no mail) and the user's own field `plan` tells who
// churns: after training, the better scorer (the model) is active by itself, with bands from the base rate; the
// rules are called weak, a post-churn field is refused, and one click goes back to the rules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchKizuna, type Kizuna } from '../support/launch';
import { seedRows } from '../support/seed';
import { DEFAULT_RULES } from '../../lib/churn/rules-config';

const DAY = 86_400_000;
const POLL = { timeout: 15_000 };
const now = Date.now();

type Storage = { storage: { local: { get(key: string): Promise<Record<string, unknown>>; set(items: object): Promise<void> } } };
declare const chrome: Storage;
type Stored = { useModel?: boolean; rules?: { bands: { medium: number; high: number } }; rulesBands?: unknown };

let seed = 7;
const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;

const contacts = Array.from({ length: 90 }, (_, i) => {
  const id = i + 1;
  const churned = i % 3 === 0;
  const churnedAt = now - Math.floor(20 + random() * 200) * DAY;
  const custom: Record<string, string> = { plan: random() < (churned ? 0.85 : 0.15) ? 'basic' : 'pro', seats: String(Math.floor(random() * 50)) };
  if (churned) custom.cancelReason = random() < 0.5 ? 'price' : 'competitor';
  return {
    id,
    email: `c${id}@book.example`,
    name: `Customer ${id}`,
    tags: [],
    stage: churned ? 'churned' : 'customer',
    owner: '',
    custom,
    doNotContact: 0,
    createdAt: now - 700 * DAY,
    updatedAt: now,
    customerSince: now - 600 * DAY,
    ...(churned ? { churnedAt } : {}),
  };
});

let k: Kizuna;
beforeAll(async () => {
  k = await launchKizuna();
  await seedRows(k.worker, { contacts });
  await k.worker.evaluate(() =>
    chrome.storage.local.set({
      settings: {
        customFields: [
          { key: 'plan', label: 'Plan' },
          { key: 'seats', label: 'Seats' },
          { key: 'cancelReason', label: 'Cancel reason' },
        ],
      },
    }),
  );
});
afterAll(async () => k?.close());

const stored = () => k.worker.evaluate(async () => (await chrome.storage.local.get('riskSettings')).riskSettings as Stored | undefined);

describe('the model panel uses the better scorer (real Chromium, built extension)', () => {
  it('activates the trained model when it validates better than the rules, and goes back in one click', async () => {
    const page = await k.context.newPage();
    await page.goto(`chrome-extension://${k.extensionId}/app.html#/risk`);
    const train = page.getByRole('button', { name: 'Train on my contacts' });
    await expect.poll(() => train.isEnabled(), POLL).toBe(true);
    await train.click();
    const verdict = page.getByTestId('model-verdict');
    await verdict.waitFor({ timeout: 120_000 });

    // The model won on the user's own contacts and scores now, without a click.
    expect(await verdict.getAttribute('data-model-active')).toBe('1');
    expect(await verdict.textContent()).toMatch(/did better than the rules .* so it now scores your customers: each score is the chance of churning within 90 days/);
    const best = page.locator('[data-testid="model-auc"] tbody tr[data-best="1"]');
    expect(await best.count()).toBe(1);
    const kinds = await page.locator('[data-testid="model-auc"] tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.kind));
    expect(kinds).toEqual(['rules', 'logistic', 'gbdt', 'ensemble']);
    await expect.poll(() => page.locator('.risk-model-versions tbody tr[data-active="1"]').count(), POLL).toBe(1);
    const settings = await stored();
    expect(settings?.useModel).toBe(true);
    // Bands from the base rate (a third churned: 1.5× and 3.5× the odds → 43 and 64), the rules' own kept.
    expect(settings?.rules?.bands).toEqual({ medium: 43, high: 64 });
    expect(settings?.rulesBands).toEqual(DEFAULT_RULES.bands);
    expect(await page.getByLabel('Score with the active model instead of the rules').isChecked()).toBe(true);

    // Without mail the rules rank no better than chance: the panel says so and what to do.
    expect(await page.getByTestId('rules-weak').textContent()).toMatch(/little better than chance \(AUC 0\.5/);
    // The cancel reason exists only for churned contacts: refused, with the reason in words.
    expect(await page.getByTestId('model-refused').textContent()).toContain('Field “cancelReason” was left out: it is filled only for contacts who churned (30 churned, 0 still customers)');

    // One click back to the rules, with their bands.
    await page.getByTestId('back-to-rules').click();
    await expect.poll(async () => (await stored())?.useModel, POLL).toBe(false);
    expect((await stored())?.rules?.bands).toEqual(DEFAULT_RULES.bands);
    expect(await page.getByTestId('model-verdict').getAttribute('data-model-active')).toBe('0');
    await page.close();
  });

  it('proves the model in Reports: its forecast of the training day checked against what happened since, at the high threshold', async () => {
    const page = await k.context.newPage();
    await page.goto(`chrome-extension://${k.extensionId}/app.html#/reports`);
    // On the training day the model's chances for today's 60 customers are recorded: nothing to check yet.
    const waiting = page.getByTestId('wi-backtest-waiting');
    await waiting.waitFor({ timeout: 15_000 });
    expect(await waiting.textContent()).toMatch(/the model gave 60 customers a chance of churning within 90 days\. .* the first figures appear on /);
    // 100 days later (the forecast moved back), the whole horizon has passed.
    await page.evaluate(
      (days) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('kizuna');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction('riskModels', 'readwrite');
            const models = tx.objectStore('riskModels');
            models.openCursor().onsuccess = (e) => {
              const cursor = (e.target as IDBRequest<IDBCursorWithValue | null>).result;
              if (!cursor) return;
              const value = cursor.value as { forecast?: { at: number } };
              if (value.forecast) value.forecast.at -= days * 86_400_000;
              cursor.update(value);
              cursor.continue();
            };
            tx.oncomplete = () => {
              open.result.close();
              resolve();
            };
          };
        }),
      100,
    );
    await page.reload();
    const card = page.getByTestId('wi-backtest');
    await card.waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('wi-backtest-source').textContent()).toMatch(
      /^Backtest of real predictions: on .*, before anyone knew the outcome, the model gave 60 customers a chance of churning within 90 days\./,
    );
    // The rules are back in force (previous test): the card reads the thresholds in force, here the rules' high (70).
    // None of the 60 churned since.
    expect(await page.getByTestId('wi-backtest-summary').textContent()).toMatch(/^Of the \d+ customers flagged high \(score 70 or more\), 0 churned within 90 days\.$/);
    const table = page.getByTestId('wi-reliability-table');
    expect(await table.locator('tbody tr').count()).toBe(10);
    const counts = await table.locator('tbody tr td:nth-of-type(1)').allTextContents();
    expect(counts.map(Number).reduce((a, b) => a + b, 0)).toBe(60);
    expect(await page.getByTestId('wi-reliability-chart').getAttribute('aria-label')).toMatch(/^Predicted against observed churn, per decile: 1: /);
    expect(await page.getByTestId('wi-backtest-table').textContent()).toMatch(/Brier score \(lower is better\)0\.\d{3}/);
    await page.close();
  });

  it('made no console errors', () => {
    expect(k.errors).toEqual([]);
  });
});
