import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createMessageListener, senderOrigin } from '../../../lib/messages/listen';
import { PROTOCOL, type Handlers, type Message, type MessageType } from '../../../lib/messages/protocol';
import { send } from '../../../lib/messages/send';

const page = () => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/app.html#/campaigns') });
const gmail = () => ({ id: fakeBrowser.runtime.id, url: 'https://mail.google.com/mail/u/0/#inbox', tab: { id: 7 } as Browser.tabs.Tab });

// One valid message of every type (the type makes the list complete).
const examples: { [T in MessageType]: Message<T> } = {
  'kizuna:gmail-hello': { type: 'kizuna:gmail-hello' },
  'kizuna:open-panel': { type: 'kizuna:open-panel' },
  'kizuna:panel-first': { type: 'kizuna:panel-first', tabId: 7 },
  'kizuna:risk-recompute': { type: 'kizuna:risk-recompute' },
  'kizuna:alerts-changed': { type: 'kizuna:alerts-changed', ids: [1, 2] },
  'kizuna:tasks-changed': { type: 'kizuna:tasks-changed' },
  'kizuna:file-staged': { type: 'kizuna:file-staged' },
  'campaign:control': { type: 'campaign:control', action: 'pause', id: 'c-1' },
  'campaign:tick': { type: 'campaign:tick' },
  'campaign:test': { type: 'campaign:test', id: 'c-1', contactId: 3, step: 0, to: 'a@x.example' },
  'team:host-config': { type: 'team:host-config' },
  'team:host-health': { type: 'team:host-health', health: { shards: { book: { state: 'connected', pending: 0 } }, log: [], updatedAt: 1 } },
  'team:host-left': { type: 'team:host-left', teamId: 'abcde12345', reason: 'member-removed' },
};

function spyHandlers() {
  const calls: { type: string; payload: unknown; sender: unknown }[] = [];
  const handlers = Object.fromEntries(
    Object.keys(PROTOCOL).map((type) => [type, (payload: unknown, sender: unknown) => (calls.push({ type, payload, sender }), `reply:${type}`)]),
  ) as unknown as Handlers;
  return { calls, listener: createMessageListener(handlers) };
}

beforeEach(() => fakeBrowser.reset());

describe('the background protocol', () => {
  it('reaches each handler with the parsed payload (without its type) and answers with its reply', async () => {
    const { calls, listener } = spyHandlers();
    for (const [type, message] of Object.entries(examples)) {
      const sender = PROTOCOL[type as MessageType].from === 'gmail' ? gmail() : page();
      await expect(listener(message, sender)).resolves.toBe(`reply:${type}`);
    }
    expect(calls.map((c) => c.type)).toEqual(Object.keys(PROTOCOL));
    expect(calls.find((c) => c.type === 'campaign:control')?.payload).toEqual({ action: 'pause', id: 'c-1' });
    expect(calls.find((c) => c.type === 'kizuna:gmail-hello')?.sender).toEqual({ tabId: 7 });
  });

  it('fills a schema default (alerts-changed without ids)', async () => {
    const { calls, listener } = spyHandlers();
    await listener({ type: 'kizuna:alerts-changed' }, page());
    expect(calls[0]?.payload).toEqual({ ids: [] });
  });

  it('refuses an unknown type, and a payload its schema rejects, saying which field', async () => {
    const { calls, listener } = spyHandlers();
    await expect(listener({ type: 'kizuna:format-disk' }, page())).rejects.toThrow('unknown message type "kizuna:format-disk"');
    await expect(listener({ type: 'toString' }, page())).rejects.toThrow('unknown message type');
    await expect(listener(null, page())).rejects.toThrow('unknown message type');
    await expect(listener({ type: 'campaign:control', action: 'explode', id: 'c-1' }, page())).rejects.toThrow(/invalid campaign:control message[\s\S]*action/);
    await expect(listener({ type: 'kizuna:alerts-changed', ids: ['1'] }, page())).rejects.toThrow(/ids/);
    expect(calls).toEqual([]);
  });

  it('refuses foreign senders, and messages from the wrong one of our contexts', async () => {
    const { calls, listener } = spyHandlers();
    await expect(listener(examples['campaign:tick'], { ...page(), id: 'another-extension' })).rejects.toThrow('not accepted from a foreign sender');
    // Our content script on another site, and a sender without a URL.
    await expect(listener(examples['kizuna:gmail-hello'], { ...gmail(), url: 'https://evil.example/' })).rejects.toThrow('foreign sender');
    await expect(listener(examples['kizuna:risk-recompute'], { id: fakeBrowser.runtime.id })).rejects.toThrow('foreign sender');
    // The Gmail content script may not drive the campaign queue; a page is not a Gmail tab.
    await expect(listener(examples['campaign:control'], gmail())).rejects.toThrow('campaign:control is not accepted from gmail');
    await expect(listener(examples['kizuna:open-panel'], page())).rejects.toThrow('kizuna:open-panel is not accepted from page');
    expect(calls).toEqual([]);
  });

  it('tells our pages, our Gmail content script and anyone else apart', () => {
    expect(senderOrigin(page())).toBe('page');
    expect(senderOrigin(gmail())).toBe('gmail');
    // The in-Gmail dock is our page framed in a Gmail tab: still a page.
    expect(senderOrigin({ ...page(), tab: gmail().tab })).toBe('page');
    expect(senderOrigin({ ...gmail(), tab: undefined })).toBeUndefined();
    expect(senderOrigin({ ...gmail(), id: 'another-extension' })).toBeUndefined();
  });
});

describe('send', () => {
  it('sends { type, ...payload } and resolves with the reply', async () => {
    const spy = vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue(3 as never);
    const open: number = await send('kizuna:alerts-changed', { ids: [4] });
    expect(open).toBe(3);
    expect(spy).toHaveBeenCalledWith({ type: 'kizuna:alerts-changed', ids: [4] });
  });

  it('rejects with the background’s reason when the reply is the polyfill’s rejection (a receiver without the polyfill)', async () => {
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue({ __mozWebExtensionPolyfillReject__: true, message: 'Kizuna: unknown message type "x"' } as never);
    await expect(send('kizuna:open-panel')).rejects.toThrow('unknown message type "x"');
  });

  it('is typed: payloads are checked by the compiler', () => {
    const spy = vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue(undefined);
    // @ts-expect-error ids are numbers
    void send('kizuna:alerts-changed', { ids: ['1'] });
    // @ts-expect-error no such message
    void send('kizuna:nothing');
    // @ts-expect-error campaign:control needs its action and id
    void send('campaign:control');
    expect(spy).toHaveBeenCalledTimes(3);
  });
});
