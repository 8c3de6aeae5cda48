// @vitest-environment jsdom
// What a thread switch in the side panel asks of IndexedDB and of extension storage (issue 13: the panel was still busy
// with the last switch's reads when the next snapshot came). Counted, not timed.
import { createRoot } from 'react-dom/client';
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { I18nProvider } from '../../../components/i18n';
import { db } from '../../../lib/db';
import { ContactView } from '../../../entrypoints/sidebar/ContactView';
import { storedScores } from '../../support/stored-scores';
import { watchRequests, type SeenRequest } from '../../support/watch-requests';
import { contact, email } from '../risk/fixtures';

// Updates come from live queries, as in the sidebar: React schedules them itself (no act()).
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;
// jsdom has no idle callbacks (the panel scores and stores the risk in one after paint).
Object.assign(globalThis, {
  requestIdleCallback: (run: IdleRequestCallback) => setTimeout(() => run({ didTimeout: false, timeRemaining: () => 50 }), 0),
  cancelIdleCallback: (id: number) => clearTimeout(id),
});

// Before the database opens: every request of the panel's reads and writes.
const seen: SeenRequest[] = [];
// The test's own look at the stored score is left out.
let own = false;
watchRequests(db, (request) => !own && seen.push(request));

/**
 * Lets the reads and renders after a paint run out: until no request has come for 300 ms (nothing is timed). A fixed
 * 300 ms was not enough on a busy CI machine: the risk part's re-read after its stored score (a `scoreBlocks` get, an
 * `alerts` query) then came after it and was counted against the next switch.
 */
const settle = async () => {
  for (let before = -1; before !== seen.length;) {
    before = seen.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
};
const DAY = 86_400_000;

describe('a thread switch in the side panel', () => {
  it('back to a contact shown lately reads nothing from IndexedDB or extension storage; a new one reads only its own rows', { timeout: 60_000 }, async () => {
    const people = ['a@x.example', 'b@x.example', 'c@x.example'];
    await db.contacts.bulkAdd(people.map((address, i) => contact({ id: i + 1, email: address })));
    await db.activities.bulkAdd(people.map((_, i) => email('in', Date.now() - DAY, { contactIds: [i + 1], messageId: `switch-${i}` })));
    await db.templates.add({ name: 'Thanks', subject: 'Thanks', body: 'Thanks {{firstName}}', category: 'general', language: 'en', usageCount: 0, createdAt: 0, updatedAt: 0 });
    const storageReads = vi.spyOn(fakeBrowser.storage.local, 'get');
    const container = document.createElement('div');
    document.body.append(container);
    const root = createRoot(container);
    // Shown with its details (the risk badge, tasks, quick replies), and everything after paint done: the live score
    // stored.
    const show = async (address: string, id: number) => {
      root.render(
        <I18nProvider value={{ t: (key) => key, locale: 'en' }}>
          <ContactView email={address} customFields={[]} onCreate={() => undefined} />
        </I18nProvider>,
      );
      await vi.waitFor(
        () => {
          expect(container.querySelector(`.profile[data-email="${address}"]`)).not.toBeNull();
          expect(container.querySelector('[data-testid="risk"]')).not.toBeNull();
          expect(container.querySelector('.contact-tasks')).not.toBeNull();
          expect(container.textContent).toContain('Thanks');
        },
        { timeout: 10_000 },
      );
      own = true;
      await vi.waitFor(async () => expect(await storedScores(db).get(id)).toBeDefined(), { timeout: 10_000 });
      own = false;
      await settle();
    };
    await show(people[0], 1);
    await show(people[1], 2);
    seen.length = 0;
    storageReads.mockClear();

    // Back and forth between the two: the panel has all of both.
    for (const [address, id] of [
      [people[0], 1],
      [people[1], 2],
      [people[0], 1],
    ] as const) {
      await show(address, id);
      expect(seen.map((r) => `${r.table} ${r.op}`)).toEqual([]);
      expect(storageReads).not.toHaveBeenCalled();
    }

    // A contact not shown before: its profile, details, tasks, sequences and score, not the page's tags, templates or
    // team settings again.
    await show(people[2], 3);
    const tables = new Set(seen.map((r) => r.table));
    expect(tables).not.toContain('templates');
    expect(seen.filter((r) => r.table === 'tags' && r.op === 'query')).toEqual([]);
    expect(storageReads).not.toHaveBeenCalled();
    root.unmount();
  });
});
