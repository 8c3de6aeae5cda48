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
  for (const entry of addressParser(value)) add(entry);
  return list;
}
