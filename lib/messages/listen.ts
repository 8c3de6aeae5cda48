import { z } from 'zod';
import { browser } from 'wxt/browser';
import { fromExtensionPage } from '../extension-sender';
import { isGmailUrl } from '../panel/messages';
import { PROTOCOL, type Handlers, type MessageType, type Origin } from './protocol';

/** The sender check: our own extension pages, or our content script in a Gmail tab; anyone else is undefined. */
export function senderOrigin(sender: Browser.runtime.MessageSender): Origin | undefined {
  if (sender.id !== browser.runtime.id) return undefined;
  if (fromExtensionPage(sender)) return 'page';
  if (sender.tab?.id !== undefined && isGmailUrl(sender.url)) return 'gmail';
  return undefined;
}

const isType = (type: unknown): type is MessageType => typeof type === 'string' && Object.hasOwn(PROTOCOL, type);

/**
 * The background's one runtime.onMessage listener: checks the sender and the payload against PROTOCOL,
 * then answers with the type's handler. Anything refused rejects with a message that says why.
 */
export function createMessageListener(handlers: Handlers): (message: unknown, sender: Browser.runtime.MessageSender) => Promise<unknown> {
  return async (message, sender) => {
    const type = (message as { type?: unknown } | null)?.type;
    if (!isType(type)) throw new Error(`Kizuna: unknown message type ${JSON.stringify(type)}`);
    const spec = PROTOCOL[type];
    const origin = senderOrigin(sender);
    if (origin !== spec.from) throw new Error(`Kizuna: ${type} is not accepted from ${origin ?? 'a foreign sender'} (${sender.url ?? sender.id ?? 'unknown'})`);
    const parsed = spec.payload.safeParse(message);
    if (!parsed.success) throw new Error(`Kizuna: invalid ${type} message: ${z.prettifyError(parsed.error)}`);
    const handler = handlers[type] as (payload: unknown, sender: { tabId?: number }) => unknown;
    return handler(parsed.data, { tabId: sender.tab?.id });
  };
}
