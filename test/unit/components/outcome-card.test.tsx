// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nProvider } from '../../../components/i18n';
import { OutcomeView } from '../../../entrypoints/app/reports/OutcomeCard';
import type { OutcomeRow } from '../../../lib/playbooks/outcome-report';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const load = (lang: string) => JSON.parse(readFileSync(join(import.meta.dirname, `../../../public/_locales/${lang}/messages.json`), 'utf8')) as Record<string, { message: string }>;
const translator = (messages: Record<string, { message: string }>) => (key: string, subs?: string | string[]) => {
  const list = typeof subs === 'string' ? [subs] : (subs ?? []);
  return (messages[key]?.message ?? key).replace(/\$P(\d)\$/g, (_, n: string) => list[Number(n) - 1] ?? '');
};

let container: HTMLDivElement | undefined;
afterEach(() => container?.remove());

const rates = (count: number, judged: number, replied: number, saved: number) => ({
  count,
  judged,
  replied,
  saved,
  replyRate: count ? replied / count : null,
  saveRate: judged ? saved / judged : null,
});
const rows: OutcomeRow[] = [
  { kind: 'playbook', id: 'pb', name: 'High risk', status: 'ready', outcome: { enrolled: rates(10, 8, 4, 6), comparison: { contacts: 30, count: 10, judged: 8, replyRate: 0.2, saveRate: 0.5 } } },
  { kind: 'sequence', id: 'seq', name: 'Win-back', status: 'too-few', outcome: { enrolled: rates(2, 0, 1, 0), comparison: null } },
  { kind: 'sequence', id: 'new', name: 'Onboarding', status: 'too-recent', outcome: { enrolled: rates(7, 0, 0, 0), comparison: { contacts: 9, count: 7, judged: 0, replyRate: 0, saveRate: null } } },
];

function render(lang: 'en' | 'ja', list: OutcomeRow[]): HTMLDivElement {
  container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  act(() =>
    root.render(
      <I18nProvider value={{ t: translator(load(lang)), locale: lang }}>
        <OutcomeView rows={list} focus="wi-outcome-playbook-pb" chart={false} />
      </I18nProvider>,
    ),
  );
  return container;
}

const cells = (el: HTMLElement) => [...el.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent));

describe('the "did it work?" card', () => {
  it('shows each playbook and sequence against similar customers, in plain words when there is not enough data yet', () => {
    const el = render('en', rows);
    expect(cells(el)).toEqual([
      ['Playbook: High risk', '10', '4 (40%)', '20%', '8', '6 (75%)', '50%', 'Yes'],
      ['Sequence: Win-back', '2', '1 (50%)', '—', '0', '—', '—', 'Not enough data yet: too few customers enrolled, or no similar customer left out to compare with.'],
      ['Sequence: Onboarding', '7', '0 (0%)', '0%', '0', '—', '—', 'Not enough data yet: too recent to tell who stayed a customer.'],
    ]);
    expect(el.querySelector('#wi-outcome-playbook-pb')?.className).toBe('wi-focus');
  });

  it('in Japanese', () => {
    const el = render('ja', rows);
    expect(cells(el)[1]?.[7]).toBe('まだデータが足りません。登録された顧客が少なすぎるか、比べられる似た顧客がいません。');
    expect(el.querySelector('caption')?.textContent).toBe('プレイブック・シーケンスごとの登録・返信・継続と、登録されなかった似た顧客との比較');
  });

  it('says so when nobody was ever enrolled', () => {
    const el = render('en', [{ ...rows[0]!, status: 'none', outcome: { enrolled: rates(0, 0, 0, 0), comparison: null } }]);
    expect(el.querySelector('[data-testid="wi-outcome-none"]')?.textContent).toMatch(/^No playbook or sequence has enrolled anyone yet/);
  });
});
