import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const load = (lang: string) => JSON.parse(readFileSync(join(root, 'public/_locales', lang, 'messages.json'), 'utf8')) as Record<string, { message: string; placeholders?: object }>;
const en = load('en');
const ja = load('ja');

/** Every t('key') and __MSG_key__ in the source, so a string cannot reach the UI untranslated. */
function usedKeys(): Set<string> {
  const keys = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(tsx?|html)$/.test(entry.name)) {
        const text = readFileSync(path, 'utf8');
        for (const m of text.matchAll(/\bt\(\s*'([A-Za-z0-9_]+)'/g)) keys.add(m[1]);
        for (const m of text.matchAll(/getMessage\(\s*'([A-Za-z0-9_]+)'/g)) keys.add(m[1]);
        // Counted messages (lib/format plural): the general form must exist; the singular is optional.
        for (const m of text.matchAll(/(?:plural\(\s*t\w*,\s*[\w()]+,\s*|\.count\(\s*)'([A-Za-z0-9_]+)'/g)) keys.add(`${m[1]}_other` in en ? `${m[1]}_other` : m[1]);
        for (const m of text.matchAll(/__MSG_([A-Za-z0-9_]+)__/g)) keys.add(m[1]);
      }
    }
  };
  for (const dir of ['components', 'entrypoints']) walk(join(root, dir));
  walk(join(root, 'lib'));
  return keys;
}

describe('i18n', () => {
  it('English and Japanese have the same keys, each with a message', () => {
    expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
    for (const [key, value] of Object.entries(ja)) expect(value.message, key).not.toBe('');
  });
  it('every key the code uses exists', () => {
    const missing = [...usedKeys()].filter((key) => !(key in en));
    expect(missing).toEqual([]);
  });
  it('placeholders match between languages', () => {
    for (const key of Object.keys(en)) expect(Object.keys(ja[key].placeholders ?? {}), key).toEqual(Object.keys(en[key].placeholders ?? {}));
  });
});
