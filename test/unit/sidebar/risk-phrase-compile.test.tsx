// @vitest-environment jsdom
// The panel's first live risk score compiled every churn phrase pattern in one idle callback (issue 13: about 120 ms
// quiet, 320 ms in a busy panel, which a thread switch then waited behind). Counted, not timed: how many patterns run
// for the first time (for one-byte or two-byte text) in one task, and how many idle callbacks the reasons wait for.
import { createRoot } from 'react-dom/client';
import { describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../../../components/i18n';
import { db } from '../../../lib/db';
import { INTENT_PHRASES } from '../../../lib/churn/phrases';
import { ContactView } from '../../../entrypoints/sidebar/ContactView';
import { contact, email, DAY } from '../risk/fixtures';

// Every timer callback is a task of its own, counted (test/support/task-counter.ts); idle callbacks run as tasks.
const tasks = await vi.hoisted(async () => (await import('../../support/task-counter')).countTasks());

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;

// Patterns run for the first time on each kind of text, by task.
const firstRuns = new Map<number, string[]>();
const ran = new Set<string>();
INTENT_PHRASES.forEach((phrase, index) => {
  const exec = phrase.pattern.exec.bind(phrase.pattern);
  phrase.pattern.exec = (text: string) => {
    const key = `${index}:${[...text].some((c) => c.charCodeAt(0) > 0xff) ? 'two-byte' : 'one-byte'}`;
    if (!ran.has(key)) {
      ran.add(key);
      firstRuns.set(tasks.id, [...(firstRuns.get(tasks.id) ?? []), key]);
    }
    return exec(text);
  };
});

describe("the side panel's first live risk score", () => {
  it('compiles at most one churn phrase pattern per task, and the reasons wait for a few idle callbacks, not one per pattern', { timeout: 60_000 }, async () => {
    await db.contacts.add(contact({ id: 1, email: 'kim@acme.example' }));
    await db.activities.bulkAdd([
      email('in', Date.now() - DAY, { contactIds: [1], messageId: 'compile-1', snippet: 'The new pricing looks too expensive for us.' }),
      email('in', Date.now() - 2 * DAY, { contactIds: [1], messageId: 'compile-2', snippet: '料金が高すぎるので、解約を検討しています。' }),
    ]);
    const container = document.createElement('div');
    document.body.append(container);
    createRoot(container).render(
      <I18nProvider value={{ t: (key) => key, locale: 'en' }}>
        <ContactView email="kim@acme.example" customFields={[]} onCreate={() => undefined} />
      </I18nProvider>,
    );
    // The idle callbacks run by the time the reasons first show (a poll may look later).
    let idleBeforeReasons: number | undefined;
    const observer = new MutationObserver(() => {
      if (container.querySelector('[data-testid="risk"] .risk-reasons li')) idleBeforeReasons ??= tasks.idleCallbacks;
    });
    observer.observe(container, { childList: true, subtree: true });
    // Scored live, stored, and its reasons shown: every pattern has run on both kinds of text.
    await vi.waitFor(() => expect(idleBeforeReasons).toBeDefined(), { timeout: 30_000 });
    observer.disconnect();
    expect(ran.size).toBe(INTENT_PHRASES.length * 2);
    expect(Math.max(...[...firstRuns.values()].map((keys) => keys.length))).toBe(1);
    // One to score, one to store the score (one more when the details are read again meanwhile): the patterns' jobs are
    // tasks, not idle callbacks each free to wait up to 2 s (50 of them held a loaded machine's reasons back, 893eb3e).
    expect(idleBeforeReasons).toBeLessThanOrEqual(3);
  });
});
