// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { startAdapter } from '../../../entrypoints/gmail.content/adapter';
import { gmailPage, threadViewHtml } from '../../support/gmail-fixture';
import { ME, SAMPLE_THREADS } from '../../support/sample-threads';

const [A, , , B] = SAMPLE_THREADS;

/** The side panel's end of the Port: what the adapter posted on it. */
function panelPort() {
  const listeners = new Set<(m: unknown) => void>();
  const posted: { type: string; snapshot?: { status: string; threadId?: string } }[] = [];
  const port = {
    name: 'kizuna-sidebar',
    sender: { id: fakeBrowser.runtime.id },
    postMessage: (m: (typeof posted)[number]) => void posted.push(m),
    disconnect: () => undefined,
    onMessage: { addListener: (l: (m: unknown) => void) => listeners.add(l), removeListener: (l: (m: unknown) => void) => listeners.delete(l) },
    onDisconnect: { addListener: () => undefined, removeListener: () => undefined },
  };
  return { port, posted, say: (m: unknown) => listeners.forEach((l) => l(m)), threads: () => posted.filter((m) => m.type === 'snapshot').map((m) => m.snapshot?.threadId ?? m.snapshot?.status) };
}

/** Gmail's SPA: the new thread's view replaces the old one, then the hash change is dispatched (as Gmail's fixture does). */
function navigate(thread: typeof A | null, html = thread ? threadViewHtml(thread) : '') {
  document.getElementById('gmail-main')!.innerHTML = html;
  history.replaceState(null, '', `#inbox/${thread?.id ?? 'ffffffffffffffff'}`);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

/** Gmail's SPA on a thread it has still to load: the hash changes and the view says it is loading (the fixture's SPA shows that for a thread it has no template of). */
function loadingThread(): HTMLElement {
  history.replaceState(null, '', `#inbox/${B.id}-loading`);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
  return document.getElementById('gmail-main')!;
}

let ctx: ContentScriptContext;
let connect: (port: unknown) => void;
beforeEach(() => {
  fakeBrowser.reset();
  // The fake browser has no Ports: the test hands the adapter the panel's end itself.
  vi.spyOn(fakeBrowser.runtime.onConnect, 'addListener').mockImplementation((l) => void (connect = l as never));
  vi.spyOn(fakeBrowser.runtime.onConnect, 'removeListener').mockImplementation(() => undefined);
  document.open();
  document.write(gmailPage({ user: ME, threads: SAMPLE_THREADS }));
  document.close();
  history.replaceState(null, '', `#inbox/${A.id}`);
  document.getElementById('gmail-main')!.innerHTML = threadViewHtml(A);
  ctx = new ContentScriptContext('gmail');
});
afterEach(() => {
  ctx.abort();
  vi.restoreAllMocks();
});

describe('the Gmail adapter on a thread switch', { timeout: 30_000 }, () => {
  it('sends the new thread to the panel within the hash change, not a timer later', async () => {
    startAdapter(ctx);
    const panel = panelPort();
    connect(panel.port);
    panel.say({ type: 'hello' });
    expect(panel.threads()).toEqual([A.id]);
    navigate(B);
    // Nothing awaited since the hash change: the snapshot went out in its task.
    expect(panel.threads()).toEqual([A.id, B.id]);
    // The coalesced read that the mutations asked for finds the same thread and sends nothing more.
    await new Promise((r) => setTimeout(r, 20));
    expect(panel.threads()).toEqual([A.id, B.id]);
  });

  it('sends a thread Gmail draws after other bursts (a spinner, its list) in the burst that brings its messages, not a timer later', async () => {
    startAdapter(ctx);
    const panel = panelPort();
    connect(panel.port);
    panel.say({ type: 'hello' });
    const main = loadingThread();
    // Six bursts that are not the thread, each delivered to the adapter's observer (a microtask) before the next.
    for (let i = 0; i < 6; i++) {
      main.append(Object.assign(document.createElement('span'), { textContent: `${i}` }));
      await Promise.resolve();
    }
    main.innerHTML = threadViewHtml(B);
    await Promise.resolve();
    // No task has run since the thread came in (the coalesced read's timer has not): it went out in the mutations' microtask.
    expect(panel.threads()).toEqual([A.id, B.id]);
  });

  it("reads Gmail's page once for a hash change followed by bursts without messages, and once more a timer later", async () => {
    startAdapter(ctx);
    const panel = panelPort();
    connect(panel.port);
    panel.say({ type: 'hello' });
    await new Promise((r) => setTimeout(r, 20));
    // Each read of the thread reads the theme from the page's computed style.
    const reads = vi.spyOn(window, 'getComputedStyle');
    const main = loadingThread();
    const atHashChange = reads.mock.calls.length;
    for (let i = 0; i < 6; i++) {
      main.append(document.createElement('span'));
      await Promise.resolve();
    }
    expect(reads.mock.calls.length).toBe(atHashChange);
    await new Promise((r) => setTimeout(r, 20));
    expect(reads.mock.calls.length).toBe(2 * atHashChange);
    expect(panel.threads()).toEqual([A.id, 'none']);
  });

  it('checks no burst after a hash change to a view that is no thread (the inbox)', async () => {
    startAdapter(ctx);
    const panel = panelPort();
    connect(panel.port);
    panel.say({ type: 'hello' });
    await new Promise((r) => setTimeout(r, 20));
    const reads = vi.spyOn(window, 'getComputedStyle');
    history.replaceState(null, '', '#inbox');
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    const atHashChange = reads.mock.calls.length;
    // Bursts that bring message elements (Gmail drawing something thread-like off screen): none is read at once.
    const main = document.getElementById('gmail-main')!;
    for (let i = 0; i < 4; i++) {
      main.insertAdjacentHTML('beforeend', `<div class="adn ads" data-message-id="#msg-f:${i}" hidden></div>`);
      await Promise.resolve();
    }
    expect(reads.mock.calls.length).toBe(atHashChange);
    await new Promise((r) => setTimeout(r, 20));
    expect(panel.threads()).toEqual([A.id, 'none']);
  });

  it('lets a half-drawn view wait for the coalesced read instead of sending it early', async () => {
    startAdapter(ctx);
    const panel = panelPort();
    connect(panel.port);
    panel.say({ type: 'hello' });
    navigate(null, '<div class="a98 iY"></div>');
    expect(panel.threads()).toEqual([A.id]);
    await new Promise((r) => setTimeout(r, 20));
    expect(panel.threads()).toEqual([A.id, 'none']);
  });
});

describe("the Gmail adapter over a long session of Gmail's mutations", { timeout: 30_000 }, () => {
  it('adds no listener to the content script context per mutation burst, and reads nothing once invalidated', async () => {
    const added = vi.spyOn(ctx.signal, 'addEventListener');
    const reads = vi.spyOn(window, 'getComputedStyle');
    startAdapter(ctx);
    const atStart = added.mock.calls.length;
    const main = document.getElementById('gmail-main')!;
    // 50 bursts of Gmail's (a row of its list, say), each read a task later, as Gmail mutates all day.
    for (let i = 0; i < 50; i++) {
      main.append(document.createElement('span'));
      await new Promise((r) => setTimeout(r, 0));
      await new Promise((r) => setTimeout(r, 0));
    }
    // The code before: one abort listener per burst (ctx.setTimeout's), kept for the page's life.
    expect(added.mock.calls.length - atStart).toBe(0);
    // Each burst was read (its coalesced timer ran), and a burst's timer pending at invalidation is cleared.
    expect(reads.mock.calls.length).toBeGreaterThanOrEqual(50);
    main.append(document.createElement('span'));
    await Promise.resolve();
    const beforeAbort = reads.mock.calls.length;
    ctx.abort();
    await new Promise((r) => setTimeout(r, 20));
    expect(reads.mock.calls.length).toBe(beforeAbort);
  });
});
