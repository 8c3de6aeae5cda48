import { describe, expect, it } from 'vitest';
import { findIntent } from '../../../lib/churn/phrases';
import { expectComparable } from '../../support/speed';

const ids = (text: string) => findIntent(text).map((h) => h.id);

describe('churn-intent phrases (English)', () => {
  it.each([
    ['We want to cancel our subscription.', 'cancel'],
    ['Please process the cancellation', 'cancel'],
    ['Can we get a refund?', 'refund'],
    ['Honestly it is too expensive for us', 'tooExpensive'],
    ['A competitor offered us a better deal', 'competitor'],
    ["We're switching to Acme next month", 'switching'],
    ['We will not be renewing the contract', 'notRenewing'],
    ['We would like to terminate the agreement', 'terminate'],
    ['Please unsubscribe me', 'unsubscribe'],
    ['We are disappointed with the support', 'disappointed'],
  ])('finds intent in "%s"', (text, id) => expect(ids(text)).toContain(id));

  it('is case-insensitive and reports where the hit is', () => {
    const [hit] = findIntent('Ok. CANCEL it.');
    expect(hit).toMatchObject({ id: 'cancel', match: 'CANCEL', index: 4, lang: 'en', negated: false });
  });

  it('respects word boundaries', () => {
    expect(ids('the scancelled file, refunding-policy')).toEqual(['refund']);
    expect(ids('Our discount code is SWITCHING2025x')).toEqual([]);
  });

  it.each(['We are not cancelling.', "We won't cancel.", 'We have no plans to switch providers.', "I don't think we will cancel", 'We are never disappointed'])(
    'treats "%s" as negated',
    (text) => {
      expect(findIntent(text)).toEqual([]);
      expect(findIntent(text, { includeNegated: true }).every((h) => h.negated)).toBe(true);
      expect(findIntent(text, { includeNegated: true }).length).toBeGreaterThan(0);
    },
  );

  it('does not carry negation across a clause', () => {
    expect(ids("I'm not happy. We will cancel")).toEqual(['disappointed', 'cancel']);
    expect(ids('No complaints, but we will cancel')).toEqual(['cancel']);
  });

  it('keeps phrases that carry their own negation', () => {
    expect(ids("We won't renew")).toEqual(['notRenewing']);
    expect(ids("We can't afford it")).toEqual(['tooExpensive']);
  });

  it('ignores a cancelled meeting and a newsletter footer', () => {
    expect(ids('Sorry, I cancelled the meeting tomorrow')).toEqual([]);
    expect(ids('Click here to unsubscribe from this list')).toEqual([]);
  });
});

describe('churn-intent phrases (Japanese)', () => {
  it.each([
    ['来月で解約します', 'cancel'],
    ['注文をキャンセルしたい', 'cancel'],
    ['返金してください', 'refund'],
    ['料金が高いと感じています', 'tooExpensive'],
    ['値上げには対応できません', 'tooExpensive'],
    ['他社のサービスを検討中です', 'competitor'],
    ['乗り換えを考えています', 'switching'],
    ['契約を更新しないことにしました', 'notRenewing'],
    ['サポートに不満があります', 'disappointed'],
  ])('finds intent in %s', (text, id) => expect(ids(text)).toContain(id));

  it.each(['解約しません', '解約するつもりはありません', '解約は考えていません', '不満はありません', '乗り換える予定はありません'])('treats %s as negated', (text) => {
    expect(findIntent(text)).toEqual([]);
    expect(findIntent(text, { includeNegated: true })[0]?.negated).toBe(true);
  });

  it('keeps an obligation and an own-negation phrase', () => {
    expect(ids('解約しないといけない')).toEqual(['cancel']);
    expect(ids('更新しない予定です')).toEqual(['notRenewing']);
  });

  it('does not count 高い in praise', () => expect(ids('質の高いサービスに満足しています')).toEqual([]));

  it('finds several phrases in one sentence, in order', () =>
    expect(ids('料金が高いので他社に乗り換えます')).toEqual(['tooExpensive', 'competitor', 'switching']));
});

describe('findIntent on a long text full of hits', () => {
  it('is linear: 32 times the text takes about 32 times as long, not a thousand', () => {
    const small = '他社 cancel, '.repeat(125);
    const large = small.repeat(32);
    // A fourfold margin over linear: the larger text makes more garbage to collect, on a shared machine.
    expectComparable(() => findIntent(small), () => findIntent(large), 32 * 4);
  }, 120_000);
});
