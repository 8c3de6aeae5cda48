// @vitest-environment jsdom
import { join } from 'node:path';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Form } from '../../../components/enter-key';
import { I18nProvider } from '../../../components/i18n';
import { NotesPanel } from '../../../components/NotesPanel';
import { TagEditor } from '../../../components/TagEditor';
import type { Tag } from '../../../lib/db/types';
import { uiSources } from '../../support/ui-sources';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let container: HTMLDivElement;
let react: Root;
afterEach(() => (act(() => react.unmount()), container.remove()));

const t = (key: string, subs?: string | string[]) => [key, ...[subs ?? []].flat()].join(' ');
function render(ui: React.ReactNode) {
  container = document.createElement('div');
  document.body.append(container);
  react = createRoot(container);
  act(() => react.render(<I18nProvider value={{ t, locale: 'en' }}>{ui}</I18nProvider>));
}

/** Types a value into a controlled field the way React notices. */
function type(field: HTMLInputElement | HTMLTextAreaElement, value: string) {
  const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(field), 'value')!.set!;
  act(() => (setter.call(field, value), field.dispatchEvent(new Event('input', { bubbles: true }))));
}
function key(target: Element, init: KeyboardEventInit & { keyCode?: number }) {
  const event = new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init });
  act(() => void target.dispatchEvent(event));
  return event;
}

const VIP: Tag = { id: 1, name: 'VIP', key: 'vip', color: '#1a73e8' };
const TRIAL: Tag = { id: 2, name: 'Trial', key: 'trial', color: '#188038' };

describe('Enter while an IME composes does nothing; Enter after it acts', () => {
  it('the tag field adds a tag only on an Enter that is not the IME committing', () => {
    const onAdd = vi.fn();
    render(<TagEditor tags={[]} allTags={[]} onAdd={onAdd} onRemove={() => {}} onColor={() => {}} />);
    const input = container.querySelector('input')!;
    type(input, 'やまだ');
    key(input, { key: 'Enter', isComposing: true });
    key(input, { key: 'Enter', keyCode: 229 }); // Safari: the committing Enter comes after compositionend
    expect(onAdd).not.toHaveBeenCalled();
    key(input, { key: 'Enter' });
    expect(onAdd).toHaveBeenCalledWith('やまだ');
  });

  it('a form is not submitted by an IME Enter in one of its fields', () => {
    const submit = vi.fn();
    render(
      <Form onSubmit={(e) => (e.preventDefault(), submit())}>
        <input aria-label="name" />
        <button type="submit">Save</button>
      </Form>,
    );
    const input = container.querySelector('input')!;
    expect(key(input, { key: 'Enter', isComposing: true }).defaultPrevented).toBe(true);
    expect(key(input, { key: 'Enter', keyCode: 229 }).defaultPrevented).toBe(true);
    expect(key(input, { key: 'Enter' }).defaultPrevented).toBe(false);
  });

  it('Ctrl+Enter (or ⌘+Enter) saves a note, not while an IME composes; a plain Enter is a new line', () => {
    const onAdd = vi.fn();
    render(<NotesPanel notes={[]} onAdd={onAdd} onEdit={() => {}} onDelete={() => {}} />);
    const field = container.querySelector('textarea')!;
    type(field, '来週に更新の電話');
    key(field, { key: 'Enter', ctrlKey: true, isComposing: true });
    key(field, { key: 'Enter' });
    expect(onAdd).not.toHaveBeenCalled();
    key(field, { key: 'Enter', ctrlKey: true });
    expect(onAdd).toHaveBeenCalledWith('来週に更新の電話');
    type(field, 'second');
    key(field, { key: 'Enter', metaKey: true });
    expect(onAdd).toHaveBeenLastCalledWith('second');
    expect(document.activeElement).toBe(field);
  });
});

describe('Backspace in an empty tag field', () => {
  it('removes the last tag with a visible, keyboard-reachable Undo that puts it back', () => {
    const onAdd = vi.fn();
    const onRemove = vi.fn();
    render(<TagEditor tags={[TRIAL, VIP]} allTags={[TRIAL, VIP]} onAdd={onAdd} onRemove={onRemove} onColor={() => {}} />);
    const input = container.querySelector('input')!;
    key(input, { key: 'Backspace', isComposing: true });
    expect(onRemove).not.toHaveBeenCalled();
    key(input, { key: 'Backspace' });
    expect(onRemove).toHaveBeenCalledWith(VIP.id);
    const status = container.querySelector('[role="status"]')!;
    expect(status.textContent).toBe('tagRemoved VIP · undo');
    const undo = status.querySelector('button')!;
    expect(undo.tabIndex).toBe(0);
    act(() => undo.click());
    expect(onAdd).toHaveBeenCalledWith('VIP');
    expect(container.querySelector('[role="status"]')).toBeNull();
    expect(document.activeElement).toBe(input);
  });
});

describe('every field that acts on Enter goes through components/enter-key (meta-test)', () => {
  const sources = uiSources().filter(([path]) => path !== join('components', 'enter-key.tsx'));
  it('no component compares a key with "Enter" itself: isEnter / isSaveEnter know about IMEs', () => {
    const offenders = sources.filter(([, text]) => /['"`]Enter['"`]|^\s*Enter\s*:/m.test(text)).map(([path]) => path);
    expect(offenders).toEqual([]);
  });
  it('no component renders a bare <form>: <Form> stops an IME Enter from submitting it', () => {
    const offenders = sources.filter(([path, text]) => path.endsWith('.tsx') && /<form\b/.test(text)).map(([path]) => path);
    expect(offenders).toEqual([]);
  });
  it('the check sees what it should (the old Enter handling and a bare form are caught)', () => {
    expect(/['"`]Enter['"`]|^\s*Enter\s*:/m.test("if (e.key === 'Enter') add();")).toBe(true);
    expect(/['"`]Enter['"`]|^\s*Enter\s*:/m.test('      Enter: () => open(),')).toBe(true);
    expect(/<form\b/.test('<form onSubmit={save}>')).toBe(true);
  });
});
