/**
 * Every Gmail selector Kizuna uses, newest layout first; older ones are fallbacks.
 * Sources: public Gmail SDK sources 2023–2026 (see ../shared/BROWSER-TESTING.md "Gmail DOM facts").
 * Attributes (role, aria-*, data-*, [email]) are preferred to Gmail's obfuscated class names.
 */
export const SELECTORS = {
  /** The open thread's container. */
  threadView: [
    '.a98.iY', // since 2023-11
    'table.Bs', // TODO [2027-01-01]: drop the pre-2023 layout once no account shows it
  ],
  /** One message in the thread. */
  message: ['div.adn[data-message-id]', 'div.adn.ads', '[data-legacy-message-id]'],
  /** The sender inside a message header. */
  sender: ['.gD[email]', 'h3 span[email]', 'td.gF span[email]'],
  /** Recipients of a message (To and Cc, the expanded header details). */
  recipients: ['.hb span[email]', 'span.g2[email]'],
  /** Cc recipients, when Gmail marks them apart. */
  ccRecipients: ['.hb .ajv span[email]', '[data-kizuna-cc] span[email]'],
  /** Date: its full form is in the title attribute. */
  date: ['.g3[title]', 'span[title][alt]', 'td.gH span[title]'],
  /** The message body; quoted text sits under blockquote and is left out of snippets. */
  body: ['div.a3s', 'div.ii.gt'],
  /** The snippet Gmail shows for a collapsed message. */
  collapsedSnippet: ['.iA.g6', 'span.y2'],
  /** The subject line. */
  subject: ['h2.hP', '.ha h2'],
  /** Thread id attributes, in order of preference. */
  threadIdAttributes: ['data-legacy-thread-id', 'data-thread-perm-id'],
  /** The signed-in account: an element whose aria-label carries the address. */
  accountButton: [
    'a[aria-label*="@"][href*="accounts.google.com"]',
    '[aria-label*="@"][role="button"]',
    'a[aria-label*="@"]',
  ],
  /** Compose and reply boxes. */
  composeRoot: ['div.M9', 'div[role="dialog"] form', '.ip.adB'],
  composeBody: ['[g_editable="true"]', 'div[contenteditable="true"][role="textbox"]'],
  composeSubject: ['input[name="subjectbox"]'],
  /** The Reply button of the open thread; the last visible one answers the latest message. Listed 2026-11 from public sources. */
  replyButton: [
    '[role="button"][data-tooltip="Reply"]', // message header button, English UI
    '[role="button"][data-tooltip="返信"]', // the same, Japanese UI
    '[role="button"][aria-label="Reply"]',
    '[role="button"][aria-label="返信"]',
    'span.ams.bkH', // "Reply" link under the last message; class-based, so any UI language
  ],
} as const;

export type SelectorKey = keyof typeof SELECTORS;

/** The first element matching any of the key's selectors, or undefined when absence is normal. */
export function $optional<E extends Element = HTMLElement>(key: SelectorKey, root: ParentNode = document): E | undefined {
  for (const selector of SELECTORS[key]) {
    const found = root.querySelector<E>(selector);
    if (found) return found;
  }
  return undefined;
}

/** Every element matching the first of the key's selectors that matches anything. */
export function $all<E extends Element = HTMLElement>(key: SelectorKey, root: ParentNode = document): E[] {
  for (const selector of SELECTORS[key]) {
    const found = root.querySelectorAll<E>(selector);
    if (found.length > 0) return [...found];
  }
  return [];
}
