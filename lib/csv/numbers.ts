// Money and counts as people type them in Japanese and English sheets. NFKC first, so full-width
// digits and separators (３０，０００, ￥) read as their ASCII forms.
const CURRENCY_BEFORE = /^(?:jpy|usd|eur|gbp|yen|us\$|[¥$€£\\])+/i;
const CURRENCY_AFTER = /(?:jpy|usd|eur|gbp|yen|円|ドル|ユーロ|ポンド|[¥$€£])+$/i;
// A count's unit word: "3件", "12回", "9点".
const COUNT_UNIT = /[件回点人名社個]$/;
const SIGN = /^[+\-−▲△]/;
// Thousands separators only in threes: "3,5" is a European decimal, not 35, so it is refused.
const PLAIN = /^(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?([kmb])?$/i;
const JAPANESE_UNITS = /^(?:\d+(?:\.\d+)?(?:兆|億|万|千))+(?:\d{1,3}(?:,\d{3})+|\d+)?$/;
const DIGITS = /^\d{1,15}$/;
const UNIT: Record<string, number> = { k: 1e3, m: 1e6, b: 1e9, 千: 1e3, 万: 1e4, 億: 1e8, 兆: 1e12 };

function japaneseUnits(body: string): number {
  let total = 0;
  for (const [, digits, unit] of body.matchAll(/(\d+(?:\.\d+)?)(兆|億|万|千)/g)) total += Number(digits) * UNIT[unit];
  const tail = /[兆億万千]([\d,]+)$/.exec(body);
  return tail ? total + Number(tail[1].replace(/,/g, '')) : total;
}

/**
 * A number as people write it: "30,000", "３０，０００", "¥30,000", "JPY 30,000", "30,000円", "3万円",
 * "1億2000万", "$3.5k", "▲1,200" or "(1,200)" (negative), "3件"; undefined when the cell is not one.
 */
export function parseNumberCell(text: string): number | undefined {
  // Plain ASCII digits, what most number columns hold: read as the rules below would (NFKC, PLAIN and 15 significant
  // digits leave them as they are), without them (issue 16: this cell per row cost a third of a 100,000-row check).
  if (DIGITS.test(text)) return Number(text);
  let t = text.normalize('NFKC').replace(/\s+/g, '');
  if (!t) return undefined;
  let negative = false;
  if (t.startsWith('(') && t.endsWith(')')) [negative, t] = [true, t.slice(1, -1)];
  if (SIGN.test(t)) [negative, t] = [negative || t[0] !== '+', t.slice(1)];
  t = t.replace(CURRENCY_BEFORE, '');
  if (SIGN.test(t)) [negative, t] = [negative || t[0] !== '+', t.slice(1)];
  t = t.replace(CURRENCY_AFTER, '').replace(COUNT_UNIT, '');
  let n: number;
  const plain = PLAIN.exec(t);
  if (plain) n = Number(plain[1].replace(/,/g, '') + (plain[2] ?? '')) * (plain[3] ? UNIT[plain[3].toLowerCase()] : 1);
  else if (JAPANESE_UNITS.test(t)) n = japaneseUnits(t);
  else return undefined;
  // 1.2 × 1e8 and the like: drop the binary noise past 15 significant digits.
  n = Number(n.toPrecision(15));
  return Number.isFinite(n) ? (negative ? -n : n) : undefined;
}

/** A cell written in full-width digits and separators only (a number, a phone number), in ASCII; any other cell unchanged. */
export function halfWidthDigits(text: string): string {
  if (!/[０-９]/.test(text)) return text;
  const ascii = text.normalize('NFKC');
  return /^[\d\s,.+\-()/¥$€£円]+$/.test(ascii) ? ascii : text;
}
