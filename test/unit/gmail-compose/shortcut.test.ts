// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { expandShortcut, matchShortcut, shortcutAtCaret } from '../../../lib/gmail/shortcut';

describe('matchShortcut', () => {
  it.each([
    [';thanks ', { word: 'thanks', start: 0, end: 8 }],
    ['Hi Ann, ;sig ', { word: 'sig', start: 8, end: 13 }],
    ['line\n;a-b_9\u00a0', { word: 'a-b_9', start: 5, end: 12 }],
    ['お世話になります。 ；renew\u3000', { word: 'renew', start: 10, end: 17 }],
    [`;${'x'.repeat(32)} `, { word: 'x'.repeat(32), start: 0, end: 34 }],
  ])('%j → %j', (before, expected) => {
    expect(matchShortcut(before)).toEqual(expected);
  });

  it.each([
    ';thanks', // no space yet
    'a;thanks ', // inside a word or URL
    'http://x.io/a;b ',
    '; ',
    ';thanks  ', // the space was typed earlier
    `;${'x'.repeat(33)} `,
    ';日本語 ',
    'thanks ',
    '',
  ])('no shortcut in %j', (before) => {
    expect(matchShortcut(before)).toBeNull();
  });
});

describe('shortcutAtCaret and expandShortcut', () => {
  afterEach(() => document.body.replaceChildren());

  function editor(...content: Node[]): HTMLElement {
    const body = document.createElement('div');
    body.setAttribute('contenteditable', 'true');
    body.setAttribute('g_editable', 'true');
    body.append(...content);
    document.body.append(body);
    return body;
  }
  function caret(node: Node, offset: number): void {
    const range = document.createRange();
    range.setStart(node, offset);
    document.getSelection()?.removeAllRanges();
    document.getSelection()?.addRange(range);
  }

  it('replaces ;word and its space with the rendered text, lines as <br>', () => {
    const text = document.createTextNode('Hello ;thx rest');
    const body = editor(text);
    caret(text, 11);
    const found = shortcutAtCaret(body);
    expect(found?.word).toBe('thx');
    expect(found && expandShortcut(found, 'Thanks, Ann!\n<b>Ken</b>')).toEqual({ ok: true });
    expect(body.textContent).toBe('Hello Thanks, Ann!<b>Ken</b>rest');
    expect(body.querySelectorAll('br')).toHaveLength(1);
    expect(body.querySelector('b')).toBeNull();
  });

  it('finds nothing when the caret is not right after ;word + space, or the selection is not collapsed', () => {
    const text = document.createTextNode(';thx more');
    const body = editor(text);
    caret(text, 3);
    expect(shortcutAtCaret(body)).toBeNull();
    const range = document.createRange();
    range.setStart(text, 0);
    range.setEnd(text, 5);
    document.getSelection()?.removeAllRanges();
    document.getSelection()?.addRange(range);
    expect(shortcutAtCaret(body)).toBeNull();
  });

  it('does not take ;word glued to a word in a previous text node', () => {
    const text = document.createTextNode(';thx ');
    const body = editor(document.createTextNode('foo'), text);
    caret(text, 5);
    expect(shortcutAtCaret(body)).toBeNull();
    const afterBreak = document.createTextNode(';thx ');
    const other = editor(document.createTextNode('foo'), document.createElement('br'), afterBreak);
    caret(afterBreak, 5);
    expect(shortcutAtCaret(other)?.word).toBe('thx');
  });

  it('refuses to expand when the user changed the text meanwhile', () => {
    const text = document.createTextNode(';thx ');
    const body = editor(text);
    caret(text, 5);
    const found = shortcutAtCaret(body);
    text.replaceData(1, 1, 'X');
    expect(found && expandShortcut(found, 'Thanks')).toEqual({ ok: false, reason: 'changed' });
    expect(body.textContent).toBe(';Xhx ');
  });
});
