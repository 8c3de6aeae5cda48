// @vitest-environment jsdom
// A thread switch's record (recordThread: the thread's contacts and messages read, a new thread's written) starts after
// the frame that shows the new profile, not between the profile's read and that frame, where its work held the frame
// up (issue 13). Ordered, not timed: the profile's paint mark against the record's call.
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { I18nProvider } from '../../../components/i18n';
import { db } from '../../../lib/db';
import type { ThreadSnapshot } from '../../../lib/protocol';
import { App } from '../../../entrypoints/sidebar/App';
import { actions } from '../../../entrypoints/sidebar/actions';
import { contact } from '../risk/fixtures';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;
Object.assign(globalThis, {
  requestIdleCallback: (run: IdleRequestCallback) => setTimeout(() => run({ didTimeout: false, timeRemaining: () => 50 }), 0),
  cancelIdleCallback: (id: number) => clearTimeout(id),
});

/** A Port whose other end (Gmail's content script) the test plays. */
function fakePort() {
  const listeners = new Set<(m: unknown) => void>();
  const port = {
    name: 'kizuna-sidebar',
    postMessage: () => undefined,
    disconnect: () => undefined,
    onMessage: { addListener: (l: (m: unknown) => void) => listeners.add(l), removeListener: (l: (m: unknown) => void) => listeners.delete(l) },
    onDisconnect: { addListener: () => undefined, removeListener: () => undefined },
  };
  return { port, deliver: (m: unknown) => listeners.forEach((l) => l(m)) };
}

const ME = 'me@example.com';
const thread = (threadId: string, from: string): ThreadSnapshot => ({
  status: 'thread',
  threadId,
  subject: `Thread ${threadId}`,
  userEmail: ME,
  messages: [{ messageId: `${threadId}-1`, from: { email: from, name: from }, to: [{ email: ME, name: 'Me' }], cc: [], at: Date.now(), snippet: 'Hello' }],
  theme: 'light',
});

let container: HTMLDivElement | undefined;
let root: Root | undefined;
afterEach(async () => {
  root?.unmount();
  container?.remove();
  vi.restoreAllMocks();
  // The last record's writes and the renders they cause run out before the environment goes.
  await new Promise((resolve) => setTimeout(resolve, 300));
});

describe('a thread switch in the side panel', () => {
  it('records the thread after the frame that shows its contact, not before', { timeout: 30_000 }, async () => {
    await db.contacts.bulkAdd([contact({ id: 1, email: 'a@x.example' }), contact({ id: 2, email: 'b@x.example' })]);
    history.replaceState(null, '', '/sidepanel.html?tabId=7');
    const gmail = fakePort();
    const connect = vi.spyOn(fakeBrowser.tabs, 'connect').mockReturnValue(gmail.port as never);
    // Each record call, with whether the profile of that thread's sender had been painted by then.
    const calls: { threadId: string; painted: boolean }[] = [];
    const paintedFor = (email: string) => performance.getEntriesByName('kizuna:profile-painted').some((m) => (m as PerformanceMark).detail === email);
    const record = actions.record;
    vi.spyOn(actions, 'record').mockImplementation((snapshot, settings) => {
      calls.push({ threadId: snapshot.threadId, painted: paintedFor(snapshot.messages[0].from.email) });
      return record(snapshot, settings);
    });
    container = document.createElement('div');
    document.body.append(container);
    root = createRoot(container);
    root.render(
      <I18nProvider value={{ t: (key) => key, locale: 'en' }}>
        <App />
      </I18nProvider>,
    );
    await vi.waitFor(() => expect(connect).toHaveBeenCalled());
    for (const [id, from] of [
      ['t1', 'a@x.example'],
      ['t2', 'b@x.example'],
    ] as const) {
      gmail.deliver({ type: 'snapshot', snapshot: thread(id, from) });
      await vi.waitFor(() => expect(calls.map((c) => c.threadId)).toContain(id), { timeout: 10_000 });
      expect(container.querySelector(`.profile[data-email="${from}"]`)).not.toBeNull();
    }
    // Every call (the settings' first save renders the thread again) after its profile's frame.
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(calls.filter((c) => !c.painted)).toEqual([]);
  });
});
