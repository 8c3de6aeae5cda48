// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { act, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nProvider } from '../../../components/i18n';
import { ApprovalList, type ApprovalActions, type ApprovalItem } from '../../../entrypoints/app/sections/approval-list';
import { createMemoryEnrolmentStore } from '../../../lib/playbooks/hand-off';
import { approvalQueue, type Enrolment } from '../../../lib/playbooks/sequence';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const messages = JSON.parse(readFileSync(join(import.meta.dirname, '../../../public/_locales/en/messages.json'), 'utf8')) as Record<string, { message: string }>;
const t = (key: string, subs?: string | string[]) => {
  const list = typeof subs === 'string' ? [subs] : (subs ?? []);
  return (messages[key]?.message ?? key).replace(/\$P(\d)\$/g, (_, n: string) => list[Number(n) - 1] ?? '');
};

const enrolment = (contactId: number): Enrolment => ({ id: `e${contactId}`, contactId, sequenceId: 'win-back', state: 'awaiting-approval', createdAt: contactId, updatedAt: contactId });
const names: Record<number, string> = { 1: 'Aiko', 2: 'Ben', 3: 'Chie', 4: 'Dan' };

let container: HTMLDivElement | undefined;
afterEach(() => container?.remove());

/** The queue as the section shows it: the awaiting enrolments of a store, re-read after each action, as a live query would. */
function mount(store: ReturnType<typeof createMemoryEnrolmentStore>) {
  let refresh!: () => Promise<void>;
  const toItems = (list: Enrolment[]): ApprovalItem[] =>
    approvalQueue(list).map((e) => ({ id: e.id, contact: names[e.contactId]!, sequence: 'Win-back', subject: `Hello ${names[e.contactId]}`, body: `Dear ${names[e.contactId]}` }));
  function Harness() {
    const [items, setItems] = useState(() => toItems(store.all()));
    refresh = async () => setItems(toItems(store.all()));
    const decide = async (id: string, event: Parameters<typeof store.apply>[1]) => {
      await store.apply(id, event, 100);
      await refresh();
    };
    const actions: ApprovalActions = { approve: (id) => decide(id, { type: 'approve' }), edit: (id, m) => decide(id, { type: 'edit', ...m }), skip: (id) => decide(id, { type: 'skip' }) };
    return <ApprovalList items={items} actions={actions} />;
  }
  container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  act(() =>
    root.render(
      <I18nProvider value={{ t, locale: 'en' }}>
        <Harness />
      </I18nProvider>,
    ),
  );
  const list = container.querySelector<HTMLElement>('[data-testid="aq-list"]')!;
  return {
    list,
    async key(key: string, init: KeyboardEventInit = {}, target: HTMLElement = list) {
      await act(async () => {
        target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }));
      });
    },
    active: () => list.querySelector('[aria-selected="true"]')?.getAttribute('data-enrolment'),
    state: (id: string) => store.all().find((e) => e.id === id)?.state,
  };
}

describe('the approval queue, driven from the keyboard', () => {
  it('j/k move, a approves, s skips, e edits the first message for that contact only', async () => {
    const store = createMemoryEnrolmentStore([1, 2, 3, 4].map(enrolment));
    const q = mount(store);
    expect(q.active()).toBe('e1');
    await q.key('j');
    await q.key('j');
    await q.key('k');
    expect(q.active()).toBe('e2');
    await q.key('a');
    expect(q.state('e2')).toBe('approved');
    expect(container!.querySelector('[role="status"]')?.textContent).toContain('Ben');
    // The approved one left the queue; the selection stays in place (now Chie).
    expect(q.active()).toBe('e3');
    await q.key('s');
    expect(q.state('e3')).toBe('skipped');
    expect(q.active()).toBe('e4');

    await q.key('e');
    const subject = container!.querySelector<HTMLInputElement>('input[name="subject"]')!;
    expect(document.activeElement).toBe(subject);
    // Typing "a" or "s" in the field is text, not a command.
    await q.key('a', {}, subject);
    expect(q.state('e4')).toBe('awaiting-approval');
    const textarea = container!.querySelector<HTMLTextAreaElement>('textarea[name="body"]')!;
    await act(async () => {
      const set = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!;
      set.call(textarea, 'Dan-san, a note from me.');
      textarea.dispatchEvent(new Event('input', { bubbles: true }));
    });
    // Ctrl+Enter while an IME composes commits the text, not the form.
    await q.key('Enter', { ctrlKey: true, isComposing: true }, textarea);
    expect(q.state('e4')).toBe('awaiting-approval');
    await q.key('Enter', { ctrlKey: true }, textarea);
    expect(store.all().find((e) => e.id === 'e4')).toMatchObject({ state: 'approved', edited: { subject: 'Hello Dan', body: 'Dan-san, a note from me.' } });
    expect(store.all().find((e) => e.id === 'e2')?.edited).toBeUndefined();
    expect(q.active()).toBe('e1');
  });

  it('keys pressed while an input method composes, or with a modifier, do nothing', async () => {
    const store = createMemoryEnrolmentStore([1, 2].map(enrolment));
    const q = mount(store);
    await q.key('a', { isComposing: true });
    await q.key('a', { keyCode: 229 });
    await q.key('s', { ctrlKey: true });
    expect([q.state('e1'), q.state('e2')]).toEqual(['awaiting-approval', 'awaiting-approval']);
  });

  it('an empty subject is refused, naming the field, and nothing is approved', async () => {
    const store = createMemoryEnrolmentStore([enrolment(1)]);
    const q = mount(store);
    await q.key('e');
    const subject = container!.querySelector<HTMLInputElement>('input[name="subject"]')!;
    await act(async () => {
      const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      set.call(subject, '  ');
      subject.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await q.key('Enter', { ctrlKey: true }, subject);
    expect(q.state('e1')).toBe('awaiting-approval');
    expect(subject.closest('label')?.querySelector('[role="alert"]')?.textContent).toBe(messages.aqErrSubject!.message);
  });
});
