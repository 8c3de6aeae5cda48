// The issue's playbook on the demo book, in real Chromium with the built extension: "high risk → the account to me,
// a call task for tomorrow, the win-back series" is made on the Playbooks page like a user would; a real rescore then
// moves two customers into high after the run's cursor (their stored score history says they were low yesterday);
// the run makes their tasks, sets their owner and queues their win-back messages for approval. Approving one with `a`
// sends it through the fake Gmail API; a reply in its thread stops the enrolment on the next tick, with no follow-up.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SETTINGS, demoRows } from '../../scripts/demo-data';
import { sendToBackground } from '../support/background-messages';
import { startFakeGmail, type FakeGmail } from '../support/fake-gmail-server';
import { launchKizuna, type Kizuna } from '../support/launch';
import { seedRows } from '../support/seed';
import { readStores } from '../support/worker-db';

/** The machine is shared and loaded: give pages and the worker time. */
const POLL = { timeout: 30_000 };
const ME = 'alex@kizuna-demo.com';

declare const chrome: { storage: { local: { set(items: object): Promise<void> } } };

interface Score {
  contactId: number;
  score: number;
  band: string;
  at: number;
  basis: string;
  history: [number, number][];
}
interface Contact {
  id: number;
  email: string;
  name?: string;
  owner?: string;
  companyId?: number;
  stage: string;
}
interface Enrolment {
  id: string;
  contactId: number;
  sequenceId: string;
  state: string;
  stopReason?: string;
}
interface Task {
  contactId?: number;
  title: string;
  type: string;
  owner: string;
}

let server: FakeGmail;
let k: Kizuna;
let raised: Contact[] = [];

const read = <T extends Record<string, unknown[]>>(stores: (keyof T & string)[]) => readStores<T>(k.worker, stores);

async function openApp(route: string): Promise<Page> {
  const page = await k.context.newPage();
  await page.goto(`chrome-extension://${k.extensionId}/app.html#/${route}`);
  return page;
}

beforeAll(async () => {
  server = await startFakeGmail();
  k = await launchKizuna({ viewport: { width: 1400, height: 2000 } });
  // launchKizuna closes the network; the fake Gmail API is the one outside address let through.
  await k.context.route(
    (url) => url.href.startsWith(server.baseUrl),
    (route) => route.continue(),
  );
  await seedRows(k.worker, demoRows());
  await k.worker.evaluate(
    ({ settings, baseUrl, me }) =>
      chrome.storage.local.set({
        settings: { aliases: [me], ...settings },
        campaignSettings: { baseUrl, accountType: 'workspace', senderAddress: me, senderName: 'Alex', developerToken: 'dev-token-18' },
      }),
    { settings: DEMO_SETTINGS, baseUrl: server.baseUrl, me: ME },
  );
  // The first rescore of the book; with no playbook yet, the run after it only moves the cursor past these scores.
  await sendToBackground(k, { type: 'kizuna:risk-recompute' });
});
afterAll(async () => {
  await k?.close();
  await server?.close();
});

describe('the high-risk playbook on the demo (real Chromium, built extension, fake Gmail API)', () => {
  it('is made from the ready-made playbook on the Playbooks page', async () => {
    await expect.poll(async () => (await read<{ playbookMeta: unknown[] }>(['playbookMeta'])).playbookMeta.length, POLL).toBeGreaterThan(0);
    const page = await openApp('playbooks');
    const template = page.getByRole('button', { name: /^When a customer turns high risk/ });
    await template.waitFor(POLL);
    await template.focus();
    await page.keyboard.press('Enter');
    const save = page.getByRole('button', { name: 'Save playbook' });
    await save.waitFor(POLL);
    await save.click();
    await expect.poll(() => page.locator('[data-testid="pb-list"] li[data-playbook]').count(), POLL).toBe(1);
    expect(await page.locator('[data-testid="pb-list"] li').first().textContent()).toContain('Win-back series');
    await page.close();
  });

  it('acts on the customers a rescore moves into high: tasks, owner, and win-back messages awaiting approval', async () => {
    const { scores, contacts } = await read<{ scores: Score[]; contacts: Contact[] }>(['scores', 'contacts']);
    const byId = new Map(contacts.map((c) => [c.id, c]));
    // Two high customers with a company ({{company}} in the first message), owned by someone else so far.
    const picked = scores.filter((s) => s.band === 'high' && byId.get(s.contactId)?.companyId !== undefined && byId.get(s.contactId)?.owner !== ME).slice(0, 2);
    expect(picked, JSON.stringify(scores.filter((s) => s.band === 'high').map((s) => byId.get(s.contactId)))).toHaveLength(2);
    raised = picked.map((s) => byId.get(s.contactId)!);
    // Their stored history: low yesterday. The rescore computes today's real score, stores it with that history, and
    // the playbook run reads the change as "entered high" (lib/playbooks/run.ts eventsSince).
    const seeded = picked.map((s) => {
      const today = s.history[s.history.length - 1]![0];
      return { ...s, score: 5, band: 'low', at: s.at - 86_400_000, history: [[today - 1, 5]] as [number, number][] };
    });
    await seedRows(k.worker, { scores: seeded });
    await sendToBackground(k, { type: 'kizuna:risk-recompute' });

    const page = await openApp('tasks');
    const rows = page.locator('.task-row');
    await expect.poll(() => rows.count(), POLL).toBe(2);
    const shown = await rows.evaluateAll((els) =>
      els.map((el) => ({ task: (el as HTMLElement).dataset.task, contact: el.querySelector('.task-contact')?.textContent, owner: el.querySelector('.task-owner')?.textContent })),
    );
    expect(shown.map((r) => r.contact).sort()).toEqual(raised.map((c) => c.name || c.email).sort());
    await page.close();

    const { tasks, enrolments, contacts: after } = await read<{ tasks: Task[]; enrolments: Enrolment[]; contacts: Contact[] }>(['tasks', 'enrolments', 'contacts']);
    expect(tasks.map((t) => [t.contactId, t.type]).sort()).toEqual(raised.map((c) => [c.id, 'call']).sort());
    for (const c of raised) expect(after.find((x) => x.id === c.id)?.owner).toBe(ME);
    expect(enrolments.map((e) => [e.contactId, e.sequenceId, e.state]).sort()).toEqual(raised.map((c) => [c.id, 'win-back', 'awaiting-approval']).sort());
    // Nobody else: the other high customers did not cross into high after the cursor.
    expect(new Set(enrolments.map((e) => e.contactId))).toEqual(new Set(raised.map((c) => c.id)));
  });

  it('approving one with `a` sends exactly that message; a reply stops its enrolment at the next tick', async () => {
    const page = await openApp('approvals');
    await page.locator('section.aq-page[data-state="ready"]').waitFor(POLL);
    const items = page.locator('li[data-enrolment]');
    await expect.poll(() => items.count(), POLL).toBe(2);
    const first = items.first();
    const shown = { contact: await first.locator('.aq-head strong').textContent(), subject: await first.locator('.aq-subject').textContent(), body: await first.locator('.aq-body').textContent() };
    const contact = raised.find((c) => (c.name || c.email) === shown.contact)!;
    expect(contact).toBeDefined();
    // Personalised: the contact's first name or company is in the message, no merge field is left.
    expect(`${shown.subject}\n${shown.body}`).not.toMatch(/\{\{/);
    expect(shown.body).toContain(ME);

    await page.getByTestId('aq-list').focus();
    await page.keyboard.press('a');
    await expect.poll(() => page.locator('.aq-status').textContent(), POLL).toContain(shown.contact!);
    await expect.poll(() => server.messages.length, POLL).toBe(1);
    const [sent] = server.messages;
    expect(sent!.to).toEqual([contact.email.toLowerCase()]);
    expect(sent!.subject).toBe(shown.subject);
    expect(sent!.text.replace(/\r\n/g, '\n')).toContain(shown.body!.split('\n')[0]);
    // The other one still waits for its owner.
    await expect.poll(() => items.count(), POLL).toBe(1);
    await page.close();

    const mine = async () => (await read<{ enrolments: Enrolment[] }>(['enrolments'])).enrolments.find((e) => e.contactId === contact.id)!;
    await expect.poll(async () => (await mine()).state, POLL).toBe('handed');
    server.inject({ kind: 'reply', threadId: sent!.threadId, from: contact.email, text: 'Thanks Alex, we are staying. Happy to talk next week.' });
    // The follow-up is four days away: only the reply watch can stop it now.
    await expect.poll(async () => [(await mine()).state, (await mine()).stopReason], POLL).toEqual(['stopped', 'replied']);
    const { campaignRecipients } = await read<{ campaignRecipients: { contactId: number; state: string; reason?: string; nextAttemptAt?: number }[] }>(['campaignRecipients']);
    const recipient = campaignRecipients.find((r) => r.contactId === contact.id)!;
    expect([recipient.state, recipient.reason, recipient.nextAttemptAt]).toEqual(['skipped', 'replied', undefined]);
    expect(server.messages.filter((m) => m.to.includes(contact.email.toLowerCase()))).toHaveLength(1);

    // The contact pages say where each one is: stopped (replied) here, waiting for approval for the other.
    const other = raised.find((c) => c.id !== contact.id)!;
    for (const [c, line] of [
      [contact, 'Win-back series: stopped: replied'],
      [other, 'Win-back series: waiting for approval'],
    ] as const) {
      const view = await openApp(`contact/${c.id}`);
      const row = view.locator('[data-testid="contact-sequences"] li');
      await expect.poll(() => row.locator('.sq-line').allTextContents(), POLL).toEqual([line]);
      const approve = row.getByRole('link', { name: 'Approve Win-back series for this contact in the approval queue' });
      if (c === contact) expect(await approve.count()).toBe(0);
      else {
        // The way to the queue: the link opens the approvals page with this contact's message in it. (Others may have
        // joined the queue by now: the reply lowered a score, the book's high threshold moved, and the next customers
        // entered high.)
        await approve.click();
        await view.locator('section.aq-page[data-state="ready"]').waitFor(POLL);
        await expect.poll(() => view.locator('li[data-enrolment] .aq-head strong').allTextContents(), POLL).toContain(other.name || other.email);
      }
      await view.close();
    }
  });

  it('the side panel lists them too, loaded after the profile, with an Approve link to the queue while one waits', async () => {
    const threads = raised.map((c, i) => ({
      id: `18d0c0ffee00000${i}`,
      subject: 'Checking in',
      messages: [{ id: `18d0c0ffee0000${i}1`, from: { email: c.email, name: c.name ?? '' }, to: [{ email: ME, name: 'Alex' }], date: 'Mon, Nov 30, 2026, 10:15 AM', body: 'Hello Alex.' }],
    }));
    await k.serveGmail({ user: { email: ME, name: 'Alex' }, threads });
    const { enrolments } = await read<{ enrolments: Enrolment[] }>(['enrolments']);
    for (const [i, c] of raised.entries()) {
      const state = enrolments.find((e) => e.contactId === c.id)!.state;
      const { page, sidebar } = await k.openGmail(`#inbox/${threads[i]!.id}`);
      await sidebar.locator('.contact[data-state="ready"]').waitFor(POLL);
      const row = sidebar.locator('[data-testid="contact-sequences"] li');
      await expect.poll(() => row.locator('.sq-line').allTextContents(), POLL).toEqual([state === 'stopped' ? 'Win-back series: stopped: replied' : 'Win-back series: waiting for approval']);
      const approve = row.getByRole('link', { name: 'Approve Win-back series for this contact in the approval queue' });
      if (state === 'stopped') expect(await approve.count()).toBe(0);
      else {
        expect(await approve.textContent()).toBe('Approve');
        expect(await approve.getAttribute('href')).toBe(`chrome-extension://${k.extensionId}/app.html#/approvals`);
        // Keyboard-reachable: a real link the panel's Tab order reaches.
        await approve.focus();
        expect(await sidebar.evaluate(() => document.activeElement?.textContent)).toBe('Approve');
      }
      await page.close();
    }
  });

  it('an approved message that cannot go out is listed under "Approved, but waiting" with its reason and way out', async () => {
    // The demo contact still waiting for approval (later runs may have enrolled others: they stay in the queue).
    const pending = (await read<{ enrolments: Enrolment[] }>(['enrolments'])).enrolments.find((e) => e.state === 'awaiting-approval' && raised.some((c) => c.id === e.contactId))!;
    const waiting = raised.find((c) => c.id === pending.contactId)!;
    // No sender address: approving it leaves it approved, held by the hand-off.
    const setSender = (address?: string) =>
      k.worker.evaluate(
        ({ baseUrl, address }) =>
          chrome.storage.local.set({ campaignSettings: { baseUrl, accountType: 'workspace', ...(address ? { senderAddress: address } : {}), senderName: 'Alex', developerToken: 'dev-token-18' } }),
        { baseUrl: server.baseUrl, address },
      );
    await setSender(undefined);
    const page = await openApp('approvals');
    await page.locator('section.aq-page[data-state="ready"]').waitFor(POLL);
    const item = page.locator(`[data-testid="aq-list"] li[data-enrolment="${pending.id}"]`);
    await item.waitFor(POLL);
    await item.click();
    await page.getByTestId('aq-list').focus();
    await page.keyboard.press('a');
    const held = page.locator('[data-testid="aq-held"] li[data-enrolment]');
    await expect.poll(() => held.evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.reason)), POLL).toEqual(['no-sender']);
    expect(await page.locator('#aq-held-h').textContent()).toBe('Approved, but waiting (1)');
    expect(await held.locator('.aq-head strong').textContent()).toBe(waiting.name || waiting.email);
    expect(await held.locator('.aq-held-reason').textContent()).toBe('Not sent yet: no sender address is set for campaigns.');
    expect(await held.getByRole('link', { name: 'Sending settings' }).getAttribute('href')).toBe('#/campaigns');
    expect(server.messages).toHaveLength(1);

    // The sender is back but the sequence's campaign is paused: the next tick hands it, and it waits on the pause.
    const { campaigns } = await read<{ campaigns: { id: string; status: string }[] }>(['campaigns']);
    expect(campaigns).toHaveLength(1);
    await seedRows(k.worker, { campaigns: [{ ...campaigns[0]!, status: 'paused' }] });
    await setSender(ME);
    await sendToBackground(k, { type: 'campaign:tick' });
    await expect.poll(() => held.evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.reason)), POLL).toEqual(['campaign-paused']);
    expect(await held.locator('.aq-held-reason').textContent()).toBe("Not sent yet: the sequence's campaign is paused. Resume it to send.");
    expect(server.messages).toHaveLength(1);
    // The way out: Resume, reached with the keyboard.
    const resume = held.getByRole('button', { name: `Resume the campaign sending ${waiting.name || waiting.email} (Win-back series)` });
    await resume.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => server.messages.length, POLL).toBe(2);
    expect(server.messages[1]!.to).toEqual([waiting.email.toLowerCase()]);
    await expect.poll(() => held.count(), POLL).toBe(0);
    await page.close();
  });
});
