// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { HistoryList, type HistorySharing } from '../../../components/HistoryList';
import { I18nProvider } from '../../../components/i18n';
import type { Activity } from '../../../lib/db/types';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const messages = JSON.parse(readFileSync(join(import.meta.dirname, '../../../public/_locales/en/messages.json'), 'utf8')) as Record<string, { message: string }>;
const t = (key: string, subs?: string | string[]) => {
  if (!messages[key]) throw new Error(`missing message ${key}`);
  const list = subs === undefined ? [] : [subs].flat();
  return messages[key].message.replace(/\$[A-Z]+\$/g, () => list.shift() ?? '');
};

let container: HTMLDivElement | undefined;
afterEach(() => container?.remove());

function render(rows: Activity[], sharing?: HistorySharing): HTMLElement {
  container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  act(() =>
    root.render(
      <I18nProvider value={{ t, locale: 'en' }}>
        <HistoryList rows={rows} sharing={sharing} />
      </I18nProvider>,
    ),
  );
  return container;
}

describe('HistoryList', () => {
  it('marks campaign sends and says why follow-ups stopped; plain emails carry no campaign label', () => {
    const el = render([
      { id: 1, kind: 'send', contactIds: [1], at: Date.UTC(2026, 0, 3), direction: 'out', subject: 'Renewal', snippet: 'Q1 · 1', flags: ['campaign:c1', 'step:1'] },
      { id: 2, kind: 'send', contactIds: [1], at: Date.UTC(2026, 0, 4), subject: 'Renewal', flags: ['campaign:c1', 'stopped:replied'] },
      { id: 3, kind: 'email', contactIds: [1], at: Date.UTC(2026, 0, 5), direction: 'in', subject: 'Re: Renewal', snippet: 'Thanks' },
    ]);
    const items = [...el.querySelectorAll('li')];
    expect(items.map((li) => li.querySelector('.campaign')?.textContent ?? null)).toEqual(['Campaign', 'Follow-ups stopped: replied', null]);
    expect(items[0].querySelector('.direction')?.getAttribute('aria-label')).toBe(messages.directionOut.message);
  });

  it('with a team, one “share” box per Gmail thread (on its newest message), and another member’s thread says who shared it, without a snippet', () => {
    const changes: [string, boolean][] = [];
    const el = render(
      [
        { id: 4, kind: 'team-thread', contactIds: [1], at: Date.UTC(2026, 0, 9), direction: 'out', subject: 'Contract draft', threadId: 'x9', author: 'Aiko Sato' },
        { id: 3, kind: 'email', contactIds: [1], at: Date.UTC(2026, 0, 5), direction: 'in', subject: 'Re: Renewal', snippet: 'Thanks', threadId: 't1' },
        { id: 2, kind: 'email', contactIds: [1], at: Date.UTC(2026, 0, 4), direction: 'out', subject: 'Renewal', snippet: 'Hello', threadId: 't1' },
        { id: 1, kind: 'email', contactIds: [1], at: Date.UTC(2026, 0, 3), direction: 'in', subject: 'Lunch', snippet: 'Hi', threadId: 't2' },
      ],
      { shared: (id) => id === 't2', onShare: (id, on) => changes.push([id, on]) },
    );
    const items = [...el.querySelectorAll('li')];
    expect(items[0].querySelector('.shared-by')?.textContent).toBe('Shared by Aiko Sato');
    expect(items[0].querySelector('.snippet')).toBeNull();
    const boxes = items.map((li) => li.querySelector<HTMLInputElement>('input[type=checkbox]'));
    expect(boxes.map((b) => (b ? b.checked : null))).toEqual([null, false, null, true]);
    expect(boxes[1]?.getAttribute('aria-label')).toBe('Share “Re: Renewal” with the team (subject, date and direction only)');
    act(() => boxes[1]!.click());
    expect(changes).toEqual([['t1', true]]);
  });

  it('without a team (or read-only), no share box', () => {
    const el = render([{ id: 1, kind: 'email', contactIds: [1], at: 1, direction: 'in', subject: 'Lunch', snippet: 'Hi', threadId: 't2' }]);
    expect(el.querySelectorAll('input[type=checkbox]')).toHaveLength(0);
  });
});
