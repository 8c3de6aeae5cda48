// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { TeamConflicts } from '../../../components/TeamConflicts';
import { I18nProvider } from '../../../components/i18n';
import type { TeamConflict } from '../../../lib/team/outbox';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const load = (lang: string) => JSON.parse(readFileSync(join(import.meta.dirname, `../../../public/_locales/${lang}/messages.json`), 'utf8')) as Record<string, { message: string }>;
/** browser.i18n's substitution of $P1$, $P2$ (placeholders p1, p2 → $1, $2). */
const translator = (messages: Record<string, { message: string }>) => (key: string, subs?: string | string[]) => {
  if (!messages[key]) throw new Error(`missing message ${key}`);
  const list = typeof subs === 'string' ? [subs] : (subs ?? []);
  return messages[key].message.replace(/\$P(\d)\$/g, (_, n: string) => list[Number(n) - 1] ?? '');
};

let container: HTMLDivElement | undefined;
afterEach(() => container?.remove());

function render(conflicts: TeamConflict[], lang = 'en') {
  const chosen: [number, string][] = [];
  container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  act(() =>
    root.render(
      <I18nProvider value={{ t: translator(load(lang)), locale: lang }}>
        <TeamConflicts conflicts={conflicts} onResolve={(id, keep) => chosen.push([id, keep])} />
      </I18nProvider>,
    ),
  );
  return { el: container, chosen };
}

const CONFLICTS: TeamConflict[] = [
  { id: 3, key: 'dana@acme.example', field: 'owner', local: 'ben', team: 'ann', at: 1 },
  { id: 4, key: 'dana@acme.example', field: 'stage', local: 'customer', team: 'lead', at: 1 },
  { id: 5, key: 'raj@acme.example', field: 'custom.plan', local: 'pro', team: '', at: 1 },
  { id: 6, key: 'raj@acme.example', field: 'customerSince', local: Date.UTC(2026, 2, 15, 12), team: undefined, at: 1 },
];

const rows = (el: HTMLElement) => [...el.querySelectorAll('tbody tr')].map((tr) => [...tr.children].slice(0, 4).map((cell) => cell.textContent));

describe('TeamConflicts', () => {
  it('lists each field with the team’s value and yours, in words', () => {
    const { el } = render(CONFLICTS);
    expect(el.querySelector('table')?.getAttribute('aria-labelledby')).toBe('team-conflicts-title');
    expect(el.querySelector('#team-conflicts-title')?.textContent).toBe('Differences found when you joined');
    expect(rows(el)).toEqual([
      ['dana@acme.example', 'Owner', 'ann', 'ben'],
      ['dana@acme.example', 'Stage', 'Lead', 'Customer'],
      ['raj@acme.example', 'plan', '(empty)', 'pro'],
      ['raj@acme.example', 'Customer since', '(empty)', expect.stringContaining('2026')],
    ]);
  });

  it('offers each choice as a labelled group of two buttons, and reports the one chosen', () => {
    const { el, chosen } = render(CONFLICTS);
    const groups = [...el.querySelectorAll('[role="group"]')];
    expect(groups.map((g) => g.getAttribute('aria-label'))).toEqual([
      'Which Owner to keep for dana@acme.example',
      'Which Stage to keep for dana@acme.example',
      'Which plan to keep for raj@acme.example',
      'Which Customer since to keep for raj@acme.example',
    ]);
    // Real, enabled buttons in the tab order: reachable and pressed with the keyboard.
    const buttons = [...groups[0].querySelectorAll('button')];
    expect(buttons.map((b) => [b.textContent, b.type, b.disabled, b.tabIndex])).toEqual([
      ['Team’s value', 'button', false, 0],
      ['Mine', 'button', false, 0],
    ]);
    act(() => buttons[1].click());
    act(() => groups[1].querySelector('button')!.click());
    expect(chosen).toEqual([
      [3, 'local'],
      [4, 'team'],
    ]);
  });

  it('speaks Japanese', () => {
    const { el } = render(CONFLICTS.slice(0, 1), 'ja');
    expect(el.querySelector('#team-conflicts-title')?.textContent).toBe('参加時に見つかった違い');
    expect(el.querySelector('[role="group"]')?.getAttribute('aria-label')).toBe('dana@acme.example の担当者をどちらにするか');
    expect([...el.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['チームの値', '自分の値']);
  });

  it('shows nothing when there is no difference', () => {
    expect(render([]).el.innerHTML).toBe('');
  });
});
