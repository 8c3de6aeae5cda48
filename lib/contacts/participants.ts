import type { Person, ThreadSnapshot } from '../protocol';

/** Asks whether an address is one of the user's own. */
export interface OwnAddresses {
  has(email: string): boolean;
}

const GMAIL_DOMAINS = new Set(['gmail.com', 'googlemail.com']);

/**
 * The mailbox an address delivers to, for telling the user's own addresses apart: lower-cased, without a
 * "+tag" (Gmail and Google Workspace deliver ann+crm@ to ann@), and for gmail.com without dots.
 */
export function mailboxOf(email: string): string {
  const address = email.trim().toLowerCase();
  const at = address.lastIndexOf('@');
  if (at <= 0) return address;
  let local = address.slice(0, at).replace(/\+.*$/, '');
  let domain = address.slice(at + 1);
  if (GMAIL_DOMAINS.has(domain)) ((local = local.replace(/\./g, '')), (domain = 'gmail.com'));
  return `${local}@${domain}`;
}

/**
 * The user's own addresses: the Gmail account signed in now (read from Gmail), every Gmail account seen
 * signed in before (so the user is never a participant when Gmail's page did not say who is signed in), and the
 * aliases they set; an address with a +tag or, on gmail.com, dots counts as its mailbox.
 */
export function ownAddresses(userEmail: string | null, aliases: readonly string[], accounts: readonly string[] = []): OwnAddresses {
  const own = new Set([...aliases, ...accounts, ...(userEmail ? [userEmail] : [])].map(mailboxOf).filter((a) => a.includes('@')));
  return { has: (email) => own.has(mailboxOf(email)) };
}

/**
 * Every external participant of a thread in order of first appearance, and the one to show first:
 * the last external sender (or, when only the user wrote, the last external recipient).
 */
export function externalParticipants(thread: ThreadSnapshot, own: OwnAddresses): { people: Person[]; initial: string | null } {
  const byEmail = new Map<string, Person>();
  let initial: string | null = null;
  let lastRecipient: string | null = null;
  for (const message of thread.messages) {
    for (const p of [message.from, ...message.to, ...message.cc]) {
      if (own.has(p.email)) continue;
      const known = byEmail.get(p.email);
      if (!known || (!known.name && p.name)) byEmail.set(p.email, p);
    }
    if (!own.has(message.from.email)) initial = message.from.email;
    const external = [...message.to, ...message.cc].filter((p) => !own.has(p.email));
    if (external.length) lastRecipient = external[external.length - 1].email;
  }
  // With no known own address, a sender is still the best first guess.
  return { people: [...byEmail.values()], initial: initial ?? lastRecipient };
}
