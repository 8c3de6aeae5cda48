import type { Person, ThreadSnapshot } from '../protocol';

/** The user's own addresses (signed-in address and aliases), lower-cased. */
export function ownAddresses(userEmail: string | null, aliases: readonly string[]): Set<string> {
  const own = new Set(aliases.map((a) => a.trim().toLowerCase()).filter(Boolean));
  if (userEmail) own.add(userEmail.toLowerCase());
  return own;
}

/**
 * Every external participant of a thread in order of first appearance, and the one to show first:
 * the last external sender (or, when only the user wrote, the last external recipient).
 */
export function externalParticipants(thread: ThreadSnapshot, own: ReadonlySet<string>): { people: Person[]; initial: string | null } {
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
