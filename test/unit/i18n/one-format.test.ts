import { describe, expect, it } from 'vitest';
import { uiSources } from '../../support/ui-sources';

// A date, number or plural formatted by hand: each call picks its own style, and pages drift apart (four date
// formats and a raw ISO timestamp on the restore screen, issue #15). lib/format is the one place.
const HAND_FORMATTED = /\.(?:toISOString|toLocaleString|toLocaleDateString|toLocaleTimeString)\(|new Intl\.(?:DateTimeFormat|NumberFormat|PluralRules|RelativeTimeFormat)\(\s*[^)\s]/;

describe('dates, numbers and plurals go through lib/format (meta-test)', () => {
  it('no component or entrypoint formats a date, a number or a plural itself', () => {
    const offenders = uiSources()
      .flatMap(([path, text]) => text.split('\n').map((line, i) => [`${path}:${i + 1}`, line] as const))
      .filter(([, line]) => HAND_FORMATTED.test(line))
      .map(([where, line]) => `${where} ${line.trim()}`);
    expect(offenders).toEqual([]);
  });
  it('the check sees what it should (the old ways are caught, the time zone lookup is not)', () => {
    expect(HAND_FORMATTED.test("new Date(ms).toLocaleDateString(locale, { dateStyle: 'medium' })")).toBe(true);
    expect(HAND_FORMATTED.test('<time dateTime={new Date(s.at).toISOString()}>')).toBe(true);
    expect(HAND_FORMATTED.test('{counts[k].toLocaleString()}')).toBe(true);
    expect(HAND_FORMATTED.test("new Intl.DateTimeFormat(locale, { dateStyle: 'medium' })")).toBe(true);
    expect(HAND_FORMATTED.test('new Intl.PluralRules(locale).select(n)')).toBe(true);
    expect(HAND_FORMATTED.test('Intl.DateTimeFormat().resolvedOptions().timeZone')).toBe(false);
  });
});
