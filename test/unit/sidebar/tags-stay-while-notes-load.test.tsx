// @vitest-environment jsdom
// The side panel's tag field stays on the page while the notes' code is still loading (the first contact a panel
// shows). The tags and the notes shared one Suspense boundary: the notes suspending hid the tag field already shown
// (Preact, in the panel, takes it out of the page and the focus with it; React, here, hides it with display: none).
// Firefox's sidebar test found it: the tag field it had just seen was gone when it typed into it. On that code this
// test fails at its first step: the field does not show at all until the notes' code arrives (here: never).
import { createRoot } from 'react-dom/client';
import { describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../../../components/i18n';
import { db } from '../../../lib/db';
import { ContactView } from '../../../entrypoints/sidebar/ContactView';
import { contact } from '../risk/fixtures';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;

// The notes' code arrives only when the test lets it: the panel's lazy import of it waits for `notesCode.arrive`.
const notesCode = vi.hoisted(() => {
  let arrive!: () => void;
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  return { arrived, arrive: () => arrive() };
});
vi.mock('../../../components/NotesPanel', async (original) => {
  const mod = await original<typeof import('../../../components/NotesPanel')>();
  await notesCode.arrived;
  return mod;
});

describe("the side panel's tag field", () => {
  it('is never hidden or taken off the page while the notes part below it loads', { timeout: 60_000 }, async () => {
    await db.contacts.add(contact({ id: 1, email: 'stay@x.example' }));
    const container = document.createElement('div');
    document.body.append(container);
    const root = createRoot(container);
    root.render(
      <I18nProvider value={{ t: (key) => key, locale: 'en' }}>
        <ContactView email="stay@x.example" customFields={[]} onCreate={() => undefined} />
      </I18nProvider>,
    );
    const field = () => container.querySelector<HTMLInputElement>('input[aria-label="addTag"]');
    const hidden = (el: Element) => !el.isConnected || el.closest('[style*="display: none"]') !== null;
    await vi.waitFor(() => expect(field()).toBeTruthy(), { timeout: 30_000 });
    const input = field()!;
    input.focus();
    // From here until the notes show: every change to the page is checked for the field being hidden or gone.
    let hiddenSeen = 0;
    const observer = new MutationObserver(() => void (hidden(input) && hiddenSeen++));
    observer.observe(container, { childList: true, subtree: true, attributes: true, attributeFilter: ['style'] });
    // The notes part mounts (the details' last parts come one per task) and waits for its code.
    await new Promise((resolve) => setTimeout(resolve, 300));
    notesCode.arrive();
    await vi.waitFor(() => expect(container.querySelector('.notes')).toBeTruthy(), { timeout: 30_000 });
    observer.disconnect();
    expect(hiddenSeen).toBe(0);
    expect(field()).toBe(input);
    expect(hidden(input)).toBe(false);
    expect(document.activeElement).toBe(input);
    root.unmount();
  });
});
