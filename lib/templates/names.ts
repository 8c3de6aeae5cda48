export interface NameParts {
  first: string;
  last: string;
}

export type NameOrder = 'family-first' | 'given-first';

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
// Foreign names written in katakana separate given and family name with a middle dot or an equals sign.
const KATAKANA_SEPARATOR = /[・･=＝]/;
const TITLE = /^(?:mr|mrs|ms|miss|mx|dr|prof)\.?\s+/i;
const SUFFIX = /^(?:jr|sr|ii|iii|iv|phd|md|esq)\.?$/i;
const PARTICLES = new Set(['van', 'von', 'de', 'der', 'den', 'da', 'del', 'della', 'di', 'du', 'la', 'le', 'dos', 'das', 'ten', 'ter', 'bin', 'al']);

/** Reads a contact's custom `nameOrder` ("family-first" / "given-first", any case or spacing); undefined otherwise. */
export function readNameOrder(value: string | undefined): NameOrder | undefined {
  const squashed = value?.toLowerCase().replace(/[^a-z]/g, '');
  if (squashed === 'familyfirst') return 'family-first';
  if (squashed === 'givenfirst') return 'given-first';
  return undefined;
}

/** Whether a name in Chinese, Japanese or Korean script is written family name first (by `order` when given, else by its script). */
export function isCjkFamilyFirst(fullName: string, order?: NameOrder): boolean {
  const name = fullName.trim();
  if (!CJK.test(name)) return false;
  if (order) return order === 'family-first';
  // A katakana name with a middle dot is a foreign name written given name first (ジョン・スミス).
  return !(!/\s/.test(name) && KATAKANA_SEPARATOR.test(name));
}

/**
 * Splits a full name into given (first) and family (last) name. CJK names are family-first
 * ("山田 太郎" → last 山田); an unsplittable CJK name ("山田太郎") is used whole for both, so
 * "{{lastName}}様" still reads politely. `order` overrides what the script suggests.
 */
export function splitName(fullName: string, order?: NameOrder): NameParts {
  let name = fullName
    .trim()
    .replace(/^["'“「]+|["'”」]+$/g, '')
    .trim();
  if (!name) return { first: '', last: '' };
  const comma = name.search(/[,，]/);
  if (comma >= 0) {
    const before = name.slice(0, comma).trim();
    const after = name.slice(comma + 1).trim();
    if (SUFFIX.test(after)) name = before;
    // "Lee, Ann": family name, then given names.
    else if (before && after) return { first: firstToken(after), last: before };
    else name = before || after;
  }
  name = name.replace(TITLE, '');
  const cjk = CJK.test(name);
  let tokens = name.split(/\s+/).filter(Boolean);
  let familyFirst = order ? order === 'family-first' : cjk;
  if (tokens.length === 1 && KATAKANA_SEPARATOR.test(name)) {
    tokens = name.split(KATAKANA_SEPARATOR).filter(Boolean);
    familyFirst = order === 'family-first';
  }
  if (tokens.length > 1 && SUFFIX.test(tokens[tokens.length - 1])) tokens.pop();
  if (tokens.length === 1) return cjk ? { first: tokens[0], last: tokens[0] } : { first: tokens[0], last: '' };
  if (familyFirst) return { first: tokens.slice(1).join(' '), last: tokens[0] };
  let lastFrom = tokens.length - 1;
  while (lastFrom > 1 && PARTICLES.has(tokens[lastFrom - 1].toLowerCase())) lastFrom--;
  return { first: tokens[0], last: tokens.slice(lastFrom).join(' ') };
}

function firstToken(given: string): string {
  return given.split(/\s+/)[0] ?? '';
}
