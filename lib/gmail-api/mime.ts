import { MimeError, formatMailbox, isValidAddress } from './address';
import { base64Body, encodedWords, isPrintableAscii, quotedPrintableBody } from './encoding';

export interface Mailbox {
  address: string;
  name?: string;
}

export interface MailMessage {
  from: Mailbox;
  to: Mailbox[];
  cc?: Mailbox[];
  bcc?: Mailbox[];
  subject: string;
  text: string;
  /** `<local@domain>`, chosen before sending so a lost answer can be looked up in Sent. */
  messageId: string;
  inReplyTo?: string;
  /** Message-IDs of the earlier messages in the thread, oldest first. */
  references?: string[];
  /** A mailto address (gets `?subject=unsubscribe`) and/or an https one-click URL (RFC 8058). */
  listUnsubscribe?: { mailto?: string; url?: string };
  /** Epoch ms for the Date header. */
  date: number;
  /** Body transfer encoding; by default quoted-printable for mostly-ASCII text, else base64. */
  encoding?: 'base64' | 'quoted-printable';
}

const MAX_LINE = 76;
const MSG_ID = /^<[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9.-]+>$/;

/** Builds an RFC 2822 message (CRLF line endings) ready for `users.messages.send`; throws MimeError on unsafe input. */
export function buildMessage(m: MailMessage): string {
  if (m.to.length === 0) throw new MimeError('a message needs at least one To address');
  for (const id of [m.messageId, ...(m.inReplyTo ? [m.inReplyTo] : []), ...(m.references ?? [])]) {
    if (!MSG_ID.test(id)) throw new MimeError(`invalid Message-ID: ${JSON.stringify(id.slice(0, 80))}`);
  }
  const encoding = m.encoding ?? (mostlyAscii(m.text) ? 'quoted-printable' : 'base64');
  const headers: string[] = [`From: ${formatMailbox(m.from.address, m.from.name)}`, addressHeader('To', m.to)];
  if (m.cc?.length) headers.push(addressHeader('Cc', m.cc));
  if (m.bcc?.length) headers.push(addressHeader('Bcc', m.bcc));
  headers.push(subjectHeader(m.subject), `Date: ${rfc2822Date(m.date)}`, `Message-ID: ${m.messageId}`);
  if (m.inReplyTo) headers.push(`In-Reply-To: ${m.inReplyTo}`);
  if (m.references?.length) headers.push(foldList('References', m.references, ' '));
  headers.push(...unsubscribeHeaders(m.listUnsubscribe));
  headers.push('MIME-Version: 1.0', 'Content-Type: text/plain; charset=UTF-8', `Content-Transfer-Encoding: ${encoding}`);
  // Text is canonical CRLF before encoding (RFC 2045 §6.8), whichever line endings the template used.
  const text = m.text.replace(/\r\n|\r|\n/g, '\r\n');
  const body = encoding === 'base64' ? `${base64Body(text)}\r\n` : quotedPrintableBody(text);
  return `${headers.join('\r\n')}\r\n\r\n${body}${body.endsWith('\r\n') ? '' : '\r\n'}`;
}

/** A unique Message-ID such as `<kz.c1.c1-7.0.k3j9x2@acme.com>` for one recipient and step. */
export function createMessageId(parts: { campaignId: string; recipientId: string; step: number; domain: string }): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9-]/g, '-').slice(0, 64) || 'x';
  const random = Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(36).padStart(2, '0')).join('');
  const domain = /^[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/.test(parts.domain) ? parts.domain.toLowerCase() : 'kizuna.local';
  return `<kz.${safe(parts.campaignId)}.${safe(parts.recipientId)}.${parts.step}.${random}@${domain}>`;
}

/** The Subject header, RFC 2047 B-encoded in UTF-8 when not plain ASCII, folded under 76 characters. */
export function subjectHeader(subject: string): string {
  noLineBreak('Subject', subject);
  if (isPrintableAscii(subject)) {
    const line = `Subject: ${subject}`;
    return line.length <= MAX_LINE ? line : foldList('Subject', subject.split(' ').filter(Boolean), ' ');
  }
  const words = encodedWords(subject, MAX_LINE - 'Subject: '.length, MAX_LINE - 1);
  return `Subject: ${words.join('\r\n ')}`;
}

/** RFC 2822 date-time in UTC, e.g. `Tue, 03 Feb 2026 09:05:00 +0000`. */
export function rfc2822Date(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) throw new MimeError('invalid Date');
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]}, ${p(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

function addressHeader(name: string, boxes: Mailbox[]): string {
  return foldList(
    name,
    boxes.map((b) => formatMailbox(b.address, b.name)),
    ', ',
  );
}

function unsubscribeHeaders(u: MailMessage['listUnsubscribe']): string[] {
  if (!u || (!u.mailto && !u.url)) return [];
  const uris: string[] = [];
  if (u.mailto) {
    if (!isValidAddress(u.mailto)) throw new MimeError('invalid List-Unsubscribe address');
    uris.push(`<mailto:${u.mailto}?subject=unsubscribe>`);
  }
  if (u.url) {
    if (!/^https:\/\/[^\s<>"]+$/.test(u.url)) throw new MimeError('List-Unsubscribe URL must be https');
    uris.push(`<${u.url}>`);
  }
  const out = [foldList('List-Unsubscribe', uris, ', ')];
  // One-click (RFC 8058) only makes sense with an HTTPS endpoint; a mailto cannot receive the POST.
  if (u.url) out.push('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
  return out;
}

/** `Name: a, b, …` folded with CRLF+space so lines stay under 76 characters where possible. */
function foldList(name: string, items: string[], separator: string): string {
  const lines: string[] = [];
  let line = `${name}:`;
  items.forEach((item, i) => {
    noLineBreak(name, item);
    const piece = (i === 0 ? ' ' : '') + item + (i < items.length - 1 ? separator.trimEnd() : '');
    if (i > 0 && line.length + 1 + piece.length > MAX_LINE) {
      lines.push(line);
      line = ` ${piece}`;
    } else {
      line += (i === 0 ? '' : ' ') + piece;
    }
  });
  lines.push(line);
  return lines.join('\r\n');
}

function noLineBreak(header: string, value: string): void {
  if (/[\r\n\0]/.test(value)) throw new MimeError(`${header} contains a line break`);
}

function mostlyAscii(text: string): boolean {
  let ascii = 0;
  for (const ch of text) if (ch.charCodeAt(0) < 128) ascii++;
  return text.length === 0 || ascii / text.length > 0.9;
}
