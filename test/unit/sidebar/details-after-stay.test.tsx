// @vitest-environment jsdom
// A user who skims threads (Gmail's j/k, a switch every ~100 ms) gets no details for the contacts passed over (issue 13):
// their read, render, layout and unmount ran in the next switch's way. Counted, not timed: the details put into the DOM
// while each contact is shown for less than DETAILS_AFTER_MS after its profile's frame (the code before: 21 over these
// four switches; with the wait but the painted contact kept by id, not by visit: 12, rendered in the switch's own task).
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../../../components/i18n';
import { db } from '../../../lib/db';
import { ContactView, DETAILS_AFTER_MS } from '../../../entrypoints/sidebar/ContactView';
import { contact, email, DAY } from '../risk/fixtures';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;

describe("the side panel's details", () => {
  it('are not rendered for a contact left before DETAILS_AFTER_MS; they come for the contact the user stays on', { timeout: 60_000 }, async () => {
    const people = ['first@x.example', 'second@x.example'];
    await db.contacts.bulkAdd(people.map((address, i) => contact({ id: i + 1, email: address })));
    await db.activities.bulkAdd(people.map((address, i) => email('in', Date.now() - DAY, { contactIds: [i + 1], from: address, messageId: `stay-${i}` })));
    const container = document.createElement('div');
    document.body.append(container);
    const root = createRoot(container);
    const view = (address: string) => (
      <I18nProvider value={{ t: (key) => key, locale: 'en' }}>
        <ContactView email={address} customFields={[]} onCreate={() => undefined} />
      </I18nProvider>
    );
    const shown = (address: string) => container.querySelector(`.profile[data-email="${address}"]`) && container.querySelector('.history');
    // Both contacts shown once, each until its last part (the history): every part's code loads, both stay followed.
    for (const address of people) {
      root.render(view(address));
      await vi.waitFor(() => expect(shown(address)).toBeTruthy(), { timeout: 30_000 });
    }
    // Then skimmed: each contact left DETAILS_AFTER_MS − 50 ms after its profile's frame (the panel's own mark), the
    // switch rendered at once, as the panel renders a snapshot (flushSync).
    const skim = [people[0], people[1], people[0], people[1], people[0]];
    let details = 0;
    let skimming = true;
    const observer = new MutationObserver((records) => {
      for (const r of records)
        for (const node of r.addedNodes) if (skimming && node instanceof HTMLElement && (r.target as Element).matches?.('.contact') && !node.matches('.profile, .open-app')) details++;
    });
    observer.observe(container, { childList: true, subtree: true });
    let next = 1;
    const done = new Promise<void>((resolve) => {
      const mark = performance.mark.bind(performance);
      performance.mark = (name: string, options?: PerformanceMarkOptions) => {
        if (name === 'kizuna:profile-painted' && options?.detail === skim[next - 1] && next < skim.length) {
          const to = skim[next++];
          setTimeout(() => {
            if (next === skim.length) skimming = false;
            flushSync(() => root.render(view(to)));
            if (next === skim.length) resolve();
          }, DETAILS_AFTER_MS - 50);
        }
        return mark(name, options);
      };
    });
    flushSync(() => root.render(view(skim[0])));
    await done;
    // The contact stayed on gets every part.
    await vi.waitFor(() => expect(shown(skim.at(-1)!)).toBeTruthy(), { timeout: 30_000 });
    observer.disconnect();
    expect(details).toBe(0);
  });
});
