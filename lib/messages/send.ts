import { browser } from 'wxt/browser';
import type { Message, MessageType, PayloadInput, Reply } from './protocol';

// Only types come from ./protocol: the Gmail content script sends with this and must stay free of zod.

/** Sends a message to the background and resolves with its typed reply; a refused message rejects with the background's reason. */
export async function send<T extends MessageType>(type: T, ...[payload]: object extends PayloadInput<T> ? [payload?: PayloadInput<T>] : [payload: PayloadInput<T>]): Promise<Reply<T>> {
  return request({ type, ...payload });
}

/** Sends a whole message (`{ type, ...payload }`), for callers that already hold one. */
export function sendMessage<M extends Message>(message: M): Promise<Reply<M['type']>> {
  return request(message);
}

async function request<R>(message: object): Promise<R> {
  const reply: unknown = await browser.runtime.sendMessage(message);
  // The background answers through webextension-polyfill; a receiver without it (the content script) gets its
  // rejection as this object instead of an error.
  if (typeof reply === 'object' && reply !== null && '__mozWebExtensionPolyfillReject__' in reply) throw new Error(String((reply as { message?: unknown }).message));
  return reply as R;
}
