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
    await page.goto(`chrome-extension://${k.extensionId}/app.html`);
    const reply = await page.evaluate((m) => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage(m), message);
    if (typeof reply === 'object' && reply !== null && '__mozWebExtensionPolyfillReject__' in reply) throw new Error(String((reply as { message?: unknown }).message));
    return reply as Reply<T>;
  } finally {
    await page.close();
  }
}
