import { describe, expect, it } from 'vitest';
import { decodeCsvBytes } from '../../../lib/csv/decode';
import { CsvError } from '../../../lib/csv/errors';

const utf8 = (s: string) => new TextEncoder().encode(s);
const concat = (...parts: ArrayLike<number>[]) => Uint8Array.from(parts.flatMap((p) => Array.from(p)));

describe('decodeCsvBytes', () => {
  it('reads UTF-8 without a BOM', () => {
    expect(decodeCsvBytes(utf8('email,氏名\na@x.com,山田'))).toEqual({ text: 'email,氏名\na@x.com,山田', encoding: 'utf-8', bom: false });
  });

  it('removes a UTF-8 BOM and says it was there', () => {
    const out = decodeCsvBytes(concat([0xef, 0xbb, 0xbf], utf8('email\n')));
    expect(out).toEqual({ text: 'email\n', encoding: 'utf-8', bom: true });
  });

  it('reads UTF-16 LE and BE by their BOM', () => {
    // "山" is U+5C71.
    expect(decodeCsvBytes(Uint8Array.from([0xff, 0xfe, 0x71, 0x5c, 0x0a, 0x00]))).toEqual({ text: '山\n', encoding: 'utf-16le', bom: true });
    expect(decodeCsvBytes(Uint8Array.from([0xfe, 0xff, 0x5c, 0x71, 0x00, 0x0a]))).toEqual({ text: '山\n', encoding: 'utf-16be', bom: true });
  });

  it('detects Shift_JIS when the bytes are not UTF-8 ("山田" = 8E 52 93 63)', () => {
    const bytes = concat(utf8('name,email\r\n'), [0x8e, 0x52, 0x93, 0x63], utf8(',yamada@x.co.jp\r\n'));
    const out = decodeCsvBytes(bytes);
    expect(out.encoding).toBe('shift_jis');
    expect(out.text).toBe('name,email\r\n山田,yamada@x.co.jp\r\n');
  });

  it('reads half-width katakana and the Windows-31J wave dash as Excel writes them', () => {
    // ｶ = 0xB6; ～ (FULLWIDTH TILDE in Windows-31J) = 0x81 0x60.
    expect(decodeCsvBytes(Uint8Array.from([0xb6, 0x81, 0x60])).text).toBe('ｶ～');
  });

  it('honours a forced encoding', () => {
    expect(decodeCsvBytes(Uint8Array.from([0x8e, 0x52]), 'shift_jis').text).toBe('山');
  });

  it('rejects bytes that are neither UTF-8 nor Shift_JIS', () => {
    // 0xA0 and 0xFD are neither UTF-8 nor Shift_JIS lead bytes (WHATWG Encoding).
    expect(() => decodeCsvBytes(Uint8Array.from([0x61, 0xfd, 0xa0]))).toThrow(CsvError);
  });
});
