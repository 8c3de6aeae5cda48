import type { Page } from 'playwright-core';
import type { Message, MessageType, Reply } from '../../lib/messages/protocol';
import type { Kizuna } from './launch';

type Chrome = {
  tabs: {
    getCurrent(): Promise<{ id?: number; windowId: number } | undefined>;
    query(q: object): Promise<{ id?: number; lastAccessed?: number }[]>;
    update(id: number, props: object): Promise<unknown>;
  };
  runtime: { sendMessage(m: unknown): Promise<unknown> };
};

/** An extension page in a background tab that sends messages of the background's protocol; close it when done. */
export interface BackgroundSender {
  page: Page;
  send<T extends MessageType>(message: Message<T>): Promise<Reply<T>>;
  close(): Promise<void>;
}

/**
 * Opens one of the extension's own pages to send background messages from, as the app does: tests and benches drive
 * the background the way the product does, so the production build carries no test hook. The page's tab steps
 * back behind the tab that was in front (a side panel belongs to its Gmail tab: with another tab in front it is
 * hidden and gets no frames, so a bench timing the panel during a long reply would time nothing but the wait).
 */
export async function backgroundSender(k: Pick<Kizuna, 'context' | 'extensionId'>): Promise<BackgroundSender> {
  const page = await k.context.newPage();
  // The backup page reads nothing of the book: the default page (contacts) would read every contact and follow the
  // rescore's writes for as long as the reply takes, which slowed the rescore and Gmail's panel in the benches.
  await page.goto(`chrome-extension://${k.extensionId}/app.html#/backup`);
  await page.evaluate(async () => {
    const { chrome } = globalThis as unknown as { chrome: Chrome };
    const self = await chrome.tabs.getCurrent();
    const others = (await chrome.tabs.query({ windowId: self?.windowId })).filter((t) => t.id !== self?.id);
    const previous = others.sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0))[0];
    if (previous?.id !== undefined) await chrome.tabs.update(previous.id, { active: true });
  });
  return {
    page,
    async send<T extends MessageType>(message: Message<T>): Promise<Reply<T>> {
      const reply = await page.evaluate((m) => (globalThis as unknown as { chrome: Chrome }).chrome.runtime.sendMessage(m), message);
      if (typeof reply === 'object' && reply !== null && '__mozWebExtensionPolyfillReject__' in reply) throw new Error(String((reply as { message?: unknown }).message));
      return reply as Reply<T>;
    },
    close: () => page.close(),
  };
}

/** Sends one message of the background's protocol (lib/messages/protocol.ts) from an extension page (see backgroundSender) and returns the reply. */
export async function sendToBackground<T extends MessageType>(k: Pick<Kizuna, 'context' | 'extensionId'>, message: Message<T>): Promise<Reply<T>> {
  const sender = await backgroundSender(k);
  try {
    return await sender.send(message);
  } finally {
    await sender.close();
  }
}
