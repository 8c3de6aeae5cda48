import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../lib/campaigns/memory-store';
import { assertTransition, canTransition, isFinal } from '../../../lib/campaigns/state-machine';
import { RECIPIENT_STATES, type Recipient, type RecipientState } from '../../../lib/campaigns/types';

const allowed: [RecipientState, RecipientState][] = [
  ['queued', 'sending'],
  ['queued', 'skipped'],
  ['queued', 'failed'],
  ['queued', 'queued'],
  ['sending', 'sent'],
  ['sending', 'retrying'],
  ['sending', 'failed'],
  ['retrying', 'sending'],
  ['retrying', 'sent'],
  ['retrying', 'skipped'],
  ['retrying', 'failed'],
  ['retrying', 'retrying'],
  ['sent', 'sending'],
  ['sent', 'skipped'],
  ['sent', 'failed'],
  ['sent', 'sent'],
];

describe('recipient state machine', () => {
  it('allows exactly the listed transitions', () => {
    for (const from of RECIPIENT_STATES) {
      for (const to of RECIPIENT_STATES) {
        const expected = allowed.some(([f, t]) => f === from && t === to);
        expect(canTransition(from, to), `${from} → ${to}`).toBe(expected);
      }
    }
  });

  it('never leaves failed or skipped, and never re-sends without passing through sending', () => {
    expect(isFinal('failed') && isFinal('skipped')).toBe(true);
    expect(isFinal('sent')).toBe(false);
    expect(() => assertTransition('queued', 'sent')).toThrow(/queued to sent/);
    expect(() => assertTransition('sending', 'sending')).toThrow();
  });

  it('the store applies a transition only from the expected state (compare-and-set)', async () => {
    const store = createMemoryStore();
    const r: Recipient = { id: 'r1', campaignId: 'c1', contactId: 1, email: 'a@b.com', step: 0, state: 'queued', sentMessageIds: [], attempts: 0, nextAttemptAt: 5, updatedAt: 0 };
    await store.addRecipients([r]);
    const claimed = await store.transition('r1', 'queued', 'sending', { attempts: 1, nextAttemptAt: undefined });
    expect(claimed).toMatchObject({ state: 'sending', attempts: 1 });
    expect(claimed && 'nextAttemptAt' in claimed).toBe(false);
    // A second claimer loses.
    expect(await store.transition('r1', 'queued', 'sending', {})).toBeUndefined();
    await expect(store.transition('r1', 'sending', 'queued', {})).rejects.toThrow();
    await store.transition('r1', 'sending', 'sent', {}, { at: 10, count: 2, kind: 'send' });
    expect(store.ledger()).toMatchObject([{ at: 10, count: 2, kind: 'send' }]);
    await expect(store.addRecipients([r])).rejects.toThrow(/already exists/);
  });
});
