// @vitest-environment jsdom
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { db } from '../../../lib/db';
import { contactStoreOf } from '../../../lib/contacts/dexie-store';
import { liveSource, NONE, useLiveSource, type LiveSource } from '../../../entrypoints/sidebar/live-source';
import { useContactProfile } from '../../../entrypoints/sidebar/use-contact-data';
import { contact } from '../risk/fixtures';

function Profile({ email }: { email: string }) {
  const data = useContactProfile(email);
  return <p>{data?.contact.email ?? 'loading'}</p>;
}

describe('the sidebar’s live reads', () => {
  it('a null key asks for nothing: no query runs, nothing is kept (the side panel’s details between a switch and its paint)', async () => {
    const runs: (string | null)[] = [];
    const source = liveSource(async (key) => (runs.push(key), `value of ${key}`), { keep: 1 });
    function Details({ of, from }: { of: string | null; from: LiveSource<string> }) {
      return <p>{useLiveSource(from, of, false) ?? 'nothing'}</p>;
    }
    expect(renderToString(<Details of={null} from={source} />)).toContain('nothing');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(runs).toEqual([]);
    expect(source.read('')).toBe(NONE);
    renderToString(<Details of="k" from={source} />);
    await vi.waitFor(() => expect(runs).toEqual(['k']), { timeout: 2000 });
  });

  it('the profile’s read starts in the render that shows an address, before any effect runs (a thread switch waits for no commit)', async () => {
    await db.contacts.add(contact({ id: 7, email: 'dana@acme.example' }));
    const byEmail = vi.spyOn(contactStoreOf(db), 'rowByEmail');
    // A server render runs no effects at all: a read that waits for the commit's effects never starts here.
    // Started by the render, not by a timer (Dexie's liveQuery starts its first run with setTimeout(…, 0), after the
    // frame the switch's render caused): with timers held, only microtasks run here.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      expect(renderToString(<Profile email="dana@acme.example" />)).toContain('loading');
      for (let i = 0; i < 10; i++) await Promise.resolve();
      expect(byEmail).toHaveBeenCalledWith('dana@acme.example');
    } finally {
      vi.useRealTimers();
      byEmail.mockRestore();
    }
  });

  it('an eager key’s first result comes from a read started at once; a write made before the live query follows is still seen', async () => {
    await db.contacts.add(contact({ id: 21, email: 'eager@acme.example' }));
    const runs: string[] = [];
    const source = liveSource(
      async (key) => {
        runs.push(key);
        return (await db.contacts.get(21))?.name;
      },
      { eager: true },
    );
    const heard = vi.fn();
    const stop = source.listen('k', heard);
    expect(runs).toEqual(['k']);
    await vi.waitFor(() => expect(source.read('k')).not.toBe(NONE), { timeout: 2000 });
    const first = source.read('k');
    await db.contacts.update(21, { name: 'Renamed right away' });
    await vi.waitFor(() => expect(source.read('k')).toBe('Renamed right away'), { timeout: 2000 });
    expect(first).not.toBe('Renamed right away');
    stop();
  });

  it('a live result equal to the last one is not passed on (a write elsewhere re-renders nothing)', async () => {
    const runs: number[] = [];
    const source = liveSource(async () => {
      const count = await db.contacts.count();
      runs.push(count);
      return { big: count > 1000 };
    });
    const heard = vi.fn();
    const stop = source.listen('s', heard);
    await vi.waitFor(() => expect(heard).toHaveBeenCalledTimes(1), { timeout: 2000 });
    const before = runs.length;
    // The query runs again (it counts the table) and returns what it returned before.
    await db.contacts.add(contact({ id: 41, email: 'other@acme.example' }));
    await vi.waitFor(() => expect(runs.length).toBeGreaterThan(before), { timeout: 2000 });
    await new Promise((r) => setTimeout(r, 50));
    expect(heard).toHaveBeenCalledTimes(1);
    stop();
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
      const stopControl = source.listen('control', () => undefined);
      source.open('b'); // a render that was thrown away
      await vi.waitFor(() => expect([...runs].sort()).toEqual(['a', 'b', 'control']), { timeout: 2000 });
      stop();
      await vi.advanceTimersByTimeAsync(5000);
      runs.length = 0;
      // A write re-runs the queries still followed (the control), and no other.
      await db.contacts.add(contact({ id: 9, email: 'y@acme.example' }));
      await vi.waitFor(() => expect(runs).toContain('control'), { timeout: 2000 });
      expect(runs).toEqual(['control']);
      stopControl();
    } finally {
      vi.useRealTimers();
    }
  });

  it('with `keep`, the keys last read stay followed after their readers left: back to one, its result is there at once', async () => {
    const runs: string[] = [];
    const source = liveSource(
      async (key) => {
        runs.push(key);
        return `${key}:${await db.contacts.count()}`;
      },
      { keep: 2 },
    );
    // Three keys read one after another, as three thread switches; each reader leaves when the next arrives.
    for (const key of ['a', 'b', 'c']) {
      const stop = source.listen(key, () => undefined);
      await vi.waitFor(() => expect(source.read(key)).not.toBe(NONE), { timeout: 2000 });
      stop();
    }
    await new Promise((r) => setTimeout(r, 20));
    // The two last read are still there, and followed: a write re-runs them and not the first.
    expect(source.read('a')).toBe(NONE);
    expect([source.read('b'), source.read('c')]).not.toContain(NONE);
    runs.length = 0;
    await db.contacts.add(contact({ id: 61, email: 'kept@acme.example' }));
    const count = await db.contacts.count();
    await vi.waitFor(() => expect(source.read('c')).toBe(`c:${count}`), { timeout: 2000 });
    await vi.waitFor(() => expect(source.read('b')).toBe(`b:${count}`), { timeout: 2000 });
    expect(runs.sort()).toEqual(['b', 'c']);
    // Reading b again renders its result with no new read; reading a again reads it.
    runs.length = 0;
    const heard = vi.fn();
    const stopB = source.listen('b', heard);
    expect(source.read('b')).toBe(`b:${count}`);
    const stopA = source.listen('a', () => undefined);
    await vi.waitFor(() => expect(source.read('a')).not.toBe(NONE), { timeout: 2000 });
    expect(runs).toEqual(['a']);
    stopA();
    stopB();
  });

  it('settled(key) resolves once the key has its first result (at once for a key nobody asked for)', async () => {
    await db.contacts.add(contact({ id: 71, email: 'settled@acme.example' }));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const source = liveSource(
      async () => {
        await gate;
        return (await db.contacts.get(71))?.email;
      },
      { eager: true },
    );
    await source.settled('never-asked');
    const stop = source.listen('k', () => undefined);
    let settled = false;
    const done = source.settled('k').then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false);
    release();
    await done;
    expect(source.read('k')).toBe('settled@acme.example');
    stop();
  });

  it('a reader that arrives after its render’s query ended (a very late commit) starts it again and gets results', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const source = liveSource(async (key) => `${key}:${await db.contacts.count()}`);
      source.open('late');
      await vi.advanceTimersByTimeAsync(5000);
      const heard = vi.fn();
      const stop = source.listen('late', heard);
      // waitFor advances the fake clock between its checks; the database works on its own (real) schedule.
      await vi.waitFor(() => expect(heard).toHaveBeenCalled(), { timeout: 2000 });
      expect(source.read('late')).not.toBe(NONE);
      stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
