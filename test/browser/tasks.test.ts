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
  it('keeps "Open in Kizuna" where it is while the lazily loaded tasks part comes in under the profile', async () => {
    const { page, sidebar } = await k.openGmail('#inbox/18c1a2b3c4d5e6f7');
    await expect.poll(() => sidebar.locator('[data-testid="profile-email"]').textContent(), POLL).toBe('dana.lee@acme-corp.com');
    // From the panel page's first script on, every DOM change notes where the button is and whether the tasks part
    // is in: a reload replays the first open (profile painted, then the tasks part loaded on demand).
    await sidebar.addInitScript(() => {
      const log: { top: number; tasks: boolean }[] = [];
      (window as unknown as { kizunaButtonLog: typeof log }).kizunaButtonLog = log;
      const note = () => {
        const button = [...document.querySelectorAll('.contact button')].find((b) => b.textContent === 'Open in Kizuna');
        if (button) log.push({ top: Math.round(button.getBoundingClientRect().top), tasks: document.querySelector('[data-testid="task-quick-add"]') !== null });
      };
      new MutationObserver(note).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    await sidebar.reload();
    await sidebar.getByTestId('task-quick-add').waitFor({ state: 'visible', timeout: POLL.timeout });
    await expect.poll(() => sidebar.locator('[data-testid="profile-email"]').textContent(), POLL).toBe('dana.lee@acme-corp.com');
    const log = await sidebar.evaluate(() => (window as unknown as { kizunaButtonLog: { top: number; tasks: boolean }[] }).kizunaButtonLog);
    // The profile (with the button) was on screen before the tasks part, and the button never moved.
    expect(log.some((r) => !r.tasks)).toBe(true);
    expect(log.some((r) => r.tasks)).toBe(true);
    expect([...new Set(log.map((r) => r.top))]).toEqual([log[0].top]);
    await page.close();
  });

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
