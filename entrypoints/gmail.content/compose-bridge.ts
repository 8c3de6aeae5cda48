import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { ensureComposeBody, insertText, trackComposeCaret } from '@/lib/gmail/compose';
import { expandShortcut, shortcutAtCaret, type CaretShortcut } from '@/lib/gmail/shortcut';
import { SELECTORS } from '@/lib/gmail/selectors';

type Send = (message: { type: 'inserted'; requestId: number; ok: boolean; reason?: string } | { type: 'expand'; requestId: number; word: string }) => void;

/**
 * Quick replies in Gmail's compose boxes: inserts text the sidebar rendered, expands `;word `
 * shortcuts through the side panel, and asks for the panel's picker on Alt+Shift+K.
 */
export function startComposeBridge(ctx: ContentScriptContext, send: Send, onPicker: () => void) {
  const controller = new AbortController();
  ctx.onInvalidated(() => controller.abort());
  const lastCaret = trackComposeCaret(document, controller.signal);
  const pending = new Map<number, CaretShortcut>();
  let nextId = 1;
  const bodySelector = SELECTORS.composeBody.join(', ');

  ctx.addEventListener(
    document,
    'input',
    (event) => {
      const body = (event.target as Element | null)?.closest?.<HTMLElement>(bodySelector);
      const found = body && shortcutAtCaret(body);
      if (!found) return;
      const requestId = nextId++;
      pending.set(requestId, found);
      send({ type: 'expand', requestId, word: found.word });
    },
    { capture: true },
  );
  ctx.addEventListener(
    document,
    'keydown',
    (event) => {
      if (event.altKey && event.shiftKey && !event.ctrlKey && !event.metaKey && event.code === 'KeyK') {
        event.preventDefault();
        onPicker();
      }
    },
    { capture: true },
  );

  return {
    async insert(requestId: number, text: string) {
      const caret = lastCaret();
      const target = await ensureComposeBody(document, caret?.body, { signal: controller.signal });
      if (!target.ok) return send({ type: 'inserted', requestId, ok: false, reason: target.reason });
      const result = insertText(target.body, text, caret?.body === target.body ? caret.range : undefined);
      send({ type: 'inserted', requestId, ok: result.ok, ...(result.ok ? {} : { reason: result.reason }) });
    },
    expansion(requestId: number, text: string | null) {
      const found = pending.get(requestId);
      pending.delete(requestId);
      if (found && text !== null) expandShortcut(found, text);
    },
  };
}
