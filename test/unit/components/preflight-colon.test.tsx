// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nProvider } from '../../../components/i18n';
import type { Checked } from '../../../entrypoints/app/campaigns/draft';
import { PreflightReport } from '../../../entrypoints/app/campaigns/PreflightReport';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const load = (lang: string) => JSON.parse(readFileSync(join(import.meta.dirname, `../../../public/_locales/${lang}/messages.json`), 'utf8')) as Record<string, { message: string }>;
const translator = (messages: Record<string, { message: string }>) => (key: string, subs?: string | string[]) => {
  const list = typeof subs === 'string' ? [subs] : (subs ?? []);
  return (messages[key]?.message ?? key).replace(/\$(?:P(\d)|[A-Z]+)\$/g, (_, n?: string) => list[Number(n ?? 1) - 1] ?? '');
};

const contact = { contactId: 1, email: 'yamada@example.co.jp', name: '山田 太郎', owner: '' };
const checked = {
  campaign: {
    id: 'c1',
    name: 'x',
    steps: [
      { templateId: 1, delayDays: 0, condition: 'no-reply' },
      { templateId: 2, delayDays: 3, condition: 'no-reply' },
    ],
    from: { address: 'cs@kizuna.example' },
  },
  audience: [],
  result: {
    rows: [{ contact, issues: [{ code: 'invalid-address', detail: 'yamada@' }], ok: false }],
    sendable: 0,
    quota: { cap: 2000, pauseAt: 1800, usedNow: 0, needed: 1, fitsNow: true, finishAt: 0 },
  },
  rendered: [
    [
      { subject: '更新のご案内', body: '', warnings: [] },
      { subject: '', body: '', warnings: [] },
    ],
  ],
  signers: [null],
  previewSender: false,
  signing: false,
} as unknown as Checked;

let container: HTMLDivElement | undefined;
afterEach(() => container?.remove());

describe('the campaign preview in Japanese', () => {
  it('joins a step and its subject, and an issue and its detail, with the full-width colon', () => {
    container = document.createElement('div');
    document.body.append(container);
    const root = createRoot(container);
    act(() =>
      root.render(
        <I18nProvider value={{ t: translator(load('ja')), locale: 'ja' }}>
          <PreflightReport checked={checked} />
        </I18nProvider>,
      ),
    );
    const summaries = [...container.querySelectorAll('.cp-preview summary')].map((s) => s.textContent);
    expect(summaries[0]).toBe('ステップ1：更新のご案内');
    expect(summaries[1]).toMatch(/^ステップ2.*：Re: 更新のご案内$/);
    expect(container.querySelector('.cp-issues li')!.textContent).toMatch(/：yamada@$/);
  });

  it('says where an issue is in Japanese: the row of a duplicate, the step and field of a missing value (no English "row 1", "step 2")', () => {
    container = document.createElement('div');
    document.body.append(container);
    const root = createRoot(container);
    const issues = [
      { code: 'duplicate', detail: 'row 1', row: 1 },
      { code: 'missing-merge-value', detail: 'step 2: No value for "custom.plan" and no fallback.', step: 2, field: 'custom.plan' },
    ];
    const withIssues = { ...checked, result: { ...checked.result, rows: [{ contact, issues, ok: false }] } } as unknown as Checked;
    act(() =>
      root.render(
        <I18nProvider value={{ t: translator(load('ja')), locale: 'ja' }}>
          <PreflightReport checked={withIssues} />
        </I18nProvider>,
      ),
    );
    const texts = [...container.querySelectorAll('.cp-issues li')].map((li) => li.textContent ?? '');
    expect(texts[0]).toMatch(/：1 行目と同じアドレス$/);
    expect(texts[1]).toMatch(/：ステップ 2 の差し込み項目 \{\{custom\.plan\}\}$/);
    expect(texts.join(' ')).not.toMatch(/row|step|No value/);
  });
});
