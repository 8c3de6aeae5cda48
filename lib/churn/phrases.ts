/** Churn-intent phrases (English and Japanese) and a finder with simple negation. See docs/churn.md. */

export interface IntentPhrase {
  /** Stable id, stored in Activity.flags as `intent:<id>`. */
  id: string;
  lang: 'en' | 'ja';
  pattern: RegExp;
  /** False when the phrase already carries its own negation ("not renewing", 更新しない). */
  negatable: boolean;
}

export interface IntentHit {
  id: string;
  lang: 'en' | 'ja';
  /** The text that matched, as written. */
  match: string;
  index: number;
  negated: boolean;
}

const en = (id: string, source: string, negatable = true): IntentPhrase => ({
  id,
  lang: 'en',
  pattern: new RegExp(`\\b(?:${source})\\b`, 'giu'),
  negatable,
});
const ja = (id: string, source: string, negatable = true): IntentPhrase => ({
  id,
  lang: 'ja',
  pattern: new RegExp(source, 'gu'),
  negatable,
});

export const INTENT_PHRASES: readonly IntentPhrase[] = [
  en('cancel', "cancel(?:s|led|ed|ling|ing|lation|lations)?"),
  en('refund', 'refund(?:s|ed|ing)?|money back|chargeback'),
  en('tooExpensive', "too (?:expensive|pricey|costly)|price (?:increase|hike)s?|(?:can't|cannot|can not) afford|budget cuts?", false),
  en('competitor', 'competitors?|another (?:vendor|provider|supplier|tool)|alternative (?:vendor|provider|solution)s?'),
  en('switching', 'switch(?:ing|ed)? (?:to (?:another|a different|a cheaper|a new|other)|over|away|providers?|vendors?|suppliers?|platforms?|tools?)|switching to|mov(?:e|ing) to (?:another|a different|a competitor)|migrat(?:e|ing) away'),
  en('notRenewing', "not (?:be )?renew(?:ing)?|(?:won't|will not|don't|do not|not going to) renew|non-renewal", false),
  en('terminate', 'terminat(?:e|es|ed|ing|ion)'),
  en('unsubscribe', 'unsubscrib(?:e|ed|ing)|opt(?:ing)? out'),
  en('disappointed', 'disappoint(?:ed|ing|ment)|dissatisfied|unhappy|frustrat(?:ed|ing)|fed up', true),
  en('disappointed', 'not (?:happy|satisfied|pleased)', false),
  en('closeAccount', '(?:close|delete|end|stop) (?:our|my|the) (?:account|contract|subscription|plan)|stop using|no longer (?:need|use|want)'),
  en('downgrade', 'downgrad(?:e|ed|ing)'),
  ja('cancel', '解約|キャンセル|退会|契約(?:を)?解除|利用(?:を)?停止|(?:やめ|辞め|止め)(?:たい|ます|る)'),
  ja('refund', '返金|払い戻し|返還'),
  ja('tooExpensive', '(?:料金|価格|値段|費用|コスト|金額)(?:が|は|も)?(?:高い|高すぎ|割高)|高すぎ|割高|値上げ|予算(?:が|の)?(?:削減|不足)'),
  ja('competitor', '他社|競合'),
  ja('switching', '乗り換え|乗換|乗りかえ|切り替え(?:を検討|る予定)|移行を検討'),
  ja('notRenewing', '更新(?:を|は)?(?:しない|しません|致しません|いたしません|見送)', false),
  ja('terminate', '(?:契約|利用|サービス)(?:の|を)?終了'),
  ja('unsubscribe', '配信停止|購読(?:を)?解除'),
  ja('disappointed', '不満|残念|がっかり|失望|不便'),
  ja('downgrade', 'ダウングレード|プラン(?:を|の)?変更'),
];

// "cancelled the meeting" is scheduling, not churn: a cancel hit followed by one of these is ignored.
const NOT_CHURN_AFTER = /^\s+(?:(?:the|our|my|this|that|today's|tomorrow's|a|your)\s+)?(?:meeting|call|appointment|demo|session|webinar|lunch|dinner|invite|invitation|interview|flight|event|reservation|booking)\b/iu;
// Newsletter footers ("click here to unsubscribe") are not a customer's wish.
const FOOTER_AROUND = /(?:click|tap)\s+(?:here\s+)?to\s+$|^\s*(?:here|link|from (?:this|these|our) (?:list|emails?|mailing))/iu;

// English negators reach over at most 4 words back, never across a sentence end or "but".
const EN_NEGATOR = /\b(?:not|no|never|cannot|without|nor)\b|n't\b/iu;
const EN_CLAUSE_END = /[.,!?;:\n]|\bbut\b|\bhowever\b/giu;
// Japanese negation follows the verb: 解約しません, 解約するつもりはありません, 不満はない.
const JA_NEGATION_AFTER =
  /^[^。！？!?\n、]{0,12}?(?:しません|しない(?![とで])|致しません|いたしません|つもりは(?:ない|ありません|ございません)|予定は(?:ない|ありません|ございません)|考えて(?:い|お)?(?:ません|ない)|(?:は|も|が)(?:ない|ありません|ございません)|ありません|ございません)/u;

function englishNegated(text: string, index: number): boolean {
  const before = text.slice(Math.max(0, index - 80), index);
  let start = 0;
  for (const m of before.matchAll(EN_CLAUSE_END)) start = m.index + m[0].length;
  const words = before.slice(start).trim().split(/\s+/).filter(Boolean).slice(-4).join(' ');
  return EN_NEGATOR.test(words);
}

function ignoredHit(phrase: IntentPhrase, text: string, index: number, match: string): boolean {
  if (phrase.lang !== 'en') return false;
  const after = text.slice(index + match.length, index + match.length + 60);
  if (phrase.id === 'cancel') return NOT_CHURN_AFTER.test(after);
  if (phrase.id === 'unsubscribe') {
    const before = text.slice(Math.max(0, index - 20), index);
    return FOOTER_AROUND.test(before) || FOOTER_AROUND.test(after);
  }
  return false;
}

/** Churn-intent phrases found in text, in order; negated hits only when asked for. */
export function findIntent(text: string, options: { includeNegated?: boolean } = {}): IntentHit[] {
  const hits: IntentHit[] = [];
  if (!text) return hits;
  // Characters already in a hit, marked one by one: checking a list of stretches instead is quadratic in a long text full of hits.
  const taken = new Uint8Array(text.length);
  for (const phrase of INTENT_PHRASES) {
    for (const m of text.matchAll(phrase.pattern)) {
      const index = m.index;
      const end = index + m[0].length;
      // One stretch of text is one hit: "not renewing" must not also count as something else.
      if (taken.subarray(index, end).includes(1)) continue;
      if (ignoredHit(phrase, text, index, m[0])) continue;
      const negated =
        phrase.negatable &&
        (phrase.lang === 'en' ? englishNegated(text, index) : JA_NEGATION_AFTER.test(text.slice(end, end + 24)));
      taken.fill(1, index, end);
      if (negated && !options.includeNegated) continue;
      hits.push({ id: phrase.id, lang: phrase.lang, match: m[0], index, negated });
    }
  }
  return hits.sort((a, b) => a.index - b.index);
}
