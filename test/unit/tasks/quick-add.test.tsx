// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../../../components/i18n';
import { OpenTasks } from '../../../components/OpenTasks';
import { TaskQuickAdd } from '../../../components/TaskQuickAdd';
import { newTask, type Task } from '../../../lib/tasks/types';

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
function type(field: HTMLInputElement, value: string) {
  const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(field), 'value')!.set!;
  act(() => (setter.call(field, value), field.dispatchEvent(new Event('input', { bubbles: true }))));
}
const key = async (target: Element, init: KeyboardEventInit & { keyCode?: number }) => {
  await act(async () => void target.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init })));
};

describe('the quick task field', () => {
  it('shows what a line will make, adds it on Enter, never on an IME Enter, and empties itself', async () => {
    const onCreate = vi.fn();
    render(<TaskQuickAdd onCreate={onCreate} timeZone="Asia/Tokyo" />);
    const input = container.querySelector('input')!;
    expect(container.querySelector('label')?.textContent).toBe('tkNewTask');
    type(input, '明日 電話');
    expect(container.querySelector('.task-preview')?.textContent).toMatch(/^tkPreview 電話 tkType_call /);
    await key(input, { key: 'Enter', isComposing: true });
    await key(input, { key: 'Enter', keyCode: 229 });
    expect(onCreate).not.toHaveBeenCalled();
    await key(input, { key: 'Enter' });
    expect(onCreate).toHaveBeenCalledWith(expect.objectContaining({ title: '電話', type: 'call' }));
    expect(input.value).toBe('');
    expect(container.querySelector('.task-preview')?.textContent).toBe('tkAdded 電話');
  });

  it('adds nothing for a line that is only a date, and says why', async () => {
    const onCreate = vi.fn();
    render(<TaskQuickAdd onCreate={onCreate} timeZone="UTC" />);
    const input = container.querySelector('input')!;
    type(input, 'tomorrow');
    await key(input, { key: 'Enter' });
    expect(onCreate).not.toHaveBeenCalled();
    expect(container.querySelector('.task-preview')?.textContent).toBe('tkNeedsTitle');
  });
});

describe('a contact’s open tasks', () => {
  it('lists them with a labelled done checkbox and snooze button, overdue marked', () => {
    const task = (id: number, dueAt: number): Task => ({ ...newTask({ title: `T${id}`, dueAt, type: 'call', createdBy: 'manual' }, { id: 1, owner: '' }, 0), id });
    const onDone = vi.fn();
    const onSnooze = vi.fn();
    render(<OpenTasks tasks={[task(1, 500), task(2, 5_000)]} now={1_000} onDone={onDone} onSnooze={onSnooze} />);
    const items = [...container.querySelectorAll('li')];
    expect(items.map((li) => li.dataset.overdue)).toEqual(['true', undefined]);
    const box = items[1].querySelector('input')!;
    expect(box.getAttribute('aria-label')).toBe('tkMarkDone T2');
    act(() => box.click());
    expect(onDone).toHaveBeenCalledWith(expect.objectContaining({ id: 2 }));
    act(() => items[0].querySelector('button')!.click());
    expect(onSnooze).toHaveBeenCalledWith(expect.objectContaining({ id: 1 }));
  });
});
