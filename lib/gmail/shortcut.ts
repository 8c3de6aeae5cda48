import { isShortcutChar } from '../templates/shortcut-word';
import { type InsertResult, insertText } from './compose';

export interface ShortcutMatch {
  word: string;
  /** Offsets in the text given: from the `;` to just after the space. */
  start: number;
  end: number;
}

export interface CaretShortcut {
  word: string;
  editable: HTMLElement;
  /** The `;word ` just typed, as a range in the caret's text node. */
  range: Range;
  /** What the range held when found, to check it is still there before replacing. */
  typed: string;
}

export type ExpandResult = InsertResult | { ok: false; reason: 'changed' };

const TRIGGERS = new Set([';', '；']); // the full-width one is what a Japanese IME types
const SPACES = new Set([' ', '\u00a0', '\u3000']); // editors turn a typed trailing space into U+00A0
const MAX_WORD = 32;

/** Finds `;word` + a space at the end of `before` (the text before the caret), at its start or after whitespace. */
export function matchShortcut(before: string): ShortcutMatch | null {
  const end = before.length;
  if (end < 3 || !SPACES.has(before[end - 1])) return null;
  let i = end - 2;
  while (i >= 0 && end - 2 - i <= MAX_WORD && isShortcutChar(before[i])) i--;
  const word = before.slice(i + 1, end - 1);
  if (!word || word.length > MAX_WORD || i < 0 || !TRIGGERS.has(before[i])) return null;
  if (i > 0 && !/\s/.test(before[i - 1])) return null;
  return { word, start: i, end };
}

/** A `;word ` just typed before the collapsed caret in a compose body, or null. */
export function shortcutAtCaret(editable: HTMLElement): CaretShortcut | null {
  const selection = editable.ownerDocument.getSelection();
  if (!selection?.rangeCount || !selection.isCollapsed) return null;
  const { startContainer: node, startOffset } = selection.getRangeAt(0);
  if (node.nodeType !== 3 || !editable.contains(node)) return null;
  const match = matchShortcut((node as Text).data.slice(0, startOffset));
  if (!match || (match.start === 0 && continuesWord(node))) return null;
  const range = editable.ownerDocument.createRange();
  range.setStart(node, match.start);
  range.setEnd(node, match.end);
  return { word: match.word, editable, range, typed: range.toString() };
}

/** Replaces a found `;word ` with the rendered text (text nodes and line breaks only), if the user has not changed it meanwhile. */
export function expandShortcut(found: CaretShortcut, text: string): ExpandResult {
  if (!found.editable.isConnected || found.range.toString() !== found.typed) return { ok: false, reason: 'changed' };
  return insertText(found.editable, text, found.range);
}

// "foo;sig " split over two text nodes is not a shortcut: `;` must start a word.
function continuesWord(node: Node): boolean {
  const previous = node.previousSibling;
  if (!previous || previous.nodeName === 'BR' || /^(?:DIV|P)$/.test(previous.nodeName)) return false;
  const text = previous.textContent ?? '';
  return text.length > 0 && !/\s$/.test(text);
}
