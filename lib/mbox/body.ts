import { decodeBase64, decodeCharset, decodeQuotedPrintable } from './charset';
import { headerEnd, headerValue, parseHeaders, parseParams, type Headers } from './headers';

// Only this much of a part is decoded: a snippet needs the start of the text, not a whole attachment.
const PART_LIMIT = 64 * 1024;
const MAX_DEPTH = 6;
// Parts looked at in one message, all depths together: real mail has a few dozen at most, a crafted one can have a hundred thousand.
const MAX_PARTS = 200;

/** Why a message's text was read only in part: a size limit cut it ('too-large'), or it is nested or split into more parts than are read ('too-complex'). */
export type PartlyRead = 'too-large' | 'too-complex';

/** The text of a message body ('' when it has none) and, when a limit was reached, why it may be incomplete. */
export interface BodyText {
  text: string;
  /** True when the text comes from a text/html part. */
  html: boolean;
  partlyRead?: PartlyRead;
}

/** Whether the line [at, lineEnd) starts with `marker`: at most the line's own bytes are compared. */
function lineStartsWith(body: Uint8Array, at: number, lineEnd: number, marker: Uint8Array): boolean {
  if (lineEnd - at < marker.length) return false;
  for (let k = 0; k < marker.length; k++) if (body[at + k] !== marker[k]) return false;
  return true;
}

/**
 * Body parts of a multipart body, as [start, end) byte ranges (each starting with its own headers). Only
 * line starts are compared with the delimiter, each within its own line, so the search is linear in the
 * body whatever the boundary's length (RFC 2046 allows 70 characters; crafted mail sends 80,000).
 */
function* multipartRanges(body: Uint8Array, boundary: string): Generator<[number, number]> {
  const marker = new TextEncoder().encode(`--${boundary}`);
  let start = -1;
  for (let at = 0; at < body.length;) {
    const nl = body.indexOf(10, at);
    const next = nl < 0 ? body.length : nl + 1;
    if (lineStartsWith(body, at, next, marker)) {
      if (start >= 0) yield [start, Math.max(start, body[at - 2] === 13 ? at - 2 : at - 1)];
      if (body[at + marker.length] === 45 && body[at + marker.length + 1] === 45) return;
      start = next;
    }
    at = next;
  }
  if (start >= 0) yield [start, body.length];
}

function decodePart(headers: Headers, body: Uint8Array, charset: string | undefined): string {
  const encoding = (headerValue(headers, 'content-transfer-encoding') ?? '').trim().toLowerCase();
  const slice = body.subarray(0, PART_LIMIT);
  const bytes = encoding === 'base64' ? decodeBase64(slice) : encoding === 'quoted-printable' ? decodeQuotedPrintable(slice) : slice;
  return decodeCharset(bytes, charset);
}

// A Map, not an object: an entity named "constructor" must find nothing.
const ENTITIES = new Map(Object.entries({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' }));
const SKIPPED_WHOLE = ['script', 'style', 'head'];
const CLOSE_OF = new Map([
  ['script', /<\/script\s*>/gi],
  ['style', /<\/style\s*>/gi],
  ['head', /<\/head\s*>/gi],
]);
const LINE_BREAK_AFTER = ['p', 'div', 'li', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6'];
const LINE_BREAK = ['br'];
const isAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** Which of `names` html[from, to) is, ASCII case ignored; no string is made, as this runs for every tag. */
function nameOf(html: string, from: number, to: number, names: readonly string[]): string | undefined {
  for (const name of names) {
    if (to - from !== name.length) continue;
    let j = 0;
    // `| 32` lower-cases an ASCII letter and leaves a digit as it is.
    while (j < name.length && (html.charCodeAt(from + j) | 32) === name.charCodeAt(j)) j++;
    if (j === name.length) return name;
  }
  return undefined;
}

/** Plain text of an HTML fragment: tags, scripts and styles removed, common entities decoded; linear in the input. */
export function htmlToText(html: string): string {
  const out: string[] = [];
  // A script, style or head without its end tag has none after any later one either: searched for once.
  const unclosed = new Set<string>();
  let i = 0;
  for (;;) {
    const lt = html.indexOf('<', i);
    if (lt < 0) break;
    const gt = html.indexOf('>', lt + 1);
    // A '<' that no '>' follows is text, and so is everything after it.
    if (gt < 0) break;
    if (lt > i) out.push(html.slice(i, lt));
    const slash = html.charCodeAt(lt + 1) === 47;
    const from = lt + (slash ? 2 : 1);
    let to = from;
    while (to < gt && isAlnum(html.charCodeAt(to))) to++;
    const skipped = slash ? undefined : nameOf(html, from, to, SKIPPED_WHOLE);
    if (skipped && !unclosed.has(skipped)) {
      const close = CLOSE_OF.get(skipped)!;
      close.lastIndex = to;
      const end = close.exec(html);
      if (end) {
        out.push(' ');
        i = end.index + end[0].length;
        continue;
      }
      unclosed.add(skipped);
    }
    const lineBreak = slash ? nameOf(html, from, to, LINE_BREAK_AFTER) : nameOf(html, from, to, LINE_BREAK);
    out.push(lineBreak ? '\n' : ' ');
    i = gt + 1;
  }
  out.push(html.slice(i));
  return out.join('').replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
    if (e[0] !== '#') return ENTITIES.get(e.toLowerCase()) ?? all;
    const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1));
    return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : all;
  });
}

interface Search {
  parts: number;
  limit?: PartlyRead;
  /** The first text/html part, converted only when no text/plain part is found. */
  html?: { headers: Headers; body: Uint8Array; charset: string | undefined; cut: boolean };
}

/** The first text/plain part, decoded; null when none. `cut`: the body's end was dropped. */
function findPlain(headers: Headers, body: Uint8Array, cut: boolean, depth: number, search: Search): string | null {
  const { value: type, params } = parseParams(headerValue(headers, 'content-type') ?? 'text/plain');
  if (type.startsWith('multipart/') && params.boundary) {
    if (depth >= MAX_DEPTH) {
      search.limit ??= 'too-complex';
      return null;
    }
    for (const [start, end] of multipartRanges(body, params.boundary)) {
      if (++search.parts > MAX_PARTS) {
        search.limit ??= 'too-complex';
        return null;
      }
      const part = body.subarray(start, end);
      const split = headerEnd(part);
      const found = findPlain(parseHeaders(part, 0, split), part.subarray(split), cut && end === body.length, depth + 1, search);
      if (found !== null || search.parts > MAX_PARTS) return found;
    }
    return null;
  }
  if (parseParams(headerValue(headers, 'content-disposition')).value === 'attachment') return null;
  if (type === 'text/plain' || type === '' || type === 'text') {
    if (cut || body.length > PART_LIMIT) search.limit ??= 'too-large';
    return decodePart(headers, body, params.charset);
  }
  if (type === 'text/html') search.html ??= { headers, body, charset: params.charset, cut };
  return null;
}

/**
 * The first text/plain part of a message body (else its first text/html as text), decoded; text '' when
 * none. `cut`: the body's end was dropped (the message was longer than the bytes kept of it). The work is
 * bounded: at most 64 kB of a part is decoded, multiparts are read 6 levels and 200 parts deep, and
 * `partlyRead` tells when one of these limits may have hidden text.
 */
export function bodyText(headers: Headers, body: Uint8Array, cut = false): BodyText {
  const search: Search = { parts: 0 };
  const plain = findPlain(headers, body, cut, 0, search);
  let found: BodyText = { text: plain ?? '', html: false };
  if (plain === null && search.html) {
    const html = search.html;
    if (html.cut || html.body.length > PART_LIMIT) search.limit ??= 'too-large';
    found = { text: htmlToText(decodePart(html.headers, html.body, html.charset)), html: true };
  } else if (plain === null && cut) search.limit ??= 'too-large';
  return search.limit ? { ...found, partlyRead: search.limit } : found;
}

// An attribution line is short; a longer line is not searched for one. Each pattern is linear in the line.
const ATTRIBUTION_MAX = 500;
const ATTRIBUTION = /^on\b.*wrote:$|<[^<>@\s]+@[^<>\s]+>\s*wrote:$|(?:のメッセージ|書きました)[:：]?$/i;

/** What the sender wrote: quoted lines and the quoted original after "On … wrote:" left out, spaces collapsed. */
export function ownWords(text: string, maxChars = 2000): string {
  const kept: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (/^-{2,}\s*(original message|forwarded message)|^_{5,}$|^-----/i.test(trimmed)) break;
    if (kept.length > 0 && trimmed.length <= ATTRIBUTION_MAX && ATTRIBUTION.test(trimmed)) break;
    if (trimmed.startsWith('>')) continue;
    kept.push(trimmed);
  }
  return kept.join(' ').replace(/\s+/g, ' ').trim().slice(0, maxChars);
}
