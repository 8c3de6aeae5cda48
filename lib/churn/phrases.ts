/** Churn-intent phrases (English and Japanese) and a finder with negation and quoted replies left out. See docs/churn.md. */
import { EN_PHRASES, englishNegated } from './phrases-en';
import { JA_PHRASES, japaneseNegated } from './phrases-ja';
import { withoutQuotedReply } from './quoted-reply';

/** What a phrase is about: leaving or scaling down, looking at alternatives, price or budget, dissatisfaction. */
export type IntentCategory = 'cancel' | 'alternatives' | 'price' | 'dissatisfied';

export interface IntentPhrase {
  /** Stable id, stored in Activity.flags as `intent:<id>`. */
  id: string;
  lang: 'en' | 'ja';
  pattern: RegExp;
  /** False when the phrase already carries its own negation ("not renewing", "can't afford"). */
  negatable: boolean;
  /** True when this match is not churn wording after all (a cancelled meeting, a switch away from a competitor). */
  ignore?: (text: string, index: number, end: number) => boolean;
}

export interface IntentHit {
  id: string;
  category: IntentCategory;
  lang: 'en' | 'ja';
  /** The text that matched, as written. */
  match: string;
  index: number;
  negated: boolean;
}

const CATEGORIES: Record<string, IntentCategory> = {
  cancel: 'cancel',
  notRenewing: 'cancel',
  terminate: 'cancel',
  closeAccount: 'cancel',
  leaving: 'cancel',
  downgrade: 'cancel',
  refund: 'cancel',
  unsubscribe: 'cancel',
  competitor: 'alternatives',
  switching: 'alternatives',
  alternatives: 'alternatives',
  tooExpensive: 'price',
  budget: 'price',
  disappointed: 'dissatisfied',
};

/** The category of a phrase id (also of ids stored by earlier versions, such as `unsubscribe`); undefined if unknown. */
export function intentCategory(id: string): IntentCategory | undefined {
  return Object.hasOwn(CATEGORIES, id) ? CATEGORIES[id] : undefined;
}

export const INTENT_PHRASES: readonly IntentPhrase[] = [...EN_PHRASES, ...JA_PHRASES];

/**
 * The first match of a global pattern at or after `from`, and where the one after it is looked for: what matchAll
 * yields, without the copy of the pattern matchAll makes on each call. A copy per phrase per message was most of a
 * first full rescore's scoring (issue #12: 25 phrases, 500,000 messages). The pattern's lastIndex is set before each
 * search, so a search nested in between (an ignore rule) cannot move it.
 */
function nextMatch(pattern: RegExp, text: string, from: number): { index: number; length: number; next: number } | null {
  // As matchAll: a pattern without the g flag would find the same match again and again.
  if (!pattern.global) throw new TypeError(`not a global pattern: ${pattern.source.slice(0, 40)}`);
  pattern.lastIndex = from;
  const m = pattern.exec(text);
  pattern.lastIndex = 0;
  if (!m) return null;
  const length = m[0].length;
  // An empty match moves on by one character, as matchAll does (a whole code point, the patterns being unicode ones).
  const next = length > 0 ? m.index + length : m.index + ((text.codePointAt(m.index) ?? 0) > 0xffff ? 2 : 1);
  return { index: m.index, length, next };
}

/**
 * Churn-intent phrases found in text, in order; negated hits only when asked for. Quoted replies are left out.
 * Linear in the length of the text: every pattern is bounded and overlaps are checked on a coverage map.
 */
export function findIntent(text: string, options: { includeNegated?: boolean } = {}): IntentHit[] {
  const hits: IntentHit[] = [];
  if (!text) return hits;
  // Curly apostrophes are straightened (same length, so offsets hold): "won’t" is "won't".
  const own = withoutQuotedReply(text).replace(/\u2019/g, "'");
  const covered = new Uint8Array(own.length);
  for (const phrase of INTENT_PHRASES) {
    for (let m = nextMatch(phrase.pattern, own, 0); m; m = nextMatch(phrase.pattern, own, m.next)) {
      const { index } = m;
      const end = index + m.length;
      // One stretch of text is one hit: "not renewing" must not also count as something else.
      if (covered.subarray(index, end).includes(1)) continue;
      if (phrase.ignore?.(own, index, end)) continue;
      const negated = phrase.negatable && (phrase.lang === 'en' ? englishNegated(own, index, end, phrase.id) : japaneseNegated(own, end, phrase.id));
      covered.fill(1, index, end);
      if (negated && !options.includeNegated) continue;
      hits.push({ id: phrase.id, category: CATEGORIES[phrase.id], lang: phrase.lang, match: text.slice(index, end), index, negated });
    }
  }
  return hits.sort((a, b) => a.index - b.index);
}

// One-byte and two-byte text: V8 compiles a pattern apart for each, to bytecode on its first run and to machine code
// on a later one.
const WARM_TEXTS = ['warm up', 'ウォームアップ warm up'];

/**
 * Jobs that compile the phrase patterns ahead of a page's first scan, one pattern and kind of text each (each runs its
 * pattern three times). A page's first scan compiled all of them in one task (issue 13: about 120 ms on a quiet machine,
 * 320 ms in a busy side panel, which a thread switch then waited behind): run one job per task instead.
 */
export function patternWarmups(): (() => void)[] {
  return INTENT_PHRASES.flatMap((phrase) =>
    WARM_TEXTS.map((text) => () => {
      for (let i = 0; i < 3; i++) nextMatch(phrase.pattern, text, 0);
    }),
  );
}

/** One matched phrase as shown in a reason: its id and the words as written (spaces collapsed, at most 60 characters). */
export interface IntentQuote {
  id: string;
  text: string;
}

/** The quotes of some hits, one per distinct wording, in order. */
export function intentQuotes(hits: readonly Pick<IntentHit, 'id' | 'match'>[]): IntentQuote[] {
  const seen = new Set<string>();
  const out: IntentQuote[] = [];
  for (const h of hits) {
    const words = h.match.replace(/\s+/g, ' ').trim();
    const text = words.length > 60 ? `${words.slice(0, 59)}…` : words;
    if (seen.has(text.toLowerCase())) continue;
    seen.add(text.toLowerCase());
    out.push({ id: h.id, text });
  }
  return out;
}

/** Quotes as one reason or alert param (a JSON array of `[id, text]`), so the UI can show the words that matched. */
export function encodeIntentQuotes(quotes: readonly IntentQuote[]): string {
  return JSON.stringify(quotes.map((q) => [q.id, q.text]));
}

/** The quotes of a reason or alert param; [] when missing or unreadable (an alert stored by an earlier version). */
export function decodeIntentQuotes(value: unknown): IntentQuote[] {
  if (typeof value !== 'string' || !value.startsWith('[')) return [];
  try {
    const list: unknown = JSON.parse(value);
    if (!Array.isArray(list)) return [];
    return list.filter((q): q is [string, string] => Array.isArray(q) && typeof q[0] === 'string' && typeof q[1] === 'string').map(([id, text]) => ({ id, text }));
  } catch {
    return [];
  }
}
