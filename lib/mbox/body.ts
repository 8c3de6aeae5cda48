import { decodeBase64, decodeCharset, decodeQuotedPrintable } from './charset';
import { headerEnd, headerValue, parseHeaders, parseParams, type Headers } from './headers';

// Only this much of a part is decoded: a snippet needs the start of the text, not a whole attachment.
const PART_LIMIT = 64 * 1024;
const MAX_DEPTH = 6;

function indexOfBytes(hay: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0];
  for (let i = hay.indexOf(first, from); i >= 0 && i + needle.length <= hay.length; i = hay.indexOf(first, i + 1)) {
    let k = 1;
    while (k < needle.length && hay[i + k] === needle[k]) k++;
    if (k === needle.length) return i;
  }
  return -1;
}

/** Body parts of a multipart body, as [start, end) byte ranges (each starting with its own headers). */
function multipartRanges(body: Uint8Array, boundary: string): Array<[number, number]> {
  const marker = new TextEncoder().encode(`--${boundary}`);
  const ranges: Array<[number, number]> = [];
  let start = -1;
  for (let at = indexOfBytes(body, marker, 0); at >= 0; at = indexOfBytes(body, marker, at + marker.length)) {
    // A delimiter must open a line.
    if (at > 0 && body[at - 1] !== 10) continue;
    if (start >= 0) ranges.push([start, at > 0 && body[at - 2] === 13 ? at - 2 : at - 1]);
    const closing = body[at + marker.length] === 45 && body[at + marker.length + 1] === 45;
    if (closing) return ranges;
    const nl = body.indexOf(10, at);
    start = nl < 0 ? body.length : nl + 1;
  }
  if (start >= 0) ranges.push([start, body.length]);
  return ranges;
}

function decodePart(headers: Headers, body: Uint8Array): string {
  const encoding = (headerValue(headers, 'content-transfer-encoding') ?? '').trim().toLowerCase();
  const charset = parseParams(headerValue(headers, 'content-type')).params.charset;
  const slice = body.subarray(0, PART_LIMIT);
  const bytes = encoding === 'base64' ? decodeBase64(slice) : encoding === 'quoted-printable' ? decodeQuotedPrintable(slice) : slice;
  return decodeCharset(bytes, charset);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Plain text of an HTML fragment: tags, scripts and styles removed, common entities decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|head)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<br\s*\/?>|<\/(p|div|li|tr|h\d)>/gi, '\n')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
      if (e[0] !== '#') return ENTITIES[e.toLowerCase()] ?? all;
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1));
      return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : all;
    });
}

/** The first text/plain part of a message body (else its first text/html as text), decoded; '' when none. */
export function bodyText(headers: Headers, body: Uint8Array, depth = 0): { text: string; html: boolean } | null {
  const { value: type, params } = parseParams(headerValue(headers, 'content-type') ?? 'text/plain');
  if (type.startsWith('multipart/') && params.boundary && depth < MAX_DEPTH) {
    let html: { text: string; html: boolean } | null = null;
    for (const [start, end] of multipartRanges(body, params.boundary)) {
      const part = body.subarray(start, end);
      const split = headerEnd(part);
      const found = bodyText(parseHeaders(part, 0, split), part.subarray(split), depth + 1);
      if (found && !found.html) return found;
      html ??= found;
    }
    return html;
  }
  const disposition = parseParams(headerValue(headers, 'content-disposition')).value;
  if (disposition === 'attachment') return null;
  if (type === 'text/plain' || type === '' || type === 'text') return { text: decodePart(headers, body), html: false };
  if (type === 'text/html') return { text: htmlToText(decodePart(headers, body)), html: true };
  return null;
}

/** What the sender wrote: quoted lines and the quoted original after "On … wrote:" left out, spaces collapsed. */
export function ownWords(text: string, maxChars = 2000): string {
  const kept: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (/^-{2,}\s*(original message|forwarded message)|^_{5,}$|^-----/i.test(trimmed)) break;
    if (/^(on\b.*wrote:|.*<[^>]+@[^>]+>\s*wrote:|.*(のメッセージ|書きました)[:：]?)$/i.test(trimmed) && kept.length > 0) break;
    if (trimmed.startsWith('>')) continue;
    kept.push(trimmed);
  }
  return kept.join(' ').replace(/\s+/g, ' ').trim().slice(0, maxChars);
}
