import { describe, expect, it } from 'vitest';
import { uiSources } from '../../support/ui-sources';

// "Label: value" joined in code puts an ASCII colon into Japanese text ("ステップ1: 点数"); the labelPair message
// joins them with the language's own colon (ja ：), issue #15.
const COLON_JOIN = /\}: \$\{|\}: \{(?=[\w(])/;

describe('a label and its value are joined by a message, not by an ASCII colon in code (meta-test)', () => {
  it('no component or entrypoint joins two values with ": "', () => {
    const offenders = uiSources()
      .flatMap(([path, text]) => text.split('\n').map((line, i) => [`${path}:${i + 1}`, line] as const))
      .filter(([, line]) => COLON_JOIN.test(line))
      .map(([where, line]) => `${where} ${line.trim()}`);
    expect(offenders).toEqual([]);
  });
  it('the check sees what it should (joins are caught, type annotations are not)', () => {
    expect(COLON_JOIN.test("`${t('rsStep', '1')}: ${t('rsField_points')}`")).toBe(true);
    expect(COLON_JOIN.test('{pathLabel(e.path, t)}: {errorText(e, t)}')).toBe(true);
    expect(COLON_JOIN.test('export function Page({ route }: { route: Route }) {')).toBe(false);
  });
});
