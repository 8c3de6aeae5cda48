import { describe, expect, it, vi } from 'vitest';
import { decodeIntentQuotes, encodeIntentQuotes, findIntent, INTENT_PHRASES, intentCategory, intentQuotes } from '../../../lib/churn/phrases';
import { withoutQuotedReply } from '../../../lib/churn/quoted-reply';
import { expectComparable } from '../../support/speed';

const ids = (text: string) => findIntent(text).map((h) => h.id);
const matches = (text: string) => findIntent(text).map((h) => h.match);
const categories = (text: string) => findIntent(text).map((h) => h.category);

describe('churn-intent phrases (English)', () => {
  it.each([
    ['We want to cancel our subscription.', 'cancel'],
    ['Please process the cancellation', 'cancel'],
    ['Can we get a refund for the unused months?', 'refund'],
    ['Honestly it is too expensive for us', 'tooExpensive'],
    ['A competitor offered us a better deal', 'competitor'],
    ["We're switching to Acme next month", 'switching'],
    ['We will not be renewing the contract', 'notRenewing'],
    ['We would like to terminate the agreement', 'terminate'],
    ['We are disappointed with the support', 'disappointed'],
    ['We are looking at other options, to be honest.', 'alternatives'],
    ['We have started evaluating other vendors.', 'alternatives'],
    ['We are evaluating alternatives.', 'alternatives'],
    ["We've decided to move to a different provider.", 'switching'],
    ['Our budget cuts mean we must reduce spend.', 'budget'],
    ["We can't justify the cost any more.", 'tooExpensive'],
  ])('finds intent in "%s"', (text, id) => expect(ids(text)).toContain(id));

  it('gives each hit a category', () => {
    expect(categories('We will cancel.')).toEqual(['cancel']);
    expect(categories('We are looking at other options.')).toEqual(['alternatives']);
    expect(categories('It is too expensive.')).toEqual(['price']);
    expect(categories('Budget cuts hit us.')).toEqual(['price']);
    expect(categories('We are frustrated with the outages.')).toEqual(['dissatisfied']);
    expect(intentCategory('unsubscribe')).toBe('cancel');
    expect(intentCategory('toString')).toBeUndefined();
  });

  it('is case-insensitive, reports where the hit is and the words as written', () => {
    const [hit] = findIntent('Ok. CANCEL it.');
    expect(hit).toMatchObject({ id: 'cancel', match: 'CANCEL', index: 4, lang: 'en', negated: false });
    expect(matches('We won’t be renewing.')).toEqual(['won’t be renewing']);
  });

  it('respects word boundaries', () => {
    expect(ids('the scancelled file')).toEqual([]);
    expect(ids('Our discount code is SWITCHING2025x')).toEqual([]);
  });

  it.each([
    'We are not cancelling.',
    "We won't cancel.",
    'We have no plans to switch providers.',
    "I don't think we will cancel",
    'We are never disappointed with the support',
    'We are not planning to cancel; I just want to understand the terms.',
    'We are not looking at other vendors.',
  ])('treats "%s" as negated', (text) => {
    expect(findIntent(text)).toEqual([]);
    expect(findIntent(text, { includeNegated: true }).every((h) => h.negated)).toBe(true);
    expect(findIntent(text, { includeNegated: true }).length).toBeGreaterThan(0);
  });

  it('does not carry negation across a clause, and a sentence can take a hit back', () => {
    expect(ids("I'm not happy. We will cancel")).toEqual(['disappointed', 'cancel']);
    expect(ids('No complaints, but we will cancel')).toEqual(['cancel']);
    expect(ids('We were considering other vendors, but we decided to stay with you.')).toEqual([]);
  });

  it('keeps phrases that carry their own negation', () => {
    expect(ids("We won't renew")).toEqual(['notRenewing']);
    expect(ids("We can't afford it")).toEqual(['tooExpensive']);
  });

  it.each([
    'Sorry, I cancelled the meeting tomorrow',
    'We cancelled the meeting on Thursday; can we find another slot?',
    'The webinar was cancelled due to low sign-ups.',
    'We have no budget issues this year.',
    'Switching to the new dashboard was easy.',
    'We switched to SSO last week and it works fine.',
    'We moved to a different office, please update our billing address.',
    'Are there other options for exporting the data?',
    'I looked at the other options in the settings menu.',
    'Can the report compare our numbers with our competitors?',
    'We switched from a competitor to you last year.',
    'Our previous provider was too expensive, which is why we came to you.',
    'Please unsubscribe me from the marketing newsletter.',
    'Click here to unsubscribe from this list',
    'The session terminated unexpectedly when I exported.',
  ])('ignores the look-alike "%s"', (text) => expect(ids(text)).toEqual([]));
});

describe('churn-intent phrases (Japanese)', () => {
  it.each([
    ['来月で解約します', 'cancel'],
    ['プランをキャンセルしたい', 'cancel'],
    ['返金をお願いします', 'refund'],
    ['料金が高いと感じています', 'tooExpensive'],
    ['値上げには対応できません', 'tooExpensive'],
    ['正直なところ高すぎると思います', 'tooExpensive'],
    ['予算が削減されました', 'budget'],
    ['コストに見合わないと判断しました', 'tooExpensive'],
    ['他社を検討しております', 'competitor'],
    ['乗り換えを考えています', 'switching'],
    ['契約内容の見直しを行っております', 'alternatives'],
    ['契約を更新しないことにしました', 'notRenewing'],
    ['サポートに不満があります', 'disappointed'],
  ])('finds intent in %s', (text, id) => expect(ids(text)).toContain(id));

  it.each(['解約しません', '解約するつもりはありません', '解約は考えていません', '不満はありません', '乗り換える予定はない', '乗り換える予定はありません', '他社への乗り換えは考えておりません'])(
    'treats %s as negated',
    (text) => {
      expect(findIntent(text)).toEqual([]);
      expect(findIntent(text, { includeNegated: true })[0]?.negated).toBe(true);
    },
  );

  it('keeps an obligation, an own-negation phrase and a question', () => {
    expect(ids('解約しないといけない')).toEqual(['cancel']);
    expect(ids('更新しない予定です')).toEqual(['notRenewing']);
    expect(ids('解約したいのですが、問題はありませんか')).toEqual(['cancel']);
    expect(ids('解約したいが時間がない')).toEqual(['cancel']);
  });

  it.each([
    '質の高いサービスに満足しています',
    '他社の事例を教えてください',
    '見直しました資料を送ります',
    '会議はキャンセルとなりました',
    '新しい管理画面に切り替えました',
    '昨年、他社から御社に乗り換えて本当によかったです',
    '残念ながら当日は都合がつきません',
    '値上げについては承知いたしました。問題ございません。',
  ])('ignores the look-alike %s', (text) => expect(ids(text)).toEqual([]));

  it('finds several phrases in one sentence, in order; one stretch of text is one hit', () => expect(ids('料金が高いので他社に乗り換えます')).toEqual(['tooExpensive', 'competitor']));
});

describe('quoted replies', () => {
  it('ignores lines starting with ">"', () => {
    expect(ids('Works for me.\n> We would like to terminate the agreement.\n>')).toEqual([]);
    expect(ids('ありがとうございます。\n＞ 他社への乗り換えを検討しております。')).toEqual([]);
  });

  it('ignores everything from an "On … wrote:" line, also when Gmail wraps it', () => {
    expect(ids('Thanks, that fixed it!\n\nOn Mon, Nov 2, 2026 at 10:15 AM Dana Lee <dana@acme.example> wrote:\nWe might cancel.')).toEqual([]);
    expect(ids('Thanks!\n\nOn Mon, Nov 2, 2026 at 10:15 AM Dana Lee <\ndana@acme.example> wrote:\nWe might cancel.')).toEqual([]);
    // Collapsed to one line, as the thread view's snippets are.
    expect(ids('Sounds good. On Tue, Nov 3, 2026 at 2:40 PM, Alex <alex@x.example> wrote: Is it too expensive?')).toEqual([]);
  });

  it('ignores Japanese mail clients’ quote headers and an Outlook original message', () => {
    expect(ids('了解しました。\n\n2026年11月2日(月) 10:15 Alex Morgan <alex@kizuna-demo.com>:\n解約をご検討中とのことで')).toEqual([]);
    expect(ids('承知しました。\n\n2026/11/02 10:15、Alex Morgan <alex@kizuna-demo.com>のメール:\n料金が高すぎる')).toEqual([]);
    expect(ids('確認しました。\n2026/11/02 10:15 に Alex さんは書きました:\n解約を希望します。')).toEqual([]);
    expect(ids('All sorted!\n\n-----Original Message-----\nFrom: Dana\nWe want to cancel.')).toEqual([]);
    expect(ids('All sorted!\n\nFrom: Dana Lee\nSent: Monday, November 2, 2026 10:15 AM\nWe want to cancel.')).toEqual([]);
  });

  it('still reads the sender’s own words above the quote, at their original offsets', () => {
    const text = 'We have decided not to renew.\n\nOn Mon, Nov 2, 2026 at 10:15 AM Alex <alex@x.example> wrote:\n> Do you want to cancel?';
    expect(findIntent(text).map((h) => [h.id, h.index])).toEqual([['notRenewing', 16]]);
    expect(withoutQuotedReply('On Monday we wrote: the plan.')).toBe('On Monday we wrote: the plan.');
  });
});

describe('quotes for reasons', () => {
  it('keeps one quote per wording, collapses spaces and shortens long matches', () => {
    const quotes = intentQuotes([
      { id: 'tooExpensive', match: 'too\n  expensive' },
      { id: 'tooExpensive', match: 'Too expensive' },
      { id: 'alternatives', match: `looking at ${'x '.repeat(40)}other options` },
    ]);
    expect(quotes.map((q) => q.text)).toEqual(['too expensive', expect.stringMatching(/^looking at x x .{40,}…$/)]);
    expect(quotes[1].text.length).toBe(60);
  });

  it('round-trips through a reason param and tolerates anything else', () => {
    const quotes = [{ id: 'cancel', text: 'cancel, "now"' }];
    expect(decodeIntentQuotes(encodeIntentQuotes(quotes))).toEqual(quotes);
    expect(decodeIntentQuotes(undefined)).toEqual([]);
    expect(decodeIntentQuotes('cancel, refund')).toEqual([]);
    expect(decodeIntentQuotes('[1, ["a"], ["cancel", "x"]')).toEqual([]);
    expect(decodeIntentQuotes('[1, ["a"], ["cancel", "x"]]')).toEqual([{ id: 'cancel', text: 'x' }]);
  });
});

describe('findIntent on a long text full of hits', () => {
  it('is linear: 32 times the text takes about 32 times as long, not a thousand', () => {
    const small = '他社 cancel, '.repeat(125);
    const large = small.repeat(32);
    // A fourfold margin over linear: the larger text makes more garbage to collect, on a shared machine.
    expectComparable(
      () => findIntent(small),
      () => findIntent(large),
      32 * 4,
    );
  }, 120_000);
});

describe('findIntent’s work per text', () => {
  it('searches with the phrases’ own patterns: no copy of each pattern per text, as matchAll makes (issue #12)', () => {
    const matchAll = vi.spyOn(RegExp.prototype, Symbol.matchAll);
    const exec = vi.spyOn(RegExp.prototype, 'exec');
    try {
      // Text without wording (a quoted reply's does not count): not one matchAll, where each phrase cost one (25).
      expect(ids('Lorem ipsum dolor sit amet.\n> we will cancel')).toEqual([]);
      expect(matchAll).not.toHaveBeenCalled();
      expect(exec).toHaveBeenCalled();
      // Hits: the same as ever; only the negation check of an English hit looks back with matchAll (one per hit).
      expect(ids('We want to cancel our subscription. 料金が高いので他社に乗り換えます')).toEqual(['cancel', 'tooExpensive', 'competitor']);
      expect(matchAll.mock.calls.length).toBeLessThanOrEqual(1);
    } finally {
      matchAll.mockRestore();
      exec.mockRestore();
    }
  });

  it('leaves the phrases’ patterns as it found them (lastIndex 0), also after a hit', () => {
    findIntent('We want to cancel our subscription.');
    expect(INTENT_PHRASES.every((p) => p.pattern.global && p.pattern.lastIndex === 0)).toBe(true);
  });
});
