/** Header fields by lower-cased name, each with its values in order (unfolded, not yet decoded). */
export type Headers = Map<string, string[]>;

const utf8 = new TextDecoder('utf-8');

/** Where the header block ends: the index of the first byte of the body (after the blank line). */
export function headerEnd(bytes: Uint8Array, from = 0): number {
  let i = from;
  // A message may start with its blank line (no headers at all).
  if (bytes[i] === 10) return i + 1;
  if (bytes[i] === 13 && bytes[i + 1] === 10) return i + 2;
  for (;;) {
    const nl = bytes.indexOf(10, i);
    if (nl < 0) return bytes.length;
    if (bytes[nl + 1] === 10) return nl + 2;
    if (bytes[nl + 1] === 13 && bytes[nl + 2] === 10) return nl + 3;
    i = nl + 1;
  }
}

/** Parses a header block: unfolds continuation lines (RFC 5322 §2.2.3) and groups fields by name. */
export function parseHeaders(bytes: Uint8Array, from = 0, to = headerEnd(bytes, from)): Headers {
  // Raw 8-bit headers are nearly always UTF-8 today; encoded-words are decoded per field later.
  const text = utf8.decode(bytes.subarray(from, to)).replace(/\r?\n(?=[ \t])/g, '');
  const headers: Headers = new Map();
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!name || /\s/.test(name)) continue;
    const value = line.slice(colon + 1).trim();
    const list = headers.get(name);
    if (list) list.push(value);
    else headers.set(name, [value]);
  }
  return headers;
}

/** The first value of a header field, or undefined. */
export function headerValue(headers: Headers, name: string): string | undefined {
  return headers.get(name)?.[0];
}

/** Splits a structured value such as Content-Type into its main value and lower-cased parameters. */
export function parseParams(value: string | undefined): { value: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  if (!value) return { value: '', params };
  const parts = splitAtSemicolons(value);
  const main = (parts.shift() ?? '').trim().toLowerCase();
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim().toLowerCase();
    let v = part.slice(eq + 1).trim();
    if (v.startsWith('"')) v = unescape(v.slice(1, v.endsWith('"') ? -1 : undefined));
    // RFC 2231: charset*=utf-8''value
    if (key.endsWith('*')) {
      const m = /^([^']*)'[^']*'(.*)$/.exec(v);
      params[key.slice(0, -1)] = m ? safeDecode(m[2]) : v;
    } else params[key] = v;
  }
  return { value: main, params };
}

// One pass, where a pattern of alternatives retried each quoted string to the end of the value: quadratic on `"\"\"\"…`.
function splitAtSemicolons(value: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (quoted) {
      if (c === 92)
        i++; // a backslash escapes the next character
      else if (c === 34) quoted = false;
    } else if (c === 34) quoted = true;
    else if (c === 59) {
      parts.push(value.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(value.slice(start));
  return parts;
}

// Undoes a quoted string's backslash escapes; by indexOf, as replace() is slow on a value made of escapes.
function unescape(v: string): string {
  let out = '';
  let from = 0;
  for (let i = v.indexOf('\\'); i >= 0 && i < v.length - 1; i = v.indexOf('\\', from)) {
    out += v.slice(from, i) + v[i + 1];
    from = i + 2;
  }
  return out + v.slice(from);
}

function safeDecode(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}
