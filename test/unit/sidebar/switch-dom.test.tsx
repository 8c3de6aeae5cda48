// @vitest-environment jsdom
// What a thread switch in the side panel does to the panel's DOM before the new profile paints (issue 13: unmounting the
// last contact's risk, tasks, tags, notes and history took a third of the panel's work on a switch). Counted, not timed.
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../../../components/i18n';
import { db } from '../../../lib/db';
import { ContactView } from '../../../entrypoints/sidebar/ContactView';
import { contact, email } from '../risk/fixtures';

// Updates come from live queries, as in the sidebar: React schedules them itself (no act()).
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;
// jsdom has no idle callbacks (the panel scores and stores the risk in one after paint).
Object.assign(globalThis, {
  requestIdleCallback: (run: IdleRequestCallback) => setTimeout(() => run({ didTimeout: false, timeRemaining: () => 50 }), 0),
  cancelIdleCallback: (id: number) => clearTimeout(id),
});

const DAY = 86_400_000;
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('a thread switch in the side panel', () => {
  it('removes no node before the new profile paints: the last contact’s details stay hidden until the new ones come', { timeout: 60_000 }, async () => {
    const people = ['dana@x.example', 'kim@x.example'];
    await db.contacts.bulkAdd(people.map((address, i) => contact({ id: i + 1, email: address, name: `Person ${i + 1}` })));
    await db.activities.bulkAdd(people.map((address, i) => email('in', Date.now() - DAY, { contactIds: [i + 1], from: address, messageId: `dom-${i}`, subject: `Subject of ${address}` })));
    const container = document.createElement('div');
    document.body.append(container);
    const root = createRoot(container);
    const view = (address: string) => (
      <I18nProvider value={{ t: (key) => key, locale: 'en' }}>
        <ContactView email={address} customFields={[]} onCreate={() => undefined} />
      </I18nProvider>
    );
    // The places a contact's history shows its mail's subject, and whether each is hidden.
    const subjects = (address: string) => {
      const found: ('shown' | 'hidden')[] = [];
      const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.textContent?.includes(`Subject of ${address}`)) found.push(node.parentElement?.closest('[hidden]') ? 'hidden' : 'shown');
      }
      return found;
    };
    const shown = async (address: string) => {
      await vi.waitFor(
        () => {
          expect(container.querySelector(`.profile[data-email="${address}"]`)).not.toBeNull();
          expect(container.querySelector('.contact-tasks')).not.toBeNull();
          expect(subjects(address)).toEqual(['shown']);
        },
        { timeout: 10_000 },
      );
      await settle();
    };
    root.render(view(people[0]));
    await shown(people[0]);
    root.render(view(people[1]));
    await shown(people[1]);

    // Back to the first contact (kept: no read), rendered in one go as the panel does on a snapshot.
    const observer = new MutationObserver(() => undefined);
    observer.observe(container, { childList: true, subtree: true });
    flushSync(() => root.render(view(people[0])));
    const removed = observer.takeRecords().reduce((n, r) => n + r.removedNodes.length, 0);
    observer.disconnect();
    expect(container.querySelector(`.profile[data-email="${people[0]}"]`)).not.toBeNull();
    expect(removed).toBe(0);
    // The last contact's details are still there, hidden: nothing of them shows beside the new profile.
    expect(subjects(people[1])).toEqual(['hidden']);
    expect(subjects(people[0])).toEqual([]);

    // After the paint, the new contact's details replace them.
    await shown(people[0]);
    expect(subjects(people[1])).toEqual([]);
    root.unmount();
  });
});
