import { $all, SELECTORS } from './selectors';

export type InsertResult = { ok: true } | { ok: false; reason: 'no-compose' | 'not-editable' };
export type OpenReplyResult = { ok: true; body: HTMLElement } | { ok: false; reason: 'no-reply-button' | 'timeout' | 'aborted' };

export interface OpenReplyOptions {
  /** How long to wait for Gmail to show the reply box; 5 s by default. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface ComposeCaret {
  body: HTMLElement;
  range: Range;
}

const BLOCK = /^(?:DIV|P|BLOCKQUOTE|UL|OL|LI|TABLE|H[1-6])$/;

/** The compose or reply body to insert into: `preferred` while still open, else the focused one, else the last open one. */
export function findComposeBody(doc: Document = document, preferred?: Element | null): HTMLElement | undefined {
  if (preferred?.isConnected && isEditable(preferred) && !isHidden(preferred)) return preferred as HTMLElement;
  const bodies = openComposeBodies(doc);
  const active = doc.activeElement;
  return bodies.find((body) => active && body.contains(active)) ?? bodies[bodies.length - 1];
}

/**
 * Inserts plain text at the caret (replacing a selection; at the start when the caret is elsewhere)
 * in a compose body. Uses the editor's own insertText command, so Gmail's undo works, and falls back
 * to DOM insertion of text nodes and <br> elements. Never parses the text as HTML.
 */
export function insertText(editable: Element | null | undefined, text: string, at?: Range | null): InsertResult {
  if (!editable?.isConnected) return { ok: false, reason: 'no-compose' };
  if (!isEditable(editable)) return { ok: false, reason: 'not-editable' };
  const clean = text.replace(/\r\n?/g, '\n');
  const target = selectTarget(editable as HTMLElement, at);
  if (insertByCommand(editable, clean)) return { ok: true };
  insertByRange(target, clean);
  dispatchInput(editable, clean);
  return { ok: true };
}

/** Clicks the thread's Reply button and resolves with the new reply body once Gmail shows it. */
export function openReply(doc: Document = document, { timeoutMs = 5000, signal }: OpenReplyOptions = {}): Promise<OpenReplyResult> {
  const button = $all('replyButton', doc)
    .filter((b) => !isHidden(b))
    .pop();
  if (!button) return Promise.resolve({ ok: false, reason: 'no-reply-button' });
  const before = new Set(openComposeBodies(doc));
  const opened = waitForBody(doc, () => openComposeBodies(doc).find((b) => !before.has(b)), timeoutMs, signal);
  click(button);
  return opened;
}

/** The open compose or reply body, opening the thread's reply first when none is open. */
export async function ensureComposeBody(doc: Document = document, preferred?: Element | null, options?: OpenReplyOptions): Promise<OpenReplyResult> {
  const body = findComposeBody(doc, preferred);
  return body ? { ok: true, body } : openReply(doc, options);
}

/** Remembers the last caret inside a compose body: clicking the sidebar takes focus away, and the insert should land where the user was. */
export function trackComposeCaret(doc: Document = document, signal?: AbortSignal): () => ComposeCaret | undefined {
  let last: ComposeCaret | undefined;
  const bodySelector = SELECTORS.composeBody.join(', ');
  doc.addEventListener(
    'selectionchange',
    () => {
      const selection = doc.getSelection();
      if (!selection?.rangeCount) return;
      const range = selection.getRangeAt(0);
      const start = range.startContainer;
      const body = (start.nodeType === 1 ? (start as Element) : start.parentElement)?.closest<HTMLElement>(bodySelector);
      if (body) last = { body, range: range.cloneRange() };
    },
    { signal },
  );
  return () => (last?.body.isConnected ? last : undefined);
}

function openComposeBodies(doc: Document): HTMLElement[] {
  return $all('composeBody', doc).filter((body) => isEditable(body) && !isHidden(body));
}

function isEditable(el: Element): boolean {
  if ((el as HTMLElement).isContentEditable) return true;
  const value = el.closest('[contenteditable]')?.getAttribute('contenteditable')?.toLowerCase();
  return value === '' || value === 'true' || value === 'plaintext-only';
}

// Gmail keeps closed boxes and earlier threads in the DOM, hidden.
function isHidden(el: Element): boolean {
  for (let node: Element | null = el; node; node = node.parentElement) {
    if (node.hasAttribute('hidden') || (node as HTMLElement).style?.display === 'none') return true;
  }
  return false;
}

function selectTarget(editable: HTMLElement, at?: Range | null): Range {
  const doc = editable.ownerDocument;
  const selection = doc.getSelection();
  const current = selection?.rangeCount ? selection.getRangeAt(0) : undefined;
  const inside = (r?: Range | null) => !!r && editable.contains(r.startContainer) && editable.contains(r.endContainer);
  const chosen = inside(at) ? at : inside(current) ? current : undefined;
  const range = chosen ? chosen.cloneRange() : doc.createRange();
  if (!chosen) range.setStart(editable, 0);
  editable.focus({ preventScroll: true });
  selection?.removeAllRanges();
  selection?.addRange(range);
  return range;
}

// True when the browser's command changed the editor; then inserting again would insert twice.
function insertByCommand(editable: Element, text: string): boolean {
  const doc = editable.ownerDocument;
  if (typeof doc.execCommand !== 'function') return false;
  const before = editable.textContent;
  let fired = false;
  const onInput = () => (fired = true);
  editable.addEventListener('input', onInput);
  try {
    doc.execCommand('insertText', false, text);
  } catch {
    return false;
  } finally {
    editable.removeEventListener('input', onInput);
  }
  return fired || editable.textContent !== before;
}

function insertByRange(range: Range, text: string): void {
  const doc = range.startContainer.ownerDocument ?? (range.startContainer as Document);
  range.deleteContents();
  const fragment = doc.createDocumentFragment();
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (i > 0) fragment.append(doc.createElement('br'));
    if (line) fragment.append(doc.createTextNode(keepSpaces(line, i > 0, i < lines.length - 1)));
  });
  const last = fragment.lastChild;
  if (!last) return;
  range.insertNode(fragment);
  // A <br> that ends a block shows no empty line; browsers add a second one, and so do we.
  if (last.nodeName === 'BR' && endsBlock(last)) last.after(doc.createElement('br'));
  range.setStartAfter(last);
  range.collapse(true);
  const selection = doc.getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
}

// HTML collapses runs of spaces and spaces next to a line break; the editor keeps them as no-break spaces.
function keepSpaces(line: string, afterBreak: boolean, beforeBreak: boolean): string {
  let kept = line.replace(/ (?= )/g, '\u00a0');
  if (afterBreak) kept = kept.replace(/^ /, '\u00a0');
  if (beforeBreak) kept = kept.replace(/ $/, '\u00a0');
  return kept;
}

function endsBlock(node: Node): boolean {
  let next = node.nextSibling;
  while (next && next.nodeType === 3 && !next.nodeValue) next = next.nextSibling;
  return !next || (next.nodeType === 1 && BLOCK.test(next.nodeName));
}

function dispatchInput(editable: Element, text: string): void {
  const view = editable.ownerDocument.defaultView;
  const event = view?.InputEvent ? new view.InputEvent('input', { bubbles: true, inputType: 'insertText', data: text }) : new Event('input', { bubbles: true });
  editable.dispatchEvent(event);
}

// Gmail's buttons listen to the mouse, not only to click.
function click(el: Element): void {
  const view = el.ownerDocument.defaultView;
  const Mouse = view?.MouseEvent ?? MouseEvent;
  for (const type of ['mousedown', 'mouseup', 'click']) el.dispatchEvent(new Mouse(type, { bubbles: true, cancelable: true, button: 0 }));
}

function waitForBody(doc: Document, find: () => HTMLElement | undefined, timeoutMs: number, signal?: AbortSignal): Promise<OpenReplyResult> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve({ ok: false, reason: 'aborted' });
    const Observer = doc.defaultView?.MutationObserver ?? MutationObserver;
    const done = (result: OpenReplyResult) => {
      observer.disconnect();
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    const observer = new Observer(() => {
      const body = find();
      if (body) done({ ok: true, body });
    });
    const onAbort = () => done({ ok: false, reason: 'aborted' });
    const timer = setTimeout(() => done({ ok: false, reason: 'timeout' }), timeoutMs);
    observer.observe(doc.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['contenteditable', 'g_editable', 'style', 'hidden'] });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
