import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchKizuna, type Kizuna } from '../support/launch';
import { ME, SAMPLE_THREADS } from '../support/sample-threads';

let k: Kizuna;
beforeAll(async () => {
  k = await launchKizuna();
  await k.serveGmail({ user: ME, threads: SAMPLE_THREADS });
});
afterAll(async () => k?.close());

const POLL = { timeout: 10_000 };

describe('tasks (real Chromium, built extension)', () => {
  it('makes a task from the side panel by keyboard, shows it on the Tasks page, and marks it done there with x', async () => {
    const { page, sidebar } = await k.openGmail('#inbox/18c1a2b3c4d5e6f7');
    await expect.poll(() => sidebar.locator('[data-testid="profile-email"]').textContent(), POLL).toBe('dana.lee@acme-corp.com');
    // The tasks part loads after the profile: `t` works once its field is on screen.
    const field = sidebar.getByTestId('task-quick-add');
    await field.waitFor({ state: 'visible', timeout: POLL.timeout });
    // `t` anywhere outside a field goes to the task field; Enter adds the task.
    await sidebar.locator('main').click({ position: { x: 1, y: 1 } });
    await sidebar.keyboard.press('t');
    await expect.poll(() => field.evaluate((el) => el === document.activeElement), POLL).toBe(true);
    await sidebar.keyboard.type('call tomorrow 10:00');
    await sidebar.keyboard.press('Enter');
    await expect.poll(() => sidebar.locator('[data-testid="open-tasks"] li').evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.task)), POLL).toEqual(['Call']);
    expect(await field.inputValue()).toBe('');

    const app = await page.context().newPage();
    await app.goto(`chrome-extension://${k.extensionId}/app.html#/tasks`);
    const row = app.locator('.tasks-group[data-group="upcoming"] .task-row');
    await expect.poll(() => row.evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.task)), POLL).toEqual(['Call']);
    await row.first().focus();
    await app.keyboard.press('x');
    await expect.poll(() => app.locator('.tasks-group[data-group="done"] .task-row').count(), POLL).toBe(1);
    // The side panel follows: no open task left.
    await expect.poll(() => sidebar.locator('[data-testid="open-tasks"] li').count(), POLL).toBe(0);
    await app.close();
    await page.close();
  });
});
