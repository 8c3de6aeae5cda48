// "Did it work?" in Reports (#18), real Chromium with the built extension: a seeded playbook whose log enrolled six
// high-risk customers 100 days ago (two replied, all stayed) against fourteen similar customers it did not enrol
// (one replied, all stayed). The playbook's link opens Reports on its row, with the figures, the chart and the table.
// No customer churns here: a churned customer's stored score (and its band history) is removed by the next rescore,
// so one who churned since cannot be put in a band on the day (see the note on #18).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayNumber } from '../../lib/churn/score-history';
import { launchKizuna, type Kizuna } from '../support/launch';
import { seedRows } from '../support/seed';

const DAY = 86_400_000;
const POLL = { timeout: 30_000 };
const now = Date.now();
const enrolledAt = now - 100 * DAY;

const contacts = Array.from({ length: 20 }, (_, i) => {
  const id = i + 1;
  return {
    id,
    email: `c${id}@book.example`,
    name: `Customer ${id}`,
    tags: [],
    stage: 'customer',
    owner: '',
    custom: {},
    doNotContact: 0,
    createdAt: now - 700 * DAY,
    updatedAt: now,
    customerSince: now - 600 * DAY,
  };
});
// Everyone was high risk the day before the enrolments.
const scores = contacts.map((c) => ({ contactId: c.id, score: 80, band: 'high', at: now, basis: '', history: [[dayNumber(enrolledAt) - 1, 80]] }));
const enrolled = [1, 2, 3, 4, 5, 6];
const playbook = { id: 'pb-win', name: 'Win back', enabled: true, trigger: { type: 'band-entered', bands: ['high'] }, conditions: { conditions: [] }, actions: [], createdAt: 1, updatedAt: 1 };
const log = enrolled.map((contactId) => ({
  key: `pb:pb-win:${contactId}:band:high:x`,
  playbookId: 'pb-win',
  contactId,
  at: enrolledAt,
  event: { type: 'band', band: 'high', score: 80 },
  actions: [],
}));
const replies = [1, 2, 9].map((id) => ({
  id,
  kind: 'email',
  messageId: `m${id}`,
  threadId: `t${id}`,
  contactIds: [id],
  at: enrolledAt + 2 * DAY,
  direction: 'in',
  from: `c${id}@book.example`,
  subject: 'Re: hello',
}));

let k: Kizuna;
beforeAll(async () => {
  k = await launchKizuna();
  await seedRows(k.worker, { contacts, scores, playbooks: [playbook], playbookLog: log, activities: replies });
});
afterAll(async () => k?.close());

describe('"did it work?" in Reports (real Chromium, built extension)', () => {
  it('the playbook links to its row in Reports: enrolled, replied and saved against similar customers, with a chart', async () => {
    const page = await k.context.newPage();
    await page.goto(`chrome-extension://${k.extensionId}/app.html#/playbooks`);
    await page.locator('[data-playbook="pb-win"]').getByRole('button', { name: 'Preview and log' }).click(POLL);
    await page.getByTestId('pb-outcome-link').click(POLL);
    const row = page.locator('#wi-outcome-playbook-pb-win');
    await row.waitFor(POLL);
    expect(await row.getAttribute('class')).toBe('wi-focus');
    expect(await row.getAttribute('data-status')).toBe('ready');
    const cells = await row.locator('th, td').allTextContents();
    expect(cells.slice(0, 3)).toEqual(['Playbook: Win back', '6', '2 (33.3%)']);
    // Fourteen similar customers not enrolled: one replied, all stayed.
    expect(cells.slice(3)).toEqual(['7.1%', '6', '6 (100%)', '100%', 'Yes']);
    expect(await page.getByTestId('wi-outcome-chart').getAttribute('aria-label')).toMatch(/Win back/);
  });

  it('made no console errors', () => {
    expect(k.errors).toEqual([]);
  });
});
