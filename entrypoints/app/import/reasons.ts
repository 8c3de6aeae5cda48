import type { Translate } from '@/components/i18n';

// The validator's row reasons and warnings (lib/csv/validate.ts, parse.ts) are English; these show them in the UI language.
const PATTERNS: [RegExp, string][] = [
  [/^Email is required$/, 'wiRowEmailRequired'],
  [/^Not a valid email address: "([^]*)"$/, 'wiRowBadEmail'],
  [/^Same email as row (\d+)$/, 'wiRowSameEmail'],
  [/^Unknown stage "([^]*)": imported with the default stage$/, 'wiWarnUnknownStage'],
  [/^Impossible date "([^]*)": left empty$/, 'wiWarnImpossibleDate'],
  [/^Not a date "([^]*)": left empty/, 'wiWarnNotDate'],
  [/^Impossible date "([^]*)": kept as text/, 'wiWarnImpossibleDateKept'],
  [/^Not a date "([^]*)": kept as text/, 'wiWarnNotDateKept'],
  [/^Not a number "([^]*)": kept as text/, 'wiWarnNotNumber'],
  [/^An external id is at most/, 'wiRowExternalIdTooLong'],
  [/^Use yes\/no/, 'wiRowBadYesNo'],
  [/^Cell is longer than ([\d,]+) characters/, 'wiRowCellTooLong'],
  [/^A note is at most/, 'wiRowNoteTooLong'],
  [/^A quoted cell is not closed properly/, 'wiRowBadQuote'],
  [/^Row has (\d+) cells but the header has (\d+)/, 'wiRowExtraCells'],
];

/** A row reason in the UI language; an unknown reason is shown as the validator wrote it. */
export function translateReason(reason: string, t: Translate): string {
  for (const [pattern, key] of PATTERNS) {
    const m = pattern.exec(reason);
    if (m) return t(key, m.slice(1));
  }
  return reason;
}
