// The sync host's worker (lib/team/host-worker.ts) over a real MessageChannel: the page's "start" starts one host with
// the team it names; what the host reports (health, a lasting refusal, the pass done) comes back to the page as messages;
// a second "start" starts nothing; "stop" stops the host and says so.
import { afterEach, describe, expect, it } from 'vitest';
import type { TeamConfig, TeamHealth } from '../../../lib/team/config';
import type { startTeamHost, TeamHostOptions } from '../../../lib/team/host';
import { serveTeamHost, type FromHostWorker, type HostWorkerScope, type ToHostWorker } from '../../../lib/team/host-worker';

const config: TeamConfig = { serverUrl: 'ws://127.0.0.1:1', token: 'kzn1_abcdefghij_secret', teamId: 'abcdefghij', memberName: 'Aiko Sato', joinedAt: 1 };
const health: TeamHealth = { scope: 'read-write', shards: { book: { state: 'connected', pending: 0 } }, log: [], updatedAt: 2 };

const channels: MessageChannel[] = [];
afterEach(() => channels.splice(0).forEach((c) => (c.port1.close(), c.port2.close())));

/** A worker scope on one end of a channel, the page on the other; the fake host records what it was started with. */
function setUp(ready: () => Promise<void> = () => new Promise<void>(() => {})) {
  const channel = new MessageChannel();
  channels.push(channel);
  const started: TeamHostOptions[] = [];
  let stops = 0;
  const fake = ((options: TeamHostOptions) => {
    started.push(options);
    return { ready: ready(), docs: new Map(), health: () => health, stop: async () => void stops++ };
  }) as typeof startTeamHost;
  serveTeamHost(channel.port2 as unknown as HostWorkerScope, fake);
  channel.port2.start();
  const received: FromHostWorker[] = [];
  const waiters: (() => void)[] = [];
  channel.port1.onmessage = ({ data }: MessageEvent<FromHostWorker>) => (received.push(data), waiters.splice(0).forEach((w) => w()));
  const page = {
    send: (message: ToHostWorker) => channel.port1.postMessage(message),
    /** Resolves once the page has received `n` messages in all. */
    received: async (n: number) => {
      while (received.length < n) await new Promise<void>((resolve) => waiters.push(resolve));
      return received;
    },
  };
  return { page, started, stops: () => stops };
}

describe('the sync host’s worker', () => {
  it('starts the host with the team the page sends, once, and passes its reports back', async () => {
    const { page, started } = setUp();
    page.send({ type: 'start', config, scope: 'readonly', log: [{ at: 1, code: 'reconnected' }] });
    expect(await page.received(1)).toEqual([{ type: 'running' }]);
    expect(started).toHaveLength(1);
    expect(started[0]).toMatchObject({ config, knownScope: 'readonly', log: [{ at: 1, code: 'reconnected' }] });

    page.send({ type: 'start', config: { ...config, memberName: 'Someone else' }, log: [] });
    await started[0]!.writeHealth(health);
    await started[0]!.onLeft('member-removed');
    started[0]!.onPassDone!();
    expect(await page.received(4)).toEqual([{ type: 'running' }, { type: 'health', health }, { type: 'left', teamId: 'abcdefghij', reason: 'member-removed' }, { type: 'pass-done' }]);
    expect(started).toHaveLength(1);
  });

  it('says when the host could not start', async () => {
    const { page } = setUp(() => Promise.reject(new Error('the team document’s local copy is not open')));
    page.send({ type: 'start', config, log: [] });
    expect(await page.received(2)).toEqual([{ type: 'running' }, { type: 'failed', message: 'the team document’s local copy is not open' }]);
  });

  it('stops the host when the page says stop, and answers stopped', async () => {
    const { page, stops } = setUp();
    page.send({ type: 'start', config, log: [] });
    await page.received(1);
    page.send({ type: 'stop' });
    expect((await page.received(2))[1]).toEqual({ type: 'stopped' });
    expect(stops()).toBe(1);
  });
});
