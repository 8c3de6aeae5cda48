import type { RecipientState } from './types';

// queued → sending → sent (→ sending for the next step) ; sending → retrying → sending …
// failed and skipped are final. A state may "move" to itself to patch fields under compare-and-set.
const ALLOWED: Record<RecipientState, readonly RecipientState[]> = {
  queued: ['queued', 'sending', 'skipped', 'failed'],
  sending: ['sent', 'retrying', 'failed'],
  retrying: ['retrying', 'sending', 'sent', 'skipped', 'failed'],
  sent: ['sent', 'sending', 'skipped', 'failed'],
  failed: [],
  skipped: [],
};

/** Whether a recipient may move from one state to another. */
export function canTransition(from: RecipientState, to: RecipientState): boolean {
  return ALLOWED[from].includes(to);
}

/** Throws when a transition is not allowed. */
export function assertTransition(from: RecipientState, to: RecipientState): void {
  if (!canTransition(from, to)) throw new Error(`recipient cannot go from ${from} to ${to}`);
}

/** Whether nothing more will ever happen to a recipient in this state. */
export function isFinal(state: RecipientState): boolean {
  return ALLOWED[state].length === 0;
}
