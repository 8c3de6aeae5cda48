// @vitest-environment jsdom
// The side panel's details (risk, tasks, sequences, tags, quick replies, notes, history) come in one part per task
// (issue 13): rendered together, they made one long task, and a thread switch's message arriving meanwhile waited for
// all of it. Counted, not timed: the parts put into the DOM in each task.
import { createRoot } from 'react-dom/client';
import { describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../../../components/i18n';
import { db } from '../../../lib/db';
import { ContactView } from '../../../entrypoints/sidebar/ContactView';
import { contact, email, DAY } from '../risk/fixtures';

// Every timer callback is a task of its own, counted (test/support/task-counter.ts); idle callbacks run as tasks.
const tasks = await vi.hoisted(async () => (await import('../../support/task-counter')).countTasks());

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;

describe("the side panel's details", () => {
  it('come in one part per task, at most two elements at a time, for a contact whose parts have loaded before', { timeout: 60_000 }, async () => {
    const people = ['first@x.example', 'second@x.example'];
    await db.contacts.bulkAdd(people.map((address, i) => contact({ id: i + 1, email: address })));
    await db.activities.bulkAdd(people.map((address, i) => email('in', Date.now() - DAY, { contactIds: [i + 1], from: address, messageId: `staged-${i}` })));
    const container = document.createElement('div');
    document.body.append(container);
    const root = createRoot(container);
    // Per task, the elements added directly under the contact's view (its profile card and button left out).
    let added = new Map<number, string[]>();
    const observer = new MutationObserver((records) => {
      for (const r of records)
        for (const node of r.addedNodes)
          if (node instanceof HTMLElement && (r.target as Element).matches?.('.contact') && !node.matches('.profile, .open-app')) added.set(tasks.id, [...(added.get(tasks.id) ?? []), node.className]);
    });
    observer.observe(container, { childList: true, subtree: true });
    const show = async (address: string) => {
      added = new Map();
      root.render(
        <I18nProvider value={{ t: (key) => key, locale: 'en' }}>
          <ContactView email={address} customFields={[]} onCreate={() => undefined} />
        </I18nProvider>,
      );
      // Its last part: the history.
      await vi.waitFor(() => expect(container.querySelector(`.profile[data-email="${address}"]`) && container.querySelector('.history')).toBeTruthy(), { timeout: 30_000 });
    };
    // The first contact loads every part's code.
    await show(people[0]);
    await show(people[1]);
    observer.disconnect();
    const parts = [...added.values()];
    expect(Math.max(...parts.map((task) => task.length))).toBeLessThanOrEqual(2);
    // The risk part shows once the contact's live score is in (no stored score here): in a task of its own, whenever
    // that is (before or after the history, by how long the score took).
    expect(parts.filter((task) => task.includes('risk'))).toEqual(parts.some((task) => task.includes('risk')) ? [['risk']] : []);
    // Tasks; tags and quick replies; notes and history (no sequence here: that part renders nothing).
    expect(parts.filter((task) => !task.includes('risk')).map((task) => task.length)).toEqual([1, 2, 2]);
  });
});
