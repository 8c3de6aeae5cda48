// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ensureComposeBody, findComposeBody, insertText, openReply, trackComposeCaret } from '../../../lib/gmail/compose';

afterEach(() => {
  document.body.replaceChildren();
  Reflect.deleteProperty(document, 'execCommand');
});

// A Gmail-like reply box: root div.M9 holding the editable body.
function addCompose(content: Node[] = [], attrs: Record<string, string> = { g_editable: 'true', contenteditable: 'true', role: 'textbox' }): HTMLElement {
  const root = document.createElement('div');
  root.className = 'M9';
  const body = document.createElement('div');
  for (const [k, v] of Object.entries(attrs)) body.setAttribute(k, v);
  body.append(...content);
  root.append(body);
  document.body.append(root);
  return body;
}

function select(node: Node, start: number, end = start): void {
  const range = document.createRange();
  range.setStart(node, start);
  range.setEnd(node, end);
  document.getSelection()?.removeAllRanges();
  document.getSelection()?.addRange(range);
}

// Every node under the body that is neither text nor <br>/<div>.
const foreignNodes = (root: Node) => {
  const found: string[] = [];
  const walk = (node: Node) =>
    node.childNodes.forEach((child) => {
      if (child.nodeType !== 3 && !['BR', 'DIV'].includes(child.nodeName)) found.push(child.nodeName);
      walk(child);
    });
  walk(root);
  return found;
};

describe('findComposeBody', () => {
  it('finds none when no compose box is open', () => {
    expect(findComposeBody(document)).toBeUndefined();
  });

  it('prefers the focused body, else the last open one, skipping hidden ones', () => {
    const first = addCompose();
    const second = addCompose();
    const hidden = addCompose();
    (hidden.parentElement as HTMLElement).style.display = 'none';
    expect(findComposeBody(document)).toBe(second);
    first.focus();
    expect(findComposeBody(document)).toBe(first);
  });

  it('uses a preferred body while it is still in the page', () => {
    const first = addCompose();
    addCompose();
    expect(findComposeBody(document, first)).toBe(first);
    first.parentElement?.remove();
    expect(findComposeBody(document, first)).not.toBe(first);
  });
});

describe('insertText (DOM fallback: jsdom has no execCommand)', () => {
  it('reports no compose box and a non-editable element', () => {
    expect(insertText(findComposeBody(document), 'x')).toEqual({ ok: false, reason: 'no-compose' });
    const div = document.createElement('div');
    document.body.append(div);
    expect(insertText(div, 'x')).toEqual({ ok: false, reason: 'not-editable' });
    expect(insertText(addCompose([], { contenteditable: 'false', role: 'textbox' }), 'x')).toEqual({ ok: false, reason: 'not-editable' });
  });

  it('inserts at the caret and leaves the caret after the text', () => {
    const text = document.createTextNode('Hello world');
    const body = addCompose([text]);
    select(text, 6);
    expect(insertText(body, 'dear ')).toEqual({ ok: true });
    expect(body.textContent).toBe('Hello dear world');
    insertText(body, 'big ');
    expect(body.textContent).toBe('Hello dear big world');
  });

  it('replaces a selection', () => {
    const text = document.createTextNode('Hello NAME, hi');
    const body = addCompose([text]);
    select(text, 6, 10);
    insertText(body, 'Ann');
    expect(body.textContent).toBe('Hello Ann, hi');
  });

  it('keeps line breaks as <br> and creates only text nodes and <br>', () => {
    const body = addCompose();
    insertText(body, 'Hi Ann,\r\n\nThanks.\nKen');
    expect([...body.childNodes].map((n) => (n.nodeType === 3 ? n.nodeValue : n.nodeName))).toEqual(['Hi Ann,', 'BR', 'BR', 'Thanks.', 'BR', 'Ken']);
    expect(foreignNodes(body)).toEqual([]);
  });

  it('adds the extra <br> a trailing line break needs at the end of a block', () => {
    const body = addCompose();
    insertText(body, 'line\n');
    expect([...body.childNodes].map((n) => n.nodeName)).toEqual(['#text', 'BR', 'BR']);
  });

  it('keeps runs of spaces and spaces next to a line break visible', () => {
    const body = addCompose();
    insertText(body, 'a   b \n c');
    expect(body.textContent).toBe('a\u00a0\u00a0 b\u00a0\u00a0c');
  });

  it('inserts at the start when the caret is outside the body, before a signature', () => {
    const signature = document.createElement('div');
    signature.textContent = '-- Ken';
    const body = addCompose([signature]);
    insertText(body, 'Hi');
    expect(body.firstChild?.nodeValue).toBe('Hi');
    expect(body.lastChild).toBe(signature);
  });

  it('inserts at a remembered range even when the selection has moved away', () => {
    const text = document.createTextNode('AB');
    const body = addCompose([text]);
    const range = document.createRange();
    range.setStart(text, 1);
    range.collapse(true);
    document.getSelection()?.removeAllRanges();
    insertText(body, '-', range);
    expect(body.textContent).toBe('A-B');
  });

  it('keeps <script> and HTML in the text as text', () => {
    const body = addCompose();
    insertText(body, '<script>alert(1)</script><b>x</b> &amp;');
    expect(body.querySelector('script, b')).toBeNull();
    expect(body.textContent).toBe('<script>alert(1)</script><b>x</b> &amp;');
    expect(foreignNodes(body)).toEqual([]);
  });

  it('dispatches an input event', () => {
    const body = addCompose();
    const seen = vi.fn();
    body.addEventListener('input', (e) => seen((e as InputEvent).inputType, (e as InputEvent).data));
    insertText(body, 'x');
    expect(seen).toHaveBeenCalledWith('insertText', 'x');
  });
});

describe('insertText with execCommand', () => {
  it('uses the editor command when it inserts, without inserting twice', () => {
    const body = addCompose();
    const exec = vi.fn((_cmd: string, _ui: boolean, value: string) => {
      body.append(document.createTextNode(value));
      return true;
    });
    Object.defineProperty(document, 'execCommand', { value: exec, configurable: true });
    expect(insertText(body, 'Hi')).toEqual({ ok: true });
    expect(exec).toHaveBeenCalledWith('insertText', false, 'Hi');
    expect(body.textContent).toBe('Hi');
  });

  it('counts a command that changed only line breaks (announced by an input event) as done', () => {
    const body = addCompose();
    Object.defineProperty(document, 'execCommand', {
      value: () => {
        body.append(document.createElement('br'));
        body.dispatchEvent(new Event('input'));
        return true;
      },
      configurable: true,
    });
    insertText(body, '\n');
    expect(body.querySelectorAll('br')).toHaveLength(1);
  });

  it.each([
    ['returns false', () => false],
    ['claims success but changes nothing', () => true],
    [
      'throws',
      () => {
        throw new Error('no');
      },
    ],
  ])('falls back to the DOM when the command %s', (_label, exec) => {
    const body = addCompose();
    Object.defineProperty(document, 'execCommand', { value: exec, configurable: true });
    expect(insertText(body, 'Hi\nthere')).toEqual({ ok: true });
    expect(body.textContent).toBe('Hithere');
    expect(body.querySelectorAll('br')).toHaveLength(1);
  });
});

describe('openReply', () => {
  function addReplyButton(onClick: () => void, label = 'Reply'): HTMLElement {
    const button = document.createElement('div');
    button.setAttribute('role', 'button');
    button.setAttribute('data-tooltip', label);
    button.addEventListener('click', onClick);
    document.body.append(button);
    return button;
  }

  it('reports a missing Reply button', async () => {
    await expect(openReply(document, { timeoutMs: 50 })).resolves.toEqual({ ok: false, reason: 'no-reply-button' });
  });

  it('clicks Reply (mouse down, up, click) and resolves with the body Gmail opens', async () => {
    const events: string[] = [];
    const button = addReplyButton(() => setTimeout(() => addCompose(), 20), '返信');
    for (const type of ['mousedown', 'mouseup', 'click']) button.addEventListener(type, () => events.push(type));
    const result = await openReply(document, { timeoutMs: 1000 });
    expect(events).toEqual(['mousedown', 'mouseup', 'click']);
    expect(result.ok && result.body.getAttribute('g_editable')).toBe('true');
  });

  it('waits for a new body, not one already open elsewhere', async () => {
    const old = addCompose();
    addReplyButton(() => setTimeout(() => addCompose(), 10));
    const result = await openReply(document, { timeoutMs: 1000 });
    expect(result.ok && result.body).not.toBe(old);
    expect(result.ok).toBe(true);
  });

  it('times out when no body appears', async () => {
    addReplyButton(() => undefined);
    await expect(openReply(document, { timeoutMs: 30 })).resolves.toEqual({ ok: false, reason: 'timeout' });
  });

  it('stops when aborted', async () => {
    addReplyButton(() => undefined);
    const controller = new AbortController();
    const pending = openReply(document, { timeoutMs: 5000, signal: controller.signal });
    controller.abort();
    await expect(pending).resolves.toEqual({ ok: false, reason: 'aborted' });
  });

  it('ensureComposeBody uses an open body and opens the reply only when none is', async () => {
    const click = vi.fn(() => addCompose());
    addReplyButton(click);
    const opened = await ensureComposeBody(document, null, { timeoutMs: 500 });
    expect(opened.ok).toBe(true);
    const again = await ensureComposeBody(document, null, { timeoutMs: 500 });
    expect(again).toEqual(opened);
    expect(click).toHaveBeenCalledTimes(1);
  });
});

describe('trackComposeCaret', () => {
  it('remembers the last caret inside a compose body, not elsewhere', async () => {
    const text = document.createTextNode('Hello');
    const body = addCompose([text]);
    const outside = document.createTextNode('sidebar');
    document.body.append(outside);
    const controller = new AbortController();
    const caret = trackComposeCaret(document, controller.signal);
    select(text, 2);
    document.dispatchEvent(new Event('selectionchange'));
    select(outside, 1);
    document.dispatchEvent(new Event('selectionchange'));
    const last = caret();
    expect(last?.body).toBe(body);
    expect(last?.range.startOffset).toBe(2);
    insertText(last?.body, 'y', last?.range);
    expect(body.textContent).toBe('Heyllo');
    controller.abort();
  });
});
