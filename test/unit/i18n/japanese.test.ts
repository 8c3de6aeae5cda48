import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const ja = JSON.parse(readFileSync(join(root, 'public/_locales/ja/messages.json'), 'utf8')) as Record<string, { message: string }>;

// Kana, kanji, Japanese punctuation and full-width forms.
const JAPANESE = '[\\u3000-\\u303f\\u3040-\\u30ff\\u4e00-\\u9fff\\uff00-\\uffef]';
/** An ASCII bracket or colon with Japanese text beside it (spaces between do not count). */
const ASCII_BESIDE_JAPANESE = new RegExp(`${JAPANESE}\\s*[():]|[():]\\s*${JAPANESE}`);

describe('Japanese messages', () => {
  it('use full-width brackets and colons in Japanese text: （）：', () => {
    const offenders = Object.entries(ja)
      .filter(([, v]) => ASCII_BESIDE_JAPANESE.test(v.message))
      .map(([k, v]) => `${k}: ${v.message}`);
    expect(offenders).toEqual([]);
  });
  it('the check sees what it should', () => {
    expect(ASCII_BESIDE_JAPANESE.test('再スコアに失敗しました: $P1$')).toBe(true);
    expect(ASCII_BESIDE_JAPANESE.test('学習済みモデル (バージョン $P1$)')).toBe(true);
    expect(ASCII_BESIDE_JAPANESE.test('（AUC $P1$）')).toBe(false);
    expect(ASCII_BESIDE_JAPANESE.test('https://mail.google.com の 12:30')).toBe(false);
  });
  it('say one word for import, one product name, and give the stage "At risk" its own word', () => {
    const all = Object.values(ja).map((v) => v.message);
    expect(all.filter((m) => /取り込/.test(m))).toEqual([]);
    expect(all.filter((m) => /絆|きずな/.test(m))).toEqual([]);
    expect(ja.stage_at_risk.message).not.toBe(ja.riskBadge.message);
    expect(all.filter((m) => /再スコア|スコアしました|未スコア|（試行）|失注/.test(m))).toEqual([]);
  });
});
