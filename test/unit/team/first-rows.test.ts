// The question a joining sync host asks after its first write, and a contacts page's answers (lib/team/first-rows.ts),
// over real BroadcastChannels: the host goes on as soon as a page shows the rows, waits while one that lists contacts
// has not yet, and does not wait for a page that is not there or that nobody is looking at.
import { afterEach, describe, expect, it } from 'vitest';
import { answerFirstRows, firstRowsShown, type FirstRowsAnswerer } from '../../../lib/team/first-rows';

const pages: FirstRowsAnswerer[] = [];
afterEach(() => pages.splice(0).forEach((p) => p.stop()));

function page(listing?: () => boolean): FirstRowsAnswerer {
  const answerer = answerFirstRows(listing);
  pages.push(answerer);
  return answerer;
}

/** Resolves with the answer and how long it took. */
async function timedAnswer(answer: Promise<string>): Promise<{ answer: string; ms: number }> {
  const start = performance.now();
  return { answer: await answer, ms: performance.now() - start };
}

describe('a page shows a join’s first rows', () => {
  it('goes on at once when a page shows rows already', async () => {
    page().show(true);
    const { answer, ms } = await timedAnswer(firstRowsShown(5_000, 5_000));
    expect(answer).toBe('shown');
    expect(ms).toBeLessThan(2_000);
  });

  it('waits while a page lists contacts without rows, and goes on once it shows them', async () => {
    const list = page();
    let settled = false;
    const asked = firstRowsShown(5_000, 60_000).then((answer) => ((settled = true), answer));
    // Longer than a page needs to answer "listing" on a free machine, far shorter than the wait.
    await new Promise((r) => setTimeout(r, 300));
    expect(settled).toBe(false);
    list.show(true);
    expect(await asked).toBe('shown');
  });

  it('goes on when no page answers, after the short wait', async () => {
    const { answer, ms } = await timedAnswer(firstRowsShown(100, 60_000));
    expect(answer).toBe('no page');
    expect(ms).toBeLessThan(5_000);
  });

  it('does not wait for a page nobody is looking at', async () => {
    page(() => false);
    expect(await firstRowsShown(100, 60_000)).toBe('no page');
  });

  it('goes on after the long wait when a page that lists contacts never shows them', async () => {
    page();
    expect(await firstRowsShown(5_000, 200)).toBe('late');
  });

  it('answers each question once: a page that went back to no rows waits for them again', async () => {
    const list = page();
    list.show(true);
    expect(await firstRowsShown(5_000, 5_000)).toBe('shown');
    list.show(false);
    const asked = firstRowsShown(5_000, 60_000);
    await new Promise((r) => setTimeout(r, 100));
    list.show(true);
    expect(await asked).toBe('shown');
  });
});
