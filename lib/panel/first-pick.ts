// Which contact the side panel's first paint shows: the one the app would select first (App.tsx), worked out from the
// raw snapshot and stored settings, before zod and the app have loaded (issue 13). Anything unexpected gives null
// (no first paint: the app shows what it shows, as before).
import type { CustomField } from '../settings';
import type { Person, ThreadSnapshot } from '../protocol';
import { externalParticipants, ownAddresses } from '../contacts/participants';
import { isNeverLogged } from '../contacts/never-log';

/** The first paint's subject: the participant the app selects first, the thread's participants and the page's theme. */
export interface FirstPick {
  email: string;
  people: Person[];
  theme: 'light' | 'dark';
  /** Gmail's page did not say who is signed in and no alias is set (the app warns above the profile). */
  userUnknown: boolean;
  customFields: CustomField[];
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isPerson = (v: unknown): v is Person => isObject(v) && typeof v.email === 'string' && typeof v.name === 'string';
const isPeople = (v: unknown): v is Person[] => Array.isArray(v) && v.every(isPerson);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);

/** A Port message that is a thread's snapshot (checked as far as the first paint reads it; the app parses it whole). */
export function threadOf(message: unknown): ThreadSnapshot | null {
  if (!isObject(message) || message.type !== 'snapshot' || !isObject(message.snapshot)) return null;
  const s = message.snapshot;
  if (s.status !== 'thread' || typeof s.threadId !== 'string' || (s.userEmail !== null && typeof s.userEmail !== 'string')) return null;
  if (s.theme !== 'light' && s.theme !== 'dark') return null;
  if (!Array.isArray(s.messages) || s.messages.length === 0) return null;
  const readable = s.messages.every((m) => isObject(m) && isPerson(m.from) && isPeople(m.to) && isPeople(m.cc));
  return readable ? (s as unknown as ThreadSnapshot) : null;
}

/** The contact the app shows first for this snapshot message and these stored settings (raw), or null. */
export function firstPick(message: unknown, storedSettings: unknown): FirstPick | null {
  const thread = threadOf(message);
  if (!thread) return null;
  const settings = isObject(storedSettings) ? storedSettings : {};
  const aliases = strings(settings.aliases);
  const { people, initial } = externalParticipants(thread, ownAddresses(thread.userEmail, aliases, strings(settings.gmailAccounts)));
  if (!initial || isNeverLogged(initial, strings(settings.neverLog))) return null;
  const customFields = Array.isArray(settings.customFields) ? settings.customFields.filter((f): f is CustomField => isObject(f) && typeof f.key === 'string' && typeof f.label === 'string') : [];
  return { email: initial, people, theme: thread.theme, userUnknown: !thread.userEmail && aliases.length === 0, customFields };
}
