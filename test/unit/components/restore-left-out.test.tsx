// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { RestoreLeftOut } from '../../../components/RestoreLeftOut';
import { I18nProvider } from '../../../components/i18n';
import type { LeftOut } from '../../../lib/backup/integrity';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const load = (lang: string) => JSON.parse(readFileSync(join(import.meta.dirname, `../../../public/_locales/${lang}/messages.json`), 'utf8')) as Record<string, { message: string }>;
/** browser.i18n's substitution of $P1$ (placeholder p1 → $1). */
const translator = (messages: Record<string, { message: string }>) => (key: string, subs?: string | string[]) => {
  if (!messages[key]) throw new Error(`missing message ${key}`);
  const [first] = typeof subs === 'string' ? [subs] : (subs ?? []);
  return messages[key].message.replace('$P1$', first ?? '');
};

let container: HTMLDivElement | undefined;
afterEach(() => container?.remove());

function render(leftOut: LeftOut, lang = 'en'): HTMLElement {
  container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  act(() =>
    root.render(
      <I18nProvider value={{ t: translator(load(lang)), locale: lang }}>
        <RestoreLeftOut leftOut={leftOut} />
      </I18nProvider>,
    ),
  );
  return container;
}

const NONE: LeftOut = { activities: 0, activityContacts: 0, alerts: 0, campaignRecipients: 0, contactCompanies: 0, contactTags: 0, tasks: 0 };

describe('RestoreLeftOut', () => {
  it('says how many rows of each kind the restore leaves out, and only the kinds that have some', () => {
    const el = render({ ...NONE, activities: 3, alerts: 1200 });
    const items = [...el.querySelectorAll('li')];
    expect(items.map((li) => li.dataset.kind)).toEqual(['activities', 'alerts']);
    expect(items[0].textContent).toBe('History rows left out, as every contact they belonged to is missing from the file: 3');
    expect(items[1].textContent).toBe('Alerts left out, as their contact is missing from the file: 1,200');
  });

  it('speaks Japanese', () => {
    const el = render({ ...NONE, contactTags: 2 }, 'ja');
    expect(el.querySelector('li')?.textContent).toBe('タグがファイルにないため連絡先から外したタグ：2 件');
  });

  it('shows nothing when nothing is left out', () => {
    expect(render(NONE).innerHTML).toBe('');
  });
});
