// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nProvider } from '../../../components/i18n';
import { AtRiskCard } from '../../../entrypoints/app/reports/AtRiskCard';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const load = (lang: string) => JSON.parse(readFileSync(join(import.meta.dirname, `../../../public/_locales/${lang}/messages.json`), 'utf8')) as Record<string, { message: string }>;
const translator = (messages: Record<string, { message: string }>) => (key: string, subs?: string | string[]) => {
  const list = typeof subs === 'string' ? [subs] : (subs ?? []);
  return (messages[key]?.message ?? key).replace(/\$P(\d)\$/g, (_, n: string) => list[Number(n) - 1] ?? '');
};

let container: HTMLDivElement | undefined;
afterEach(() => container?.remove());

function emptyText(lang: 'en' | 'ja'): string {
  container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  const context = { contacts: [], history: new Map(), timeZone: 'UTC', customFields: [], bands: { medium: 35, high: 62 }, now: 0 };
  act(() =>
    root.render(
      <I18nProvider value={{ t: translator(load(lang)), locale: lang }}>
        <AtRiskCard context={context} />
      </I18nProvider>,
    ),
  );
  return container.querySelector('p.muted')!.textContent!;
}

describe('the at-risk list with nobody on it', () => {
  it("names the book's current threshold (the bands move with the book), not a fixed 50", () => {
    expect(emptyText('en')).toBe('No scored customer has a risk of 35 or more (medium or high).');
    expect(emptyText('ja')).toBe('リスク 35 以上（中・高）の評価済み顧客はいません。');
  });
});
