// The sync path's hop marks (lib/team/phases.ts) are for the benchmark, which loads the development build: in
// production `hop` must leave nothing in the page's timeline (issue 17: a page that lives for days paid for them).
import { afterEach, describe, expect, it, vi } from 'vitest';

const hopMarks = () => performance.getEntriesByType('mark').filter((e) => e.name.startsWith('kizuna-hop:'));

describe('hop marks', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
    performance.clearMarks();
  });

  it('leaves no mark outside a development build', async () => {
    vi.stubEnv('WXT_DEV_HOOKS', '');
    const { hop } = await import('../../../lib/team/phases');
    for (let i = 0; i < 10; i++) hop('pull start', { keys: 1 });
    expect(hopMarks()).toEqual([]);
  });

  it('marks each hop, with its detail, in a development build (WXT_DEV_HOOKS=1)', async () => {
    vi.stubEnv('WXT_DEV_HOOKS', '1');
    const { hop } = await import('../../../lib/team/phases');
    hop('pull start', { keys: 1 });
    hop('pull committed');
    expect(hopMarks().map((m) => [m.name, (m as PerformanceMark).detail])).toEqual([
      ['kizuna-hop:pull start', { keys: 1 }],
      ['kizuna-hop:pull committed', null],
    ]);
  });
});
