// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { $all, SELECTOR_SOURCES, SELECTORS, type SelectorKey } from '../../../lib/gmail/selectors';
import { gmailPage, inboxHtml, replyBoxHtml, threadViewHtml } from '../../support/gmail-fixture';
import { ME, SAMPLE_THREADS } from '../../support/sample-threads';

// Gmail-shaped pages built from the documented DOM facts (test/support/gmail-fixture.ts).
const FIXTURES = {
  /** Thread 18c2 in the current layout: three messages (one collapsed), cc in the header details of two. */
  'current-thread': () => page(threadViewHtml(thread('18c2b3c4d5e6f7a8'))),
  /** Thread 18c1 in the pre-2023 layout, three expanded messages. */
  'legacy-thread': () => page(threadViewHtml(thread('18c1a2b3c4d5e6f7'), 'legacy')),
  /** Thread 18c1 with the inline reply box open. */
  'reply-open': () => {
    page(threadViewHtml(thread('18c1a2b3c4d5e6f7')));
    document.querySelector('.ip.adB')!.innerHTML = replyBoxHtml();
  },
  /** The inbox list, and a new-message compose window open. */
  'inbox-compose': () => page(inboxHtml(SAMPLE_THREADS), { compose: true }),
  /** Thread 18c1 in Gmail's layout with its right-hand side-panel column, and a compose window open. */
  'side-panel-column': () => page(threadViewHtml(thread('18c1a2b3c4d5e6f7')), { compose: true, sidePanelColumn: true }),
} satisfies Record<string, () => void>;
type Fixture = keyof typeof FIXTURES;

/**
 * How many elements each key matches ($all: the first of its selectors that matches anything) on the
 * fixtures. Every key needs at least one fixture where it matches something: a selector nothing
 * tests is a selector nobody knows still works.
 */
const EXPECTED: Record<SelectorKey, Partial<Record<Fixture, number>>> = {
  threadView: { 'current-thread': 1, 'legacy-thread': 1, 'inbox-compose': 0 },
  message: { 'current-thread': 3, 'legacy-thread': 3, 'inbox-compose': 0 },
  sender: { 'current-thread': 3, 'legacy-thread': 3 },
  // 18c2: Sam → me, Raj, cc my alias (3); Raj → Sam, cc me (2); me → Sam, Raj (2).
  recipients: { 'current-thread': 7, 'legacy-thread': 3 },
  // from, to and cc rows for the two messages with cc.
  detailsRow: { 'current-thread': 6, 'legacy-thread': 0 },
  detailsLabel: { 'current-thread': 6 },
  detailsPeople: { 'current-thread': 7 },
  date: { 'current-thread': 3, 'legacy-thread': 3 },
  body: { 'current-thread': 2, 'legacy-thread': 3 },
  collapsedSnippet: { 'current-thread': 1, 'inbox-compose': 4 },
  subject: { 'current-thread': 1, 'legacy-thread': 1, 'inbox-compose': 0 },
  accountButton: { 'current-thread': 1 },
  composeRoot: { 'reply-open': 1, 'inbox-compose': 1, 'side-panel-column': 1 },
  composeBody: { 'reply-open': 1, 'inbox-compose': 1, 'current-thread': 0 },
  replyButton: { 'current-thread': 1, 'legacy-thread': 1 },
  companionColumn: { 'side-panel-column': 1, 'current-thread': 0 },
  companionIcons: { 'side-panel-column': 1, 'current-thread': 0 },
  mainBody: { 'side-panel-column': 1, 'current-thread': 0 },
  // The mole strip is always there (empty without a compose window).
  moleParent: { 'side-panel-column': 1, 'inbox-compose': 1, 'current-thread': 1 },
};

function thread(id: string) {
  return SAMPLE_THREADS.find((t) => t.id === id)!;
}
function page(main: string, options: { compose?: boolean; sidePanelColumn?: boolean } = {}) {
  document.open();
  document.write(gmailPage({ user: ME, threads: SAMPLE_THREADS, ...options }));
  document.close();
  document.getElementById('gmail-main')!.innerHTML = main;
}

describe('Gmail selectors (lib/gmail/selectors.ts)', () => {
  it('every key has an expected match count on at least one fixture where it matches', () => {
    for (const key of Object.keys(SELECTORS) as SelectorKey[]) {
      const counts = Object.values(EXPECTED[key] ?? {});
      expect(
        counts.some((n) => n > 0),
        `${key}: no fixture where it matches`,
      ).toBe(true);
    }
  });

  it('every selector carries the date or the source of the layout it matches', () => {
    for (const [key, list] of Object.entries(SELECTOR_SOURCES)) {
      expect(list.length, key).toBeGreaterThan(0);
      for (const [selector, source] of list) expect(source, `${key}: ${selector}`).toMatch(/\b20\d\d\b/);
    }
  });

  it('no selector exists only for Kizuna’s own fixtures', () => {
    for (const [key, list] of Object.entries(SELECTORS)) for (const selector of list) expect(selector, key).not.toMatch(/kizuna/i);
  });

  for (const [fixture, build] of Object.entries(FIXTURES) as [Fixture, () => void][]) {
    it(`matches the expected counts on the ${fixture} fixture`, () => {
      build();
      const expected = Object.entries(EXPECTED).flatMap(([key, counts]) => (fixture in counts ? [[key, counts[fixture]]] : []));
      const actual = expected.map(([key]) => [key, $all(key as SelectorKey).length]);
      expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(expected));
    });
  }
});
