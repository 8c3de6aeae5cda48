// @vitest-environment jsdom
// A thread switch cancels the last contact's pending risk work (issue 13): a contact the user left while the page's
// phrase patterns were still being compiled is never scored. Counted, not timed: the scorer's calls by contact.
import { createRoot } from 'react-dom/client';
import { describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../../../components/i18n';
import { db } from '../../../lib/db';
import { scoreWith } from '../../../lib/churn/scorer';
import { ContactView } from '../../../entrypoints/sidebar/ContactView';
import { contact, email, DAY } from '../risk/fixtures';

vi.mock('../../../lib/churn/scorer', async (original) => {
  const module = await original<typeof import('../../../lib/churn/scorer')>();
  return { ...module, scoreWith: vi.fn(module.scoreWith) };
});

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;
Object.assign(globalThis, {
  requestIdleCallback: (run: IdleRequestCallback) => setTimeout(() => run({ didTimeout: false, timeRemaining: () => 50 }), 0),
  cancelIdleCallback: (id: number) => clearTimeout(id),
});
// Background tasks wait until the test lets them run.
const held: (() => void)[] = [];
Object.assign(globalThis, {
  scheduler: { postTask: (run: () => void) => new Promise<void>((resolve) => held.push(() => (run(), resolve()))) },
});

describe('the side panel, a contact left before its live risk score', () => {
  it('is not scored once the patterns are ready; the contact shown then is', { timeout: 60_000 }, async () => {
    const people = ['left@x.example', 'shown@x.example'];
    await db.contacts.bulkAdd(people.map((address, i) => contact({ id: i + 1, email: address })));
    await db.activities.bulkAdd(
      people.map((address, i) => email('in', Date.now() - DAY, { contactIds: [i + 1], from: address, messageId: `left-${i}`, snippet: 'The new pricing looks too expensive for us.' })),
    );
    const container = document.createElement('div');
    document.body.append(container);
    const root = createRoot(container);
    const show = (address: string) =>
      root.render(
        <I18nProvider value={{ t: (key) => key, locale: 'en' }}>
          <ContactView email={address} customFields={[]} onCreate={() => undefined} />
        </I18nProvider>,
      );
    show(people[0]);
    // Its idle callback has run: the patterns' first compile job waits for its task.
    await vi.waitFor(() => expect(held.length).toBeGreaterThan(0), { timeout: 30_000 });
    show(people[1]);
    await vi.waitFor(() => expect(container.querySelector(`.profile[data-email="${people[1]}"]`)).not.toBeNull(), { timeout: 30_000 });
    // Then every background task runs, as they come.
    await vi.waitFor(
      () => {
        held.splice(0).forEach((run) => run());
        expect(container.querySelector('[data-testid="risk"] .risk-reasons li')).not.toBeNull();
      },
      { timeout: 30_000 },
    );
    const scored = vi.mocked(scoreWith).mock.calls.map(([, c]) => c.email);
    expect(scored).not.toContain(people[0]);
    expect(scored).toContain(people[1]);
  });
});
