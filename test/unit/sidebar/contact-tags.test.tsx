// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../../../components/i18n';
import type { Tag } from '../../../lib/db/types';
import { ContactTags } from '../../../entrypoints/sidebar/contact-tags';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** The writes, held until the test lets them land. */
const writes = vi.hoisted(() => ({
  adds: [] as { name: string; land(tag: Tag): void }[],
  removes: [] as { contactId: number; tagId: number; land(): void }[],
}));
vi.mock('../../../entrypoints/sidebar/actions', () => ({
  actions: {
    addTag: (_contactId: number, name: string) => new Promise<Tag>((land) => writes.adds.push({ name, land })),
    removeTag: (contactId: number, tagId: number) => new Promise<void>((land) => writes.removes.push({ contactId, tagId, land })),
    setTagColor: async () => {},
  },
}));
vi.mock('../../../entrypoints/sidebar/use-contact-data', () => ({ useAllTags: () => [] }));

const t = (key: string, subs?: string | string[]) => [key, ...[subs ?? []].flat()].join(' ');
let container: HTMLDivElement;
let react: Root;
beforeEach(() => {
  writes.adds.length = 0;
  writes.removes.length = 0;
  container = document.createElement('div');
  document.body.append(container);
  react = createRoot(container);
});
afterEach(() => (act(() => react.unmount()), container.remove()));

const show = (tags: Tag[]) => act(() => react.render(<I18nProvider value={{ t, locale: 'en' }}>{<ContactTags contactId={3} tags={tags} />}</I18nProvider>));
const chips = () => [...container.querySelectorAll('.chip')].map((chip) => `${chip.textContent}${chip.classList.contains('pending') ? ' (pending)' : ''}`);
function type(field: HTMLInputElement, value: string) {
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
  act(() => (setter.call(field, value), field.dispatchEvent(new Event('input', { bubbles: true }))));
}
const press = (field: Element, key: string) => act(() => void field.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true })));

const VIP: Tag = { id: 7, name: 'VIP', key: 'vip', color: '#1a73e8' };

describe('a tag taken back while its add is still being written', () => {
  it('Backspace right after Enter takes the pending tag back: hidden at once, removed when its write lands, with Undo', async () => {
    show([]);
    const input = container.querySelector('input')!;
    type(input, 'VIP');
    press(input, 'Enter');
    expect(chips()).toEqual(['VIP× (pending)']);
    press(input, 'Backspace');
    expect(chips()).toEqual([]);
    expect(container.querySelector('[role="status"]')?.textContent).toBe('tagRemoved VIP · undo');
    expect(writes.removes).toEqual([]);
    // The add lands, and the live read brings the stored tag: it stays hidden while its removal is written.
    await act(async () => writes.adds[0].land(VIP));
    show([VIP]);
    expect(chips()).toEqual([]);
    expect(writes.removes.map(({ contactId, tagId }) => ({ contactId, tagId }))).toEqual([{ contactId: 3, tagId: 7 }]);
    await act(async () => writes.removes[0].land());
    show([]);
    expect(chips()).toEqual([]);
  });

  it('Undo before the write lands keeps the tag: nothing is removed', async () => {
    show([]);
    const input = container.querySelector('input')!;
    type(input, 'VIP');
    press(input, 'Enter');
    act(() => (container.querySelector('.chip.pending button') as HTMLButtonElement).click());
    expect(chips()).toEqual([]);
    act(() => (container.querySelector('[role="status"] button') as HTMLButtonElement).click());
    expect(chips()).toEqual(['VIP× (pending)']);
    await act(async () => writes.adds.forEach((add) => add.land(VIP)));
    show([VIP]);
    expect(writes.removes).toEqual([]);
    expect(chips()).toEqual(['VIP×']);
  });
});
