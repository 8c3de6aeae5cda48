// @vitest-environment jsdom
import { storedScores } from '../../support/stored-scores';
import { Profiler } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
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

// Counts the profile card's renders (the component itself unchanged).
const profileRenders = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../../components/ProfileCard', async (original) => {
  const mod = await original<typeof import('../../../components/ProfileCard')>();
  return { ...mod, ProfileCard: (props: Parameters<typeof mod.ProfileCard>[0]) => (profileRenders.count++, mod.ProfileCard(props)) };
});

let container: HTMLDivElement | undefined;
afterEach(() => container?.remove());

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
    // the shown contact's score re-renders, and its badge only.
    const before = commits;
    await storedScores(db).put(score(2, 10));
    await storedScores(db).put({ ...(await storedScores(db).get(1))!, score: 99, band: 'high' });
    await vi.waitFor(() => expect(commits).toBeGreaterThan(before));
    await settle();
    expect(commits).toBe(before + 1);
    // Sixty neighbours in the shown contact's block (lib/db/score-blocks.ts): its score is read again, reads the same,
    // and nothing re-renders.
    await storedScores(db).bulkPut(Array.from({ length: 60 }, (_, i) => score(i + 2, 20)));
    await settle();
    expect(commits).toBe(before + 1);
    expect(profileRenders.count).toBe(profileBefore);
    root.unmount();
  });
});
