// @vitest-environment jsdom
import { storedScores } from '../../support/stored-scores';
import { Profiler } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../../../components/i18n';
import { db } from '../../../lib/db';
import type { StoredScore } from '../../../lib/db/types';
import { ContactView } from '../../../entrypoints/sidebar/ContactView';
import { contact } from '../risk/fixtures';

// Updates come from live queries, as in the sidebar: React schedules them itself (no act()).
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;
// jsdom has no idle callbacks (the sidebar stores its score in one after paint).
Object.assign(globalThis, {
  requestIdleCallback: (run: IdleRequestCallback) => setTimeout(() => run({ didTimeout: false, timeRemaining: () => 50 }), 0),
  cancelIdleCallback: (id: number) => clearTimeout(id),
});

// Scoring a contact inside a React render (issue 13: it took the thread switch's frame) is counted: a render is on the
// stack when React's renderWithHooks is (React's development build, which tests run).
const scoring = vi.hoisted(() => ({ calls: 0, inRender: 0 }));
vi.mock('../../../lib/churn/scorer', async (original) => {
  const mod = await original<typeof import('../../../lib/churn/scorer')>();
  return {
    ...mod,
    scoreWith: (...args: Parameters<typeof mod.scoreWith>) => {
      scoring.calls++;
      if (new Error().stack?.includes('renderWithHooks')) scoring.inRender++;
      return mod.scoreWith(...args);
    },
  };
});

// Counts the profile card's renders (the component itself unchanged).
const profileRenders = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../../components/ProfileCard', async (original) => {
  const mod = await original<typeof import('../../../components/ProfileCard')>();
  return { ...mod, ProfileCard: (props: Parameters<typeof mod.ProfileCard>[0]) => (profileRenders.count++, mod.ProfileCard(props)) };
});

let container: HTMLDivElement | undefined;
// The sidebar scores a contact as of the minute (useRisk): a test that ran across a minute's end scored it again, one
// render more. The clock stands still (timers stay real).
beforeEach(() => vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-06-01T10:00:20Z') }));
afterEach(() => (container?.remove(), vi.useRealTimers()));

/** Lets pending live-query reads and renders run (a few macrotasks; nothing is timed). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

const score = (contactId: number, value: number): StoredScore => ({ contactId, score: value, band: 'low', at: Date.now(), basis: 'rules', history: [] });

describe('the sidebar profile and the churn scores', () => {
  it('a stored score written for the shown contact re-renders its risk, not the profile; other contacts’ scores re-render nothing', async () => {
    await db.contacts.bulkAdd([contact({ id: 1, email: 'kim@acme.example' }), ...Array.from({ length: 60 }, (_, i) => contact({ id: i + 2, email: `c${i + 2}@x.example` }))]);
    let commits = 0;
    container = document.createElement('div');
    document.body.append(container);
    const root = createRoot(container);
    root.render(
      <I18nProvider value={{ t: (key) => key, locale: 'en' }}>
        <Profiler id="contact" onRender={() => commits++}>
          <ContactView email="kim@acme.example" customFields={[]} onCreate={() => undefined} />
        </Profiler>
      </I18nProvider>,
    );
    // The profile, then the risk badge (loaded on demand, with the scorer's settings).
    await vi.waitFor(() => expect(container!.querySelector('.contact [class*="risk"]')).not.toBeNull(), { timeout: 5000 });
    // Everything that loads after the profile has arrived (the stored score, the score written after paint).
    await vi.waitFor(async () => expect(await storedScores(db).get(1)).toBeDefined(), { timeout: 5000 });
    await settle();
    const profileBefore = profileRenders.count;

    // Other contacts' scores, one (in the shown contact's block) and sixty, then the shown contact's: only a change of
    // the shown contact's score re-renders, and its badge only: it shows the score written, then the live score stored
    // again (the panel scored this contact otherwise, and stores what it scores before showing it).
    const live = (await storedScores(db).get(1))!;
    const before = commits;
    await storedScores(db).put(score(2, 10));
    await storedScores(db).put({ ...live, score: 99, band: 'high' });
    await vi.waitFor(() => expect(commits).toBeGreaterThan(before), { timeout: 5000 });
    await vi.waitFor(async () => expect((await storedScores(db).get(1))?.score).toBe(live.score), { timeout: 5000 });
    await settle();
    expect(commits).toBe(before + 2);
    expect(container!.querySelector('[data-testid="risk"]')?.getAttribute('data-score')).toBe(String(live.score));
    // Sixty neighbours in the shown contact's block (lib/db/score-blocks.ts): its score is read again, reads the same,
    // and nothing re-renders.
    await storedScores(db).bulkPut(Array.from({ length: 60 }, (_, i) => score(i + 2, 20)));
    await settle();
    expect(commits).toBe(before + 2);
    expect(profileRenders.count).toBe(profileBefore);
    root.unmount();
  });
  it('shows the stored score first and scores the contact after paint, never in a render; reasons once the live score is stored', async () => {
    await db.contacts.bulkAdd([contact({ id: 100, email: 'lee@acme.example' })]);
    // A stored score the live scoring disagrees with (a fresh contact with no mail does not score 77).
    await storedScores(db).put({ ...score(100, 77), band: 'high' });
    scoring.calls = 0;
    scoring.inRender = 0;
    const shownScores: string[] = [];
    container = document.createElement('div');
    document.body.append(container);
    const root = createRoot(container);
    root.render(
      <I18nProvider value={{ t: (key) => key, locale: 'en' }}>
        <Profiler id="contact" onRender={() => shownScores.push(container!.querySelector('[data-testid="risk"]')?.getAttribute('data-score') ?? '')}>
          <ContactView email="lee@acme.example" customFields={[]} onCreate={() => undefined} />
        </Profiler>
      </I18nProvider>,
    );
    await vi.waitFor(() => expect(container!.querySelector('[data-testid="risk"]')).not.toBeNull(), { timeout: 5000 });
    // The first score on screen is the stored one.
    expect(shownScores.find(Boolean)).toBe('77');
    // Scored after paint, its score stored, and then shown with its reasons (a list, no longer "loading").
    await vi.waitFor(async () => expect((await storedScores(db).get(100))?.score).not.toBe(77), { timeout: 5000 });
    const stored = (await storedScores(db).get(100))!;
    await vi.waitFor(() => expect(container!.querySelector('[data-testid="risk"]')?.getAttribute('data-score')).toBe(String(stored.score)), { timeout: 5000 });
    await vi.waitFor(() => expect(container!.querySelector('.risk-reasons .muted')?.textContent).not.toBe('loading'), { timeout: 5000 });
    // Every score shown was the stored one at the time: 77, then the live score once stored.
    expect(new Set(shownScores.filter(Boolean))).toEqual(new Set(['77', String(stored.score)]));
    expect(scoring.calls).toBeGreaterThan(0);
    expect(scoring.inRender).toBe(0);
    root.unmount();
  });
});
