import type { Message, MessageType, Reply } from '../../lib/messages/protocol';
import type { Kizuna } from './launch';

/**
 * Sends a message of the background's protocol (lib/messages/protocol.ts) from one of the extension's own pages,
 * as the app does, and returns the reply: tests and benches drive the background the way the product does, so the
 * production build carries no test hook.
 */
export async function sendToBackground<T extends MessageType>(k: Pick<Kizuna, 'context' | 'extensionId'>, message: Message<T>): Promise<Reply<T>> {
  const page = await k.context.newPage();
  try {
    // The backup page reads nothing of the book: the default page (contacts) would read every contact and follow the
    // rescore's writes for as long as the reply takes, which slowed the rescore and Gmail's panel in the benches.
    await page.goto(`chrome-extension://${k.extensionId}/app.html#/backup`);
    const reply = await page.evaluate((m) => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage(m), message);
    if (typeof reply === 'object' && reply !== null && '__mozWebExtensionPolyfillReject__' in reply) throw new Error(String((reply as { message?: unknown }).message));
    return reply as Reply<T>;
  } finally {
    await page.close();
  }
}
