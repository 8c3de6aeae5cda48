// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nProvider } from '../../../components/i18n';
import { PlaybookForm } from '../../../entrypoints/app/sections/playbook-form';
import { validatePlaybook } from '../../../lib/playbooks/validate';
import type { PlaybookInput } from '../../../lib/playbooks/types';
import { highRiskPlaybook, known } from '../playbooks/fixtures';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const load = (lang: string) => JSON.parse(readFileSync(join(import.meta.dirname, `../../../public/_locales/${lang}/messages.json`), 'utf8')) as Record<string, { message: string }>;
const translator = (messages: Record<string, { message: string }>) => (key: string, subs?: string | string[]) => {
  const list = typeof subs === 'string' ? [subs] : (subs ?? []);
  return (messages[key]?.message ?? key).replace(/\$P(\d)\$/g, (_, n: string) => list[Number(n) - 1] ?? '');
};

let container: HTMLDivElement | undefined;
afterEach(() => container?.remove());

const saved: PlaybookInput[] = [];

async function saveAndRead(initial: PlaybookInput, lang: 'en' | 'ja' = 'en', edit?: (form: HTMLElement) => void): Promise<HTMLElement> {
  container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  const choices = { tags: [], sequences: [{ id: 'win-back', name: 'Win-back' }], companies: [], owners: ['cs@example.com'], customKeys: [] };
  const onSave = async (p: PlaybookInput) => {
    saved.push(p);
    const result = validatePlaybook(p, known);
    return result.ok ? [] : result.issues;
  };
  act(() =>
    root.render(
      <I18nProvider value={{ t: translator(load(lang)), locale: lang }}>
        <PlaybookForm initial={initial} choices={choices} onSave={onSave} onCancel={() => {}} />
      </I18nProvider>,
    ),
  );
  if (edit) act(() => edit(container!));
  await act(async () => {
    container!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
  });
  return container;
}

describe('the playbook form shows each validation error next to its field', () => {
  it('no band ticked: the message sits in the bands fieldset', async () => {
    const form = await saveAndRead(highRiskPlaybook({ trigger: { type: 'band-entered', bands: [] } }));
    const error = form.querySelector('[data-path="trigger.bands"]');
    expect(error?.closest('fieldset')?.querySelector('legend')?.textContent).toBe('Risk bands');
    expect(error?.textContent).toBe(load('en').pbErrNoBands.message);
  });

  it('a deleted sequence: the message sits in the sequence field of that action, in Japanese too', async () => {
    const form = await saveAndRead(highRiskPlaybook({ actions: [{ type: 'enrol', sequenceId: 'gone' }] }), 'ja');
    const field = [...form.querySelectorAll('label.ui-field')].find((l) => l.querySelector('.ui-field-label')?.textContent === 'シーケンス');
    expect(field?.querySelector('.ui-field-error')?.textContent).toBe(translator(load('ja'))('pbErrDeletedSequence', ['gone']));
  });

  it('a valid playbook shows no error', async () => {
    const form = await saveAndRead(highRiskPlaybook());
    expect(form.querySelectorAll('[role="alert"]')).toHaveLength(0);
  });
});

describe('the playbook form edits its conditions with the contacts page filter builder', () => {
  it('a condition added in the form is saved with the playbook', async () => {
    saved.length = 0;
    const en = load('en');
    await saveAndRead(highRiskPlaybook(), 'en', (form) => {
      const label = [...form.querySelectorAll('label')].find((l) => l.textContent === en.wsAddCondition.message)!;
      const select = form.querySelector<HTMLSelectElement>(`#${CSS.escape(label.htmlFor)}`)!;
      expect(select.closest('fieldset')?.querySelector('legend')?.textContent).toBe(en.pbConditions.message);
      select.value = 'doNotContact';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(saved.at(-1)?.conditions.conditions).toEqual([{ type: 'doNotContact', value: true }]);
  });
});
