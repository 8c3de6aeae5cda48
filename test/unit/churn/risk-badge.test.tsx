// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nProvider, type Translate } from '../../../components/i18n';
import { intentPhrasesText, NoChurnScore, reasonText, RiskBadge } from '../../../components/RiskBadge';
import type { ChurnScore, Reason } from '../../../lib/churn/rules';
import type { TrendPoint } from '../../../lib/churn/score-history';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;
const load = (lang: string) => JSON.parse(readFileSync(join(import.meta.dirname, '../../../public/_locales', lang, 'messages.json'), 'utf8')) as Messages;

/** chrome.i18n.getMessage's substitution, enough for these messages; throws on a missing key. */
const translator =
  (messages: Messages): Translate =>
  (key, subs) => {
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
      for (const [t, locale] of [
        [en, 'en'],
        [ja, 'ja'],
      ] as const) {
        const text = reasonText(r, t, locale);
        expect(text, r.key).not.toMatch(/\$[A-Z0-9_]+\$/);
        // Durations are put in the unit a person would use (checked below); other figures appear as they are.
        for (const [name, v] of Object.entries(r.params))
          if (typeof v === 'number' && v >= 0 && !['days', 'silentDays', 'hours'].includes(name)) expect(text, r.key).toContain(v.toLocaleString(locale));
      }
    }
    expect(reasonText(everyReason[0], en, 'en')).toBe('No message from them for about 9 weeks');
    expect(reasonText(everyReason[0], ja, 'ja')).toBe('先方から約9週間連絡なし');
    expect(reasonText(everyReason[3], en, 'en')).toBe('Our replies take about 3 days (median)');
    expect(reasonText(everyReason[2], en, 'en')).toBe('They write 67% less: 1 message in the last 30 days, 9 messages in the 90 days before');
    expect(reasonText(everyReason[6], en, 'en')).toBe('They wrote 3 days ago and nothing is waiting for a reply');
    expect(reasonText(everyReason[8], en, 'en')).toBe('Renewal in 12 days');
    expect(reasonText(everyReason[11], ja, 'ja')).toBe('支払い状況：支払い遅延');
    expect(reasonText(everyReason[12], en, 'en')).toBe('Low revenue: $1,200');
    expect(reasonText(everyReason[12], ja, 'ja')).toBe('売上が少ない：￥1,200');
    expect(reasonText(everyReason[12], en, 'en', 'EUR')).toBe('Low revenue: €1,200');
    expect(reasonText(everyReason[14], en, 'en')).toBe('Customer for about 2 years');
    expect(reasonText({ key: 'supportTickets', params: { count: 1 }, points: 2 }, en, 'en')).toBe('1 support ticket');
    expect(reasonText(everyReason[15], en, 'en')).toBe('4 support tickets');
    expect(reasonText({ key: 'churnIntent', params: { count: 1, phrases: 'cancel' }, points: 2 }, en, 'en')).toBe('Churn wording in their recent messages (1 time): cancel');
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
    expect(reasonText(reason, en, 'en')).toBe('Churn wording in their recent messages (2 times): “too expensive” (price or budget), “looking at other options” (looking at alternatives)');
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

  const render = (risk: ChurnScore | null, trend: TrendPoint[] = [], t = en, locale = 'en') => {
    container = document.createElement('div');
    document.body.append(container);
    act(() =>
      createRoot(container).render(
        <I18nProvider value={{ t, locale }}>
          <RiskBadge risk={risk} trend={trend} />
        </I18nProvider>,
      ),
    );
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

  it('shows a calibrated score as a chance within its horizon, with its band, and no "not yet calibrated"', () => {
    render({ score: 23, band: 'high', probability: 0.234, horizonDays: 90, reasons: [] });
    expect(container.querySelector('.risk-score')?.textContent).toBe('23 % in 90 days');
    expect(container.querySelector('.risk-band')?.textContent).toBe('High');
    expect(container.textContent).not.toContain('not yet calibrated');
    container.remove();
    render({ score: 0, band: 'low', probability: 0.004, horizonDays: 30, reasons: [] }, [], ja, 'ja');
    expect(container.querySelector('.risk-score')?.textContent).toBe('30日以内に 0.4 %');
  });

  it('shows rule points as points, "not yet calibrated", and what would calibrate them behind a keyboard-reachable button', () => {
    render({ score: 62, band: 'medium', reasons: [] });
    expect(container.querySelector('.risk-score')?.textContent).toBe('62 points');
    const toggle = container.querySelector<HTMLButtonElement>('.risk-calibration-toggle')!;
    expect(toggle.tagName).toBe('BUTTON');
    expect(toggle.textContent).toContain('not yet calibrated');
    // Its info mark is an inline icon, not a character that needs a font with ⓘ (it showed as a box on Debian).
    expect(toggle.querySelector('svg[data-icon="info"]')).not.toBeNull();
    expect(toggle.textContent).not.toMatch(/[\u2460-\u24ff]/);
    const help = document.getElementById(toggle.getAttribute('aria-controls')!)!;
    expect(help.hidden).toBe(true);
    act(() => toggle.click());
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(help.hidden).toBe(false);
    expect(help.textContent).toMatch(/at least 5 customers who churned and 5 who stayed/);
  });

  it('shows the trend against 7 and 30 days ago with arrows, each also in words', () => {
    const trend: TrendPoint[] = [
      { days: 7, before: 50, delta: 12, direction: 'up' },
      { days: 30, before: 63, delta: -1, direction: 'steady' },
    ];
    render({ score: 62, band: 'medium', reasons: [] }, trend);
    const items = [...container.querySelectorAll('[data-testid="risk-trend"] li')];
    expect(items.map((li) => li.getAttribute('data-direction'))).toEqual(['up', 'steady']);
    expect(items[0].querySelector('[aria-hidden="true"]')?.textContent).toBe('↑ +12 vs 7 days ago');
    expect(items[0].querySelector('.sr-only')?.textContent).toBe('Risk rising since 7 days ago: from 50 to 62');
    expect(items[1].querySelector('.sr-only')?.textContent).toBe('Risk steady since 30 days ago: from 63 to 62');
  });

  it('shows when a churned contact churned instead of a score, and nothing for a lead', () => {
    const show = (contact: { stage: string; churnedAt?: number }) => {
      container?.remove();
      container = document.createElement('div');
      document.body.append(container);
      act(() =>
        createRoot(container).render(
          <I18nProvider value={{ t: en, locale: 'en' }}>
            <NoChurnScore contact={contact} />
          </I18nProvider>,
        ),
      );
      return container.textContent;
    };
    expect(show({ stage: 'churned', churnedAt: Date.UTC(2026, 10, 3, 12) })).toBe('Churned on Nov 3, 2026');
    expect(show({ stage: 'lead' })).toBe('');
  });
});
