// Labels mail software writes that the WHATWG Encoding Standard spells differently.
const ALIASES: Record<string, string> = {
  cp932: 'shift_jis',
  'x-ms-cp932': 'shift_jis',
  'iso-2022-jp-1': 'iso-2022-jp',
  'iso-2022-jp-2': 'iso-2022-jp',
  'iso-2022-jp-3': 'iso-2022-jp',
  cseucpkdfmtjapanese: 'euc-jp',
  'x-euc-jp': 'euc-jp',
  ascii: 'us-ascii',
  'unknown-8bit': 'utf-8',
  'x-unknown': 'utf-8',
  default: 'utf-8',
  utf7: 'utf-8',
  'utf-7': 'utf-8',
};

const decoders = new Map<string, TextDecoder>();
// Labels are remembered (a decoder is costly to make, and failing to is costlier), up to a point: every
// message of a crafted mailbox may name another charset.
const MAX_DECODERS = 256;
const utf8 = new TextDecoder('utf-8');

/** A TextDecoder for a MIME charset label (RFC 2231 language suffix allowed); UTF-8 when unknown. */
export function decoderFor(charset: string | undefined): TextDecoder {
  // Real labels are short (the longest registered one has 45 characters); a crafted one may have a million.
  if (!charset || charset.length > 100) return utf8;
  const label =
    charset
      .trim()
      .replace(/^["']|["']$/g, '')
      .split('*')[0]
      .toLowerCase() || 'utf-8';
  let decoder = decoders.get(label);
  if (!decoder) {
    try {
      decoder = new TextDecoder(Object.hasOwn(ALIASES, label) ? ALIASES[label] : label);
    } catch {
      decoder = utf8;
    }
    if (decoders.size < MAX_DECODERS) decoders.set(label, decoder);
  }
  return decoder;
}

/** Decodes bytes in a MIME charset; bytes that do not fit become U+FFFD. */
export function decodeCharset(bytes: Uint8Array, charset: string | undefined): string {
  return decoderFor(charset).decode(bytes);
}

const LOOKUP = new Int16Array(256).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('').forEach((c, i) => (LOOKUP[c.charCodeAt(0)] = i));
LOOKUP['-'.charCodeAt(0)] = 62; // base64url, seen in the wild
LOOKUP['_'.charCodeAt(0)] = 63;

/** Base64 to bytes, skipping line breaks and anything outside the alphabet; tolerates missing padding. */
export function decodeBase64(input: Uint8Array | string): Uint8Array {
  const src = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const out = new Uint8Array(Math.floor((src.length * 3) / 4) + 3);
  let bits = 0;
  let count = 0;
  let o = 0;
  for (let i = 0; i < src.length; i++) {
    const v = LOOKUP[src[i]];
    if (v < 0) {
      if (src[i] === 61) break; // '=' padding ends the data
      continue;
    }
    bits = (bits << 6) | v;
    count += 6;
    if (count >= 8) {
      count -= 8;
      out[o++] = (bits >> count) & 0xff;
    }
  }
  return out.subarray(0, o);
}

const hex = (c: number) => (c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1);

/** Quoted-printable to bytes (RFC 2045); in header mode (`_` is a space) for RFC 2047 Q-words. */
export function decodeQuotedPrintable(src: Uint8Array, header = false): Uint8Array {
  const out = new Uint8Array(src.length);
  let o = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === 61) {
      // "=" at a line end is a soft break; "=XX" a byte; anything else is kept as written.
      if (src[i + 1] === 10) {
        i += 1;
        continue;
      }
      if (src[i + 1] === 13 && src[i + 2] === 10) {
        i += 2;
        continue;
      }
      const h = hex(src[i + 1] ?? 0);
      const l = hex(src[i + 2] ?? 0);
      if (h >= 0 && l >= 0) {
        out[o++] = (h << 4) | l;
        i += 2;
        continue;
      }
    }
    out[o++] = header && c === 95 ? 32 : c;
  }
  return out.subarray(0, o);
}
