// @vitest-environment jsdom
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openEarlyPort, takeEarlyPort } from '../../../entrypoints/sidebar/early-port';
import { useGmailPort, type PortState } from '../../../entrypoints/sidebar/use-gmail-port';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;

/** A Port whose other end (Gmail's content script) the test plays. */
function fakePort() {
  const listeners = new Set<(m: unknown) => void>();
  const posted: unknown[] = [];
  const port = {
    name: 'kizuna-sidebar',
    postMessage: (m: unknown) => void posted.push(m),
    disconnect: () => undefined,
    onMessage: { addListener: (l: (m: unknown) => void) => listeners.add(l), removeListener: (l: (m: unknown) => void) => listeners.delete(l) },
    onDisconnect: { addListener: () => undefined, removeListener: () => undefined },
  };
  return { port, posted, deliver: (m: unknown) => listeners.forEach((l) => l(m)) };
}

const snapshot = { type: 'snapshot', snapshot: { status: 'none', reason: 'no-thread', userEmail: 'me@example.com', theme: 'light' } };

let container: HTMLDivElement | undefined;
afterEach(() => {
  container?.remove();
  takeEarlyPort(7);
  vi.restoreAllMocks();
});

describe('the side panel’s early Port to Gmail', () => {
  it('is opened and greets Gmail before the app loads; the app takes it over with what Gmail already sent, without connecting again', async () => {
    history.replaceState(null, '', '/sidepanel.html?tabId=7');
    const gmail = fakePort();
    const connect = vi.spyOn(fakeBrowser.tabs, 'connect').mockReturnValue(gmail.port as never);
    openEarlyPort();
    expect(connect).toHaveBeenCalledWith(7, { name: 'kizuna-sidebar', frameId: 0 });
    expect(gmail.posted).toEqual([{ type: 'hello' }]);
    // Gmail answers while the app's code is still loading.
    gmail.deliver(snapshot);

    let state: PortState | undefined;
    function Probe() {
      [state] = useGmailPort(() => undefined);
      return null;
    }
    container = document.createElement('div');
    document.body.append(container);
    createRoot(container).render(<Probe />);
    await vi.waitFor(() => expect(state).toEqual({ kind: 'ready', snapshot: snapshot.snapshot }));
    expect(connect).toHaveBeenCalledTimes(1);
    expect(gmail.posted).toEqual([{ type: 'hello' }]);
    // Taken once: the app listens from now on.
    expect(takeEarlyPort(7)).toBeNull();
  });

  it('opens nothing without the panel’s tab id (the in-Gmail dock, the default page)', () => {
    const connect = vi.spyOn(fakeBrowser.tabs, 'connect');
    openEarlyPort('');
    openEarlyPort('?tabId=x');
    expect(connect).not.toHaveBeenCalled();
    expect(takeEarlyPort(7)).toBeNull();
  });
});
