// The side panel records every thread it is shown (issue 13): a thread it recorded already, with nothing changed since,
// is not read again on the next switch to it.
import { describe, expect, it } from 'vitest';
import { actions } from '../../../entrypoints/sidebar/actions';
import { db } from '../../../lib/db';
import { contactStoreOf } from '../../../lib/contacts/dexie-store';
import { DEFAULT_SETTINGS } from '../../../lib/settings';
import type { ThreadSnapshot } from '../../../lib/protocol';
import { watchRequests, type SeenRequest } from '../../support/watch-requests';

// Before the database opens: every request the records make.
const seen: SeenRequest[] = [];
watchRequests(db, (request) => seen.push(request));

const me = { email: 'me@us.example', name: 'Me' };
const thread = (threadId: string, from: { email: string; name: string }): ThreadSnapshot => ({
  status: 'thread',
  threadId,
  subject: 'Hello',
  userEmail: me.email,
  theme: 'light',
  messages: [{ messageId: `${threadId}-m1`, from, to: [me], cc: [], at: 1_700_000_000_000, snippet: 'Hi' }],
});
const settings = { ...DEFAULT_SETTINGS, autoCreate: true };

describe('the side panel’s thread records', () => {
  it('a thread recorded already reads nothing again until a table it reads changes', async () => {
    const dana = thread('t1', { email: 'dana@acme.example', name: 'Dana' });
    const kim = thread('t2', { email: 'kim@acme.example', name: 'Kim' });
    expect(await actions.record(dana, settings)).toMatchObject({ created: 1, messagesAdded: 1 });
    await actions.record(kim, settings);
    // Once more each after the writes: read, nothing to write.
    await actions.record(dana, settings);
    await actions.record(kim, settings);

    seen.length = 0;
    for (let i = 0; i < 3; i++) {
      expect(await actions.record(dana, settings)).toMatchObject({ created: 0, messagesAdded: 0 });
      expect(await actions.record(kim, settings)).toMatchObject({ created: 0, messagesAdded: 0 });
    }
    expect(seen).toEqual([]);

    // Other settings are another question (auto-creation off, a never-log entry): read again.
    await actions.record(dana, { ...settings, autoCreate: false });
    expect(seen.length).toBeGreaterThan(0);

    // The contact deleted elsewhere: the next view of its thread reads again and creates it again.
    const id = (await contactStoreOf(db).byEmail('dana@acme.example'))!.id;
    await contactStoreOf(db).delete([id]);
    seen.length = 0;
    expect(await actions.record(dana, settings)).toMatchObject({ created: 1 });
    expect(seen.some((r) => r.table === 'contacts')).toBe(true);
  });
});
