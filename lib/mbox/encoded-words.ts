import { decodeBase64, decodeCharset, decodeQuotedPrintable } from './charset';

const WORD = /=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g;
const encoder = new TextEncoder();

// Only the start of a long value is decoded, the rest kept as written: a subject or a name is far shorter,
// and each encoded-word costs a decoder call (a crafted megabyte of them took seconds).
const DECODED_LENGTH = 8 * 1024;

/** Decodes RFC 2047 encoded-words (B and Q, any charset TextDecoder knows) in a header value; in its first 8 kB only. */
export function decodeEncodedWords(value: string): string {
  if (!value.includes('=?')) return value;
  if (value.length > DECODED_LENGTH) return decodeEncodedWords(value.slice(0, DECODED_LENGTH)) + value.slice(DECODED_LENGTH);
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
    const raw = encoder.encode(m[3]);
    const bytes = m[2].toLowerCase() === 'b' ? decodeBase64(raw) : decodeQuotedPrintable(raw, true);
    if (pending && pending.charset !== charset) flush();
    if (pending) pending.bytes.push(bytes);
    else pending = { charset, bytes: [bytes] };
    last = m.index + m[0].length;
  }
  flush();
  return out + value.slice(last);
}
