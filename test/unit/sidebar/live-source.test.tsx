// @vitest-environment jsdom
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { db } from '../../../lib/db';
import { liveSource } from '../../../entrypoints/sidebar/live-source';
import { useContactData } from '../../../entrypoints/sidebar/use-contact-data';
import { contact } from '../risk/fixtures';

function Profile({ email }: { email: string }) {
  const data = useContactData(email);
  return <p>{data?.contact.email ?? 'loading'}</p>;
}

describe('the sidebar’s live reads', () => {
  it('the profile’s read starts in the render that shows an address, before any effect runs (a thread switch waits for no commit)', async () => {
    await db.contacts.add(contact({ id: 7, email: 'dana@acme.example' }));
    const where = vi.spyOn(db.contacts, 'where');
    // A server render runs no effects at all: a read that waits for the commit's effects never starts here.
    expect(renderToString(<Profile email="dana@acme.example" />)).toContain('loading');
    await vi.waitFor(() => expect(where).toHaveBeenCalledWith('email'), { timeout: 2000 });
    where.mockRestore();
  });

  it('a key’s live query ends when its last reader leaves, and one opened by a render that never committed ends too', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const runs: string[] = [];
      const source = liveSource(async (key) => {
        runs.push(key);
        return db.contacts.count();
      });
      const stop = source.listen('a', () => undefined);
      source.open('b'); // a render that was thrown away
      await vi.advanceTimersByTimeAsync(10);
      expect(runs.sort()).toEqual(['a', 'b']);
      // A write re-runs the followed query.
      await db.contacts.add(contact({ id: 8, email: 'x@acme.example' }));
      await vi.advanceTimersByTimeAsync(10);
      expect(runs.filter((k) => k === 'a').length).toBeGreaterThan(1);
      stop();
      await vi.advanceTimersByTimeAsync(5000);
      runs.length = 0;
      await db.contacts.add(contact({ id: 9, email: 'y@acme.example' }));
      await vi.advanceTimersByTimeAsync(100);
      expect(runs).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });
});
