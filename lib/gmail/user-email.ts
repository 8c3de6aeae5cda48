import { SELECTORS } from './selectors';

const EMAIL = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;

/**
 * The signed-in address, read from Gmail's page: the account button's aria-label first, then the
 * document title ("Inbox (3) - you@example.com - Gmail"). Null when neither has it.
 */
export function readUserEmail(doc: Document): string | null {
  for (const selector of SELECTORS.accountButton) {
    for (const el of doc.querySelectorAll(selector)) {
      const found = EMAIL.exec(el.getAttribute('aria-label') ?? '');
      if (found) return found[0].toLowerCase();
    }
  }
  const parts = doc.title.split(' - ');
  for (let i = parts.length - 1; i >= 0; i--) {
    const found = EMAIL.exec(parts[i]);
    if (found) return found[0].toLowerCase();
  }
  return null;
}
