// @vitest-environment jsdom
// A viewer (or a member whose access ended) cannot edit: every control of the tag editor and the
// notes is disabled under the gate, and the page says why. Without the gate they are usable.
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nProvider } from '../../../components/i18n';
import { NotesPanel } from '../../../components/NotesPanel';
import { ReadOnlyGate, ReadOnlyNote, type ReadOnlyReason } from '../../../components/ReadOnlyGate';
import { TagEditor } from '../../../components/TagEditor';
import type { Tag } from '../../../lib/db/types';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let container: HTMLDivElement | undefined;
afterEach(() => container?.remove());

function render(reason: ReadOnlyReason | null) {
  const tags: Tag[] = [{ id: 1, name: 'VIP', key: 'vip', color: '#188038' }];
  container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  act(() =>
    root.render(
      <I18nProvider value={{ t: (key) => key, locale: 'en' }}>
        {reason && <ReadOnlyNote reason={reason} />}
        <ReadOnlyGate reason={reason}>
          <TagEditor tags={tags} allTags={tags} onAdd={() => {}} onRemove={() => {}} onColor={() => {}} />
          <NotesPanel notes={[]} onAdd={() => {}} onEdit={() => {}} onDelete={() => {}} />
        </ReadOnlyGate>
      </I18nProvider>,
    ),
  );
  const controls = [...container.querySelectorAll<HTMLElement>('input, textarea, select, button')];
  return { controls, usable: controls.filter((c) => !c.matches(':disabled')), note: container.querySelector('[role="note"]')?.textContent };
}

describe('the read-only gate', () => {
  it('blocks every editing control for a viewer and says why', () => {
    const { controls, usable, note } = render('viewer');
    expect(controls.length).toBeGreaterThan(2);
    expect(usable).toEqual([]);
    expect(note).toBe('teamReadOnly_viewer');
  });

  it('blocks them for a member whose access ended, with its own reason', () => {
    const { usable, note } = render('left');
    expect(usable).toEqual([]);
    expect(note).toBe('teamReadOnly_left');
  });

  it('leaves them usable when the book is editable', () => {
    const { controls, usable, note } = render(null);
    // Only what a control disables by itself (an empty note's Add button) stays disabled.
    expect(usable).toEqual(controls.filter((c) => !c.hasAttribute('disabled')));
    expect(usable.length).toBeGreaterThan(2);
    expect(note).toBeUndefined();
  });
});
