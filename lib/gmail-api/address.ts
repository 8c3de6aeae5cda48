import { encodedWords, isPrintableAscii } from './encoding';

// Deliberately stricter than RFC 5322: a campaign should only go to plain, deliverable addresses
// (dot-atom local part, dotted domain with a letter TLD), never to quoted or bracketed forms.
const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** Whether a string is a plain, sendable email address (local@domain.tld, no spaces or display name). */
export function isValidAddress(address: string): boolean {
  if (address.length > 254) return false;
  const at = address.lastIndexOf('@');
  if (at < 1) return false;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (local.length > 64 || !LOCAL.test(local)) return false;
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l))) return false;
  return /^[A-Za-z]{2,63}$/.test(labels[labels.length - 1]!) || /^xn--[A-Za-z0-9-]+$/.test(labels[labels.length - 1]!);
}

/** The lower-cased address inside a From/To value such as `"Ann" <Ann@Acme.com>` or a bare address. */
export function addressOf(value: string): string {
  const angle = /<([^<>]+)>\s*$/.exec(value);
  return (angle ? angle[1]! : value).trim().toLowerCase();
}

/** The domain of an address (lower-cased), or '' when there is none. */
export function domainOfAddress(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? '' : address.slice(at + 1).toLowerCase();
}

/**
 * A mailbox for an address header: the bare address, or `Name <address>` with the name quoted
 * or RFC 2047 encoded. Throws on an invalid address or a name holding a line break.
 */
export function formatMailbox(address: string, name?: string): string {
  if (!isValidAddress(address)) throw new MimeError(`invalid address: ${JSON.stringify(address.slice(0, 80))}`);
  if (!name) return address;
  if (/[\r\n\0]/.test(name)) throw new MimeError('a display name contains a line break');
  if (!isPrintableAscii(name)) return `${encodedWords(name, 75, 75).join(' ')} <${address}>`;
  const atom = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~ -]+$/.test(name);
  return atom ? `${name} <${address}>` : `"${name.replace(/(["\\])/g, '\\$1')}" <${address}>`;
}

/** A message that cannot be built safely (bad address, line break in a header, …). */
export class MimeError extends Error {
  override name = 'MimeError';
}
