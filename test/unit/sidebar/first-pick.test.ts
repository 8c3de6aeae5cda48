import { describe, expect, it } from 'vitest';
import { firstPick } from '../../../lib/panel/first-pick';

const person = (email: string, name = '') => ({ email, name });
const message = (from: ReturnType<typeof person>, to: ReturnType<typeof person>[], cc: ReturnType<typeof person>[] = []) => ({ messageId: `m-${from.email}`, from, to, cc, at: 1, snippet: '' });
const ME = person('me@kizuna.example', 'Me');
const snapshot = (messages: ReturnType<typeof message>[], userEmail: string | null = ME.email) => ({
  type: 'snapshot',
  snapshot: { status: 'thread', threadId: 't1', subject: 'Hello', userEmail, messages, theme: 'dark' },
});

// The side panel's first paint shows the contact the app will select first (App.tsx: externalParticipants of the
// snapshot, the user's own addresses left out), from the raw snapshot and settings, before zod has loaded (issue 13).
describe('the side panel’s first pick', () => {
  it('is the last external sender, with the thread’s people, the page’s theme and the custom fields', () => {
    const ana = person('ana@acme.example', 'Ana');
    const bo = person('bo@acme.example', 'Bo');
    const raw = snapshot([message(ana, [ME], [bo]), message(ME, [ana]), message(bo, [ME])]);
    expect(firstPick(raw, { customFields: [{ key: 'plan', label: 'Plan' }, { label: 'no key' }] })).toEqual({
      email: 'bo@acme.example',
      people: [ana, bo],
      theme: 'dark',
      userUnknown: false,
      customFields: [{ key: 'plan', label: 'Plan' }],
    });
  });

  it('leaves out the user’s aliases and Gmail accounts, and warns when Gmail did not say who is signed in', () => {
    const ana = person('ana@acme.example', 'Ana');
    const raw = snapshot([message(ana, [ME]), message(person('sales@kizuna.example'), [ana])], null);
    expect(firstPick(raw, { aliases: ['sales@kizuna.example'], gmailAccounts: [ME.email] })).toMatchObject({ email: 'ana@acme.example', userUnknown: false });
    expect(firstPick(raw, undefined)).toMatchObject({ email: 'sales@kizuna.example', userUnknown: true });
  });

  it('paints nothing for a never-logged address, a page without a thread or a snapshot it cannot read', () => {
    const ana = person('ana@acme.example', 'Ana');
    expect(firstPick(snapshot([message(ana, [ME])]), { neverLog: ['acme.example'] })).toBeNull();
    expect(firstPick({ type: 'snapshot', snapshot: { status: 'none', reason: 'no-thread', userEmail: null, theme: 'light' } }, {})).toBeNull();
    expect(firstPick({ type: 'snapshot', snapshot: { ...snapshot([message(ana, [ME])]).snapshot, messages: [{ from: { email: 1 } }] } }, {})).toBeNull();
    expect(firstPick(snapshot([message(ME, [])]), {})).toBeNull();
    expect(firstPick({ type: 'openPicker' }, {})).toBeNull();
  });
});
