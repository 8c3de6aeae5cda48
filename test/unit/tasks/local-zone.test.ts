import { afterEach, describe, expect, it, vi } from 'vitest';
import { localTimeZone } from '../../../lib/tasks/local-zone';

describe('localTimeZone', () => {
  afterEach(() => vi.restoreAllMocks());

  it('asks Intl once a minute, not at every call (each ask builds a DateTimeFormat: the side panel’s task list asked at every render)', () => {
    const ask = vi.spyOn(Intl, 'DateTimeFormat');
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
    ask.mockClear();
    const t = 10 ** 12;
    expect(localTimeZone(t)).toBe(zone);
    const first = ask.mock.calls.length;
    for (let i = 1; i <= 50; i++) expect(localTimeZone(t + i * 1000)).toBe(zone);
    expect(ask.mock.calls.length).toBe(first);
    // A minute later (a laptop that travelled), it asks again.
    localTimeZone(t + 120_000);
    expect(ask.mock.calls.length).toBe(first + 1);
  });
});
