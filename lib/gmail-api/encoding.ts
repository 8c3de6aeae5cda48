// Byte-level encodings for RFC 2822 messages. No Buffer: this runs in the extension's service worker.

const utf8 = new TextEncoder();

/** Standard base64 of bytes or of a string's UTF-8 bytes. */
export function toBase64(input: Uint8Array | string): string {
  const bytes = typeof input === 'string' ? utf8.encode(input) : input;
  let binary = '';
  // Chunked so String.fromCharCode never receives more arguments than the engine allows.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** URL-safe base64 without padding, as the Gmail API wants for `raw`. */
export function toBase64Url(input: Uint8Array | string): string {
  return toBase64(input).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Decodes URL-safe (or standard) base64 into UTF-8 text. */
export function fromBase64Url(data: string): string {
  const b64 = data.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** Base64 body wrapped at 76 characters with CRLF (RFC 2045 §6.8). */
export function base64Body(text: string): string {
  return (toBase64(text).match(/.{1,76}/g) ?? []).join('\r\n');
}

/** Quoted-printable body (RFC 2045 §6.7): UTF-8 bytes, soft line breaks under 76 characters. */
export function quotedPrintableBody(text: string): string {
  return text
    .replace(/\r\n|\r|\n/g, '\n')
    .split('\n')
    .map(qpLine)
    .join('\r\n');
}

function qpLine(line: string): string {
  const tokens: string[] = [];
  const bytes = utf8.encode(line);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    const last = i === bytes.length - 1;
    // Trailing space/tab must be encoded or transports may strip it.
    const literal = (b >= 33 && b <= 126 && b !== 61) || ((b === 32 || b === 9) && !last);
    tokens.push(literal ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`);
  }
  const out: string[] = [];
  let current = '';
  for (const token of tokens) {
    if (current.length + token.length > 75) {
      out.push(`${current}=`);
      current = '';
    }
    current += token;
  }
  out.push(current);
  return out.join('\r\n');
}

/**
 * RFC 2047 B-encoded words for a header value, split on whole characters so that no UTF-8
 * sequence is cut; `firstRoom` and `room` are the characters available for the first and later words.
 */
export function encodedWords(text: string, firstRoom: number, room: number): string[] {
  const words: string[] = [];
  let chunk = '';
  const overhead = '=?UTF-8?B??='.length;
  const fits = (s: string, max: number) => overhead + 4 * Math.ceil(utf8.encode(s).length / 3) <= max;
  for (const char of Array.from(text)) {
    const max = words.length === 0 ? firstRoom : room;
    if (chunk && !fits(chunk + char, max)) {
      words.push(`=?UTF-8?B?${toBase64(chunk)}?=`);
      chunk = '';
    }
    chunk += char;
  }
  if (chunk || words.length === 0) words.push(`=?UTF-8?B?${toBase64(chunk)}?=`);
  return words;
}

/** Whether a string is printable US-ASCII (no encoding needed in a header). */
export function isPrintableAscii(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text);
}
