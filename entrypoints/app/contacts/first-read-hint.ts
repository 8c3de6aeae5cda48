// Where the contacts list's first page was when the app last opened on it (issue 16), kept in localStorage (the first
// paint reads it anyway: the chosen columns), so that app.html's first script asks for the rows' tags, scores and
// companies beside the rows, not a round trip after them. Only a guess: first-read.ts asks for what it missed.
import type { FirstPage } from '@/lib/workspace/first-page';
import type { FirstReadHint } from './first-read';

const HINT_KEY = 'kizuna:first-read-hint';

/** The hint saved by the last first read, if any and well formed: [first id, last id, ...company ids]. */
export function loadFirstReadHint(local: Pick<Storage, 'getItem'>): FirstReadHint | undefined {
  try {
    const hint: unknown = JSON.parse(local.getItem(HINT_KEY) ?? 'null');
    if (Array.isArray(hint) && hint.length > 1 && hint.every((id) => Number.isSafeInteger(id)) && hint[0] <= hint[1]) return hint as number[];
  } catch {
    // Not JSON: no hint.
  }
}

/** Saves where this first page is (setting the same value again changes nothing); an empty page leaves no hint. */
export function saveFirstReadHint(local: Pick<Storage, 'setItem' | 'removeItem'>, { contacts, companies }: FirstPage): void {
  try {
    if (!contacts.length) return local.removeItem(HINT_KEY);
    local.setItem(HINT_KEY, JSON.stringify([contacts[0].id, contacts[contacts.length - 1].id, ...companies.map((company) => company.id)]));
  } catch {
    // No storage (a full quota, a sandbox): the next read takes two round trips, as without a hint.
  }
}
