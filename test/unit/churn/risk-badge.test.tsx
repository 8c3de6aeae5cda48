// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nProvider, type Translate } from '../../../components/i18n';
import { intentPhrasesText, reasonText, RiskBadge } from '../../../components/RiskBadge';
import type { ChurnScore, Reason } from '../../../lib/churn/rules';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;
const load = (lang: string) => JSON.parse(readFileSync(join(import.meta.dirname, '../../../public/_locales', lang, 'messages.json'), 'utf8')) as Messages;

/** chrome.i18n.getMessage's substitution, enough for these messages; throws on a missing key. */
const translator = (messages: Messages): Translate => (key, subs) => {
  const entry = messages[key];
  if (!entry) throw new Error(`missing message ${key}`);
  const args = typeof subs === 'string' ? [subs] : (subs ?? []);
  return entry.message.replace(/\$([A-Za-z0-9_]+)\$/g, (_, name: string) => {
    const content = entry.placeholders?.[name.toLowerCase()]?.content ?? '';
    return content.replace(/\$(\d)/g, (_m, i: string) => args[Number(i) - 1] ?? '');
  });
};
const en = translator(load('en'));
const ja = translator(load('ja'));

// One reason of every key the rules produce.
const everyReason: Reason[] = [
  { key: 'theirSilence', params: { days: 65 }, points: 18 },
  { key: 'ourSilence', params: { days: 40 }, points: 6 },
  { key: 'volumeDrop', params: { recent: 1, before: 9, percent: 67 }, points: 8 },
  { key: 'slowReplies', params: { hours: 80 }, points: 10 },
  { key: 'unansweredInbound', params: { count: 2, days: 6 }, points: 18 },
  { key: 'churnIntent', params: { count: 2, phrases: 'cancel, refund' }, points: 30 },
  { key: 'recentEngagement', params: { days: 3 }, points: -8 },
  { key: 'stage', params: { stage: 'at-risk' }, points: 20 },
  { key: 'renewalSoon', params: { days: 12 }, points: 8 },
  { key: 'renewalSilent', params: { days: 12, silentDays: 45 }, points: 12 },
  { key: 'renewalSilent', params: { days: 12, silentDays: -1 }, points: 12 },
  { key: 'payment', params: { status: 'overdue' }, points: 20 },
  { key: 'lowRevenue', params: { revenue: 1200 }, points: 5 },
  { key: 'newCustomer', params: { days: 20 }, points: 6 },
  { key: 'loyalCustomer', params: { days: 800 }, points: -6 },
  { key: 'supportTickets', params: { count: 4 }, points: 6 },
  { key: 'npsDetractor', params: { nps: 3 }, points: 15 },
  { key: 'npsPromoter', params: { nps: 10 }, points: -10 },
];

describe('reasonText', () => {
  it('has an English and a Japanese sentence for every reason, with its numbers filled in', () => {
    for (const r of everyReason) {
      for (const [t, locale] of [[en, 'en'], [ja, 'ja']] as const) {
        const text = reasonText(r, t, locale);
        expect(text, r.key).not.toMatch(/\$/);
        for (const v of Object.values(r.params)) if (typeof v === 'number' && v >= 0) expect(text, r.key).toContain(v.toLocaleString(locale));
      }
    }
    expect(reasonText(everyReason[4], en, 'en')).toBe('No reply from us to 2 of their messages, the oldest for 6 days');
    expect(reasonText(everyReason[5], ja, 'ja')).toBe('最近のメールに解約をうかがわせる表現（2 回）：解約、返金');
    expect(reasonText(everyReason[7], en, 'en')).toBe('Stage: At risk');
  });

  it('quotes the words that matched, with their kind; phrases without words (older data) by name', () => {
    const reason: Reason = {
      key: 'churnIntent',
      params: { count: 2, phrases: 'alternatives, tooExpensive', quotes: '[["tooExpensive","too expensive"],["alternatives","looking at other options"]]' },
      points: 30,
    };
    expect(reasonText(reason, en, 'en')).toBe(
      'Churn wording in their recent messages (2 times): “too expensive” (price or budget), “looking at other options” (looking at alternatives)',
    );
    const ja1: Reason = { key: 'churnIntent', params: { count: 1, phrases: 'competitor, cancel', quotes: '[["competitor","他社を検討"]]' }, points: 25 };
    expect(reasonText(ja1, ja, 'ja')).toBe('最近のメールに解約をうかがわせる表現（1 回）：「他社を検討」（他社・乗り換えの検討）、解約');
    expect(intentPhrasesText('unsubscribe, leaving, alternatives, budget', undefined, en, 'en')).toBe('unsubscribe, leaving, alternatives, budget');
    expect(intentPhrasesText('', '[["x","words"]]', en, 'en')).toBe('“words”');
  });

  it('covers every reason key the rules can give', () => {
    const source = readFileSync(join(import.meta.dirname, '../../../lib/churn/rules.ts'), 'utf8');
    const keys = new Set([...source.matchAll(/\bkey: '(\w+)'/g)].map((m) => m[1]));
    expect(keys.size).toBeGreaterThan(10);
    expect([...keys].filter((k) => !everyReason.some((r) => r.key === k))).toEqual([]);
  });
});

describe('RiskBadge', () => {
  let container: HTMLDivElement;
  afterEach(() => container.remove());

  const render = (risk: ChurnScore | null) => {
    container = document.createElement('div');
    document.body.append(container);
    act(() => createRoot(container).render(<I18nProvider value={{ t: en, locale: 'en' }}><RiskBadge risk={risk} /></I18nProvider>));
  };

  it('shows the band and score, and the reasons largest first on one click', () => {
    render({ score: 48, band: 'medium', reasons: [everyReason[5], everyReason[4], everyReason[6]] });
    const button = container.querySelector('button')!;
    expect(container.querySelector('[data-band]')?.getAttribute('data-band')).toBe('medium');
    expect(button.textContent).toContain('48');
    expect(button.textContent).toContain('Medium');
    expect(button.getAttribute('aria-expanded')).toBe('false');
    const list = document.getElementById(button.getAttribute('aria-controls')!)!;
    expect(list.hidden).toBe(true);
    act(() => button.click());
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(list.hidden).toBe(false);
    const rows = [...list.querySelectorAll('li')].map((li) => li.querySelector('.risk-points')?.textContent);
    expect(rows).toEqual(['+30', '+18', '\u22128']);
  });

  it('says so when nothing contributes, and renders nothing without a score', () => {
    render({ score: 0, band: 'low', reasons: [] });
    act(() => container.querySelector('button')!.click());
    expect(container.textContent).toContain('Nothing raises or lowers this score yet.');
    container.remove();
    render(null);
    expect(container.innerHTML).toBe('');
  });
});
