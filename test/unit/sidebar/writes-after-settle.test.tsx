// @vitest-environment jsdom
// While the user switches threads (right after the panel opened, say), the panel writes nothing: the threads' records
// and the live scores wait until no switch has come for SETTLE_MS (settled.ts, issue 13). Each write made the contacts
// the panel follows read again, and the next switch's Port message queued behind those reads. Counted, not timed: the
// record calls and the database's change events while switching, with the panel's clock (performance.now) held still.
import Dexie from 'dexie';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { I18nProvider } from '../../../components/i18n';
import { db } from '../../../lib/db';
import type { ThreadSnapshot } from '../../../lib/protocol';
import { App } from '../../../entrypoints/sidebar/App';
import { actions } from '../../../entrypoints/sidebar/actions';
import { SETTLE_MS } from '../../../entrypoints/sidebar/settled';
import { contact } from '../risk/fixtures';

// Every timer callback is a task of its own, counted (test/support/task-counter.ts); idle callbacks run as tasks.
const tasks = await vi.hoisted(async () => (await import('../../support/task-counter')).countTasks());

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;

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

const paints = (email: string) => performance.getEntriesByName('kizuna:profile-painted').filter((m) => (m as PerformanceMark).detail === email).length;

let container: HTMLDivElement | undefined;
let root: Root | undefined;
afterEach(async () => {
  root?.unmount();
  container?.remove();
  vi.restoreAllMocks();
  // The last writes and the renders they cause run out before the environment goes.
  await new Promise((resolve) => setTimeout(resolve, 300));
});

function mount() {
  history.replaceState(null, '', '/sidepanel.html?tabId=7');
  const gmail = fakePort();
  const connect = vi.spyOn(fakeBrowser.tabs, 'connect').mockReturnValue(gmail.port as never);
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  root.render(
    <I18nProvider value={{ t: (key) => key, locale: 'en' }}>
      <App />
    </I18nProvider>,
  );
  return { gmail, connect };
}

describe("the side panel's writes during thread switches", () => {
  it('wait until the user stays on a thread, then record every thread seen', { timeout: 60_000 }, async () => {
    let clock = 1_000_000;
    vi.spyOn(performance, 'now').mockImplementation(() => clock);
    await db.contacts.bulkAdd([contact({ id: 1, email: 'a@x.example' }), contact({ id: 2, email: 'b@x.example' })]);
    const records = vi.spyOn(actions, 'record');
    let changes = 0;
    const onMutated = () => void changes++;
    Dexie.on('storagemutated', onMutated);
    try {
      const { gmail, connect } = mount();
      await vi.waitFor(() => expect(connect).toHaveBeenCalled());
      for (const [id, from] of [
        ['t1', 'a@x.example'],
        ['t2', 'b@x.example'],
        ['t1', 'a@x.example'],
        ['t2', 'b@x.example'],
      ] as const) {
        const before = paints(from);
        gmail.deliver({ type: 'snapshot', snapshot: thread(id, from) });
        await vi.waitFor(() => expect(paints(from)).toBeGreaterThan(before), { timeout: 20_000 });
        // Twenty tasks on (the record started a task after the profile's frame before).
        const at = tasks.id;
        await vi.waitFor(() => expect(tasks.id).toBeGreaterThanOrEqual(at + 20), { timeout: 20_000 });
        expect({ records: records.mock.calls.length, changes }).toEqual({ records: 0, changes: 0 });
      }
      // The user stays on t2: both threads are recorded, t1 too, which they left.
      // The clock moves on again (a job asked for late, after its module loaded, waits SETTLE_MS from then).
      await vi.waitFor(
        async () => {
          clock += SETTLE_MS;
          expect(await db.activities.where('messageId').anyOf(['t1-1', 't2-1']).count()).toBe(2);
        },
        { timeout: 20_000 },
      );
      // One record per thread (the snapshots of a thread seen twice wait as one job).
      expect(records.mock.calls.map(([t]) => t.threadId).sort()).toEqual(['t1', 't2']);
    } finally {
      Dexie.on('storagemutated').unsubscribe(onMutated);
    }
  });

  it('records at once a thread whose contact the panel shows as not created yet', { timeout: 60_000 }, async () => {
    vi.spyOn(performance, 'now').mockImplementation(() => 5_000_000);
    const { gmail, connect } = mount();
    await vi.waitFor(() => expect(connect).toHaveBeenCalled());
    gmail.deliver({ type: 'snapshot', snapshot: thread('t3', 'new@x.example') });
    // The clock never moves: no switch-free moment passes, yet the contact is created and shown.
    await vi.waitFor(() => expect(container!.querySelector('.profile[data-email="new@x.example"]')).not.toBeNull(), { timeout: 20_000 });
    expect(await db.contacts.where('email').equals('new@x.example').count()).toBe(1);
  });
});
