// @vitest-environment jsdom
// The panel's first live risk score compiled every churn phrase pattern in one idle callback (issue 13: about 120 ms
// quiet, 300 ms in a busy panel, which a thread switch then waited behind). Counted, not timed: the patterns run for
// the first time in each idle callback.
import { createRoot } from 'react-dom/client';
import { describe, expect, it } from 'vitest';
import { I18nProvider } from '../../../components/i18n';
import { db } from '../../../lib/db';
import { INTENT_PHRASES } from '../../../lib/churn/phrases';
import { ContactView } from '../../../entrypoints/sidebar/ContactView';
import { storedScores } from '../../support/stored-scores';
import { contact, email, DAY } from '../risk/fixtures';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;

// Patterns run for the first time, per idle callback; `outside` collects first runs anywhere else (a render, a task).
const perCallback: number[] = [];
let current: number[] | null = null;
const outside: number[] = [];
const ran = new Set<number>();
INTENT_PHRASES.forEach((phrase, index) => {
  const exec = phrase.pattern.exec.bind(phrase.pattern);
  phrase.pattern.exec = (text: string) => {
    if (!ran.has(index)) (ran.add(index), (current ?? outside).push(index));
    return exec(text);
  };
});
// jsdom has no idle callbacks: each runs in a task of its own.
Object.assign(globalThis, {
  requestIdleCallback: (run: IdleRequestCallback) =>
    setTimeout(() => {
      const firsts: number[] = [];
      current = firsts;
      try {
        run({ didTimeout: false, timeRemaining: () => 50 });
      } finally {
        current = null;
        perCallback.push(firsts.length);
      }
    }, 0),
  cancelIdleCallback: (id: number) => clearTimeout(id),
});

describe("the side panel's first live risk score", () => {
  it('compiles one churn phrase pattern per idle callback, none elsewhere', { timeout: 60_000 }, async () => {
    await db.contacts.add(contact({ id: 1, email: 'kim@acme.example' }));
    await db.activities.add(email('in', Date.now() - DAY, { contactIds: [1], messageId: 'warm-1', snippet: 'The new pricing looks too expensive for us.' }));
    const container = document.createElement('div');
    document.body.append(container);
    createRoot(container).render(
      <I18nProvider value={{ t: (key) => key, locale: 'en' }}>
        <ContactView email="kim@acme.example" customFields={[]} onCreate={() => undefined} />
      </I18nProvider>,
    );
    // Scored live and stored: the wording was found, so every pattern has run.
    await expect.poll(() => storedScores(db).get(1), { timeout: 30_000 }).toBeDefined();
    expect(ran.size).toBe(INTENT_PHRASES.length);
    expect(outside).toEqual([]);
    expect(Math.max(...perCallback)).toBe(1);
  });
});
