import { decodeBase64, decodeCharset, decodeQuotedPrintable } from './charset';

const WORD = /=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g;

/** Decodes RFC 2047 encoded-words (B and Q, any charset TextDecoder knows) in a header value. */
export function decodeEncodedWords(value: string): string {
  if (!value.includes('=?')) return value;
  let out = '';
  let last = 0;
  // Adjacent words of one charset are joined as bytes first: a character may be split across two.
  let pending: { charset: string; bytes: Uint8Array[] } | null = null;
  const flush = () => {
    if (!pending) return;
    const total = pending.bytes.reduce((s, b) => s + b.length, 0);
    const joined = new Uint8Array(total);
    let at = 0;
    for (const b of pending.bytes) {
      joined.set(b, at);
      at += b.length;
    }
    out += decodeCharset(joined, pending.charset);
    pending = null;
  };
  for (const m of value.matchAll(WORD)) {
    const gap = value.slice(last, m.index);
    // Whitespace between two encoded-words is not part of the text (RFC 2047 §6.2).
    if (!(pending && /^\s*$/.test(gap))) {
      flush();
      out += gap;
    }
    const charset = m[1].split('*')[0].toLowerCase();
    const raw = new TextEncoder().encode(m[3]);
    const bytes = m[2].toLowerCase() === 'b' ? decodeBase64(raw) : decodeQuotedPrintable(raw, true);
    if (pending && pending.charset !== charset) flush();
    if (pending) pending.bytes.push(bytes);
    else pending = { charset, bytes: [bytes] };
    last = m.index + m[0].length;
  }
  flush();
  return out + value.slice(last);
}
