import { describe, expect, it } from 'vitest';
import { externalParticipants, mailboxOf, ownAddresses } from '../../../lib/contacts/participants';
import type { ThreadSnapshot } from '../../../lib/protocol';

const person = (email: string, name = '') => ({ email, name });

describe('me is never a participant', () => {
  it('reads an address as the mailbox it delivers to', () => {
    expect(mailboxOf('A.Lex+crm@GoogleMail.com')).toBe('alex@gmail.com');
    expect(mailboxOf('ann+news@acme.com')).toBe('ann@acme.com');
    expect(mailboxOf('ann.lee@acme.com')).toBe('ann.lee@acme.com');
  });
  it('leaves out the signed-in account, earlier accounts and aliases, in any of their spellings', () => {
    const thread: ThreadSnapshot = {
      status: 'thread',
      threadId: 't',
      subject: 's',
      userEmail: null,
      theme: 'light',
      messages: [
        { messageId: 'm1', from: person('dana@acme.com', 'Dana'), to: [person('alex.k@gmail.com')], cc: [person('sales+eu@kizuna.example')], at: 1, snippet: '' },
        { messageId: 'm2', from: person('alexk@gmail.com'), to: [person('dana@acme.com'), person('kim@acme.com')], cc: [], at: 2, snippet: '' },
      ],
    };
    const own = ownAddresses(null, ['Sales@kizuna.example'], ['alexk@gmail.com']);
    const { people, initial } = externalParticipants(thread, own);
    expect(people.map((p) => p.email)).toEqual(['dana@acme.com', 'kim@acme.com']);
    expect(initial).toBe('dana@acme.com');
  });
});
