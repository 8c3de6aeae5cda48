// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { HistoryList } from '../../../components/HistoryList';
import { I18nProvider } from '../../../components/i18n';
import type { Activity } from '../../../lib/db/types';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const messages = JSON.parse(readFileSync(join(import.meta.dirname, '../../../public/_locales/en/messages.json'), 'utf8')) as Record<string, { message: string }>;
const t = (key: string) => {
  if (!messages[key]) throw new Error(`missing message ${key}`);
  return messages[key].message;
};

let container: HTMLDivElement | undefined;
afterEach(() => container?.remove());

function render(rows: Activity[]): HTMLElement {
  container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  act(() =>
    root.render(
      <I18nProvider value={{ t, locale: 'en' }}>
        <HistoryList rows={rows} />
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
});
