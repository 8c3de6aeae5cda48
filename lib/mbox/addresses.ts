import { addressParser, type Address as ParsedAddress } from 'postal-mime';

export interface Address {
  /** Display name, decoded; '' when none. */
  name: string;
  /** Lower-cased. */
  address: string;
}

// An obsolete route (RFC 5322 §4.4): "<@relay1,@relay2:user@host>" is user@host.
const ROUTE = /^(?:@[^,:@\s]*[\s,]*)+:/;

/**
 * Parses an address-list header with postal-mime's parser (display names, quoted strings, comments,
 * groups, encoded-words, an address after words without angle brackets), then mends what it leaves:
 * an unquoted comma in a display name ("Doe, John <john@x.com>"), obsolete routes, letter case.
 */
export function parseAddressList(value: string | undefined): Address[] {
  const list: Address[] = [];
  if (!value) return list;
  // Words before a comma that name no mailbox are the start of the next mailbox's display name.
  let pending = '';
  const add = (entry: ParsedAddress) => {
    if (entry.group) {
      pending = '';
      for (const member of entry.group) add(member);
      return;
    }
    const address = entry.address.replace(ROUTE, '').replace(/\s+/g, '').toLowerCase();
    const name = entry.name.replace(/\s+/g, ' ').trim();
    if (!address) {
      if (name) pending = pending ? `${pending}, ${name}` : name;
      return;
    }
    list.push({ name: pending ? (name ? `${pending}, ${name}` : pending) : name, address });
    pending = '';
  };
  // postal-mime's parser is slower than linear on some crafted values (a long run of ':' takes it
  // seconds at 64 kB), so it is given one mailbox at a time, each at most a line's length.
  for (const part of topLevelParts(value)) for (const entry of addressParser(part.slice(0, MAX_MAILBOX))) add(entry);
  return list;
}

/** RFC 5322's line limit: no real mailbox, name included, is longer. */
const MAX_MAILBOX = 998;

/** The value cut at each comma outside quotes, angle brackets and comments, in one pass. */
function topLevelParts(value: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let quoted = false;
  let angle = false;
  let depth = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\') i++;
    else if (quoted) quoted = c !== '"';
    else if (c === '"') quoted = true;
    else if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (depth > 0) continue;
    else if (c === '<') angle = true;
    else if (c === '>') angle = false;
    else if (c === ',' && !angle) {
      parts.push(value.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(value.slice(start));
  return parts.filter((p) => p.trim() !== '');
}
