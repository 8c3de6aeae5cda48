/**
 * Every Gmail selector Kizuna uses, newest layout first; older ones are fallbacks. Each carries the
 * date or the source of the layout it matches, and test/unit/gmail/selectors.test.ts holds every key
 * to an expected match count on a fixture. Attributes (role, aria-*, data-*, [email]) are preferred
 * to Gmail's obfuscated class names. "SDK facts" below means the Gmail DOM facts gathered from public
 * Gmail SDK sources, 2023–2026 (docs/browser-testing.md "Gmail DOM facts").
 */
const DATED = {
  /** The open thread's container. */
  threadView: [
    ['.a98.iY', 'thread view since 2023-11 (SDK facts)'],
    ['table.Bs', 'thread view before 2023-11 (SDK facts); TODO [2027-01-01]: drop once no account shows it'],
  ],
  /** One message in the thread. */
  message: [
    ['div.adn[data-message-id]', 'message container with its "#msg-f:" id, 2023–2026 (SDK facts)'],
    ['div.adn.ads', 'message container, 2023–2026 (SDK facts)'],
    ['[data-legacy-message-id]', 'legacy hex message id attribute, 2023–2026 (SDK facts)'],
  ],
  /** The sender inside a message header. */
  sender: [
    ['.gD[email]', 'sender span in the message header, 2023–2026 (SDK facts)'],
    ['h3 span[email]', 'sender heading of the message header, 2023–2026 (SDK facts)'],
    ['td.gF span[email]', 'older sender cell td.gF (SDK facts, 2023–2026)'],
  ],
  /** Recipients of a message as the header shows them (To and Cc together). */
  recipients: [
    ['.hb span[email]', 'recipient line of the message header, 2023–2026 (SDK facts)'],
    ['span.g2[email]', 'recipient spans, 2023–2026 (SDK facts)'],
  ],
  /**
   * Rows of the header's details table ("from:", "to:", "cc:", "reply-to:" in the UI language), when
   * Gmail has rendered it: public Gmail scripts read `div.ajB table.ajC tr.ajv` with the label in
   * `td.gG .gI` and the people in `td.gL [email]` (seen 2026-12).
   */
  detailsRow: [['table.ajC tr.ajv', 'header details rows (public Gmail scripts, 2026-12)']],
  detailsLabel: [['td.gG', 'header details label cell (public Gmail scripts, 2026-12)']],
  detailsPeople: [['td.gL [email]', 'header details people (public Gmail scripts, 2026-12)']],
  /** Date: its full form is in the title attribute. */
  date: [
    ['.g3[title]', 'date span with the full date as title, 2023–2026 (SDK facts)'],
    ['span[title][alt]', 'date span with title and alt, 2023–2026 (SDK facts)'],
    ['td.gH span[title]', 'older date cell td.gH (SDK facts, 2023–2026)'],
  ],
  /** The message body; quoted text sits under blockquote and is left out of snippets. */
  body: [
    ['div.a3s', 'message body, 2023–2026 (SDK facts)'],
    ['div.ii.gt', 'message body wrapper, 2023–2026 (SDK facts)'],
  ],
  /** The snippet Gmail shows for a collapsed message. */
  collapsedSnippet: [
    ['.iA.g6', 'collapsed message snippet, 2023–2026 (SDK facts)'],
    ['span.y2', 'snippet span of list rows and collapsed messages (SDK facts, 2023–2026)'],
  ],
  /** The subject line. */
  subject: [
    ['h2.hP', 'thread subject heading, 2023–2026 (SDK facts)'],
    ['.ha h2', 'subject heading inside the thread header .ha (SDK facts, 2023–2026)'],
  ],
  /** The signed-in account: an element whose aria-label carries the address. */
  accountButton: [
    ['a[aria-label*="@"][href*="accounts.google.com"]', 'Google account button, 2023–2026 (SDK facts)'],
    ['[aria-label*="@"][role="button"]', 'account button as a role=button, 2023–2026 (SDK facts)'],
    ['a[aria-label*="@"]', 'any account link naming the address (SDK facts, 2023–2026)'],
  ],
  /** Compose and reply boxes. */
  composeRoot: [
    ['div.M9', 'compose root, 2023–2026 (SDK facts)'],
    ['div[role="dialog"] form', 'pop-out compose dialog (SDK facts, 2023–2026)'],
    ['.ip.adB', 'inline reply area under the thread (SDK facts, 2023–2026)'],
  ],
  composeBody: [
    ['[g_editable="true"]', 'compose body, 2023–2026 (SDK facts)'],
    ['div[contenteditable="true"][role="textbox"]', 'compose body by role, aria-label "Message Body" (SDK facts, 2023–2026)'],
  ],
  /** The Reply button of the open thread; the last visible one answers the latest message. */
  replyButton: [
    ['[role="button"][data-tooltip="Reply"]', 'message header Reply button, English UI (public sources, listed 2026-11)'],
    ['[role="button"][data-tooltip="返信"]', 'the same, Japanese UI (public sources, listed 2026-11)'],
    ['[role="button"][aria-label="Reply"]', 'Reply button by its label, English UI (public sources, listed 2026-11)'],
    ['[role="button"][aria-label="返信"]', 'the same, Japanese UI (public sources, listed 2026-11)'],
    ['span.ams.bkH', 'the "Reply" link under the last message, any UI language (public sources, listed 2026-11)'],
  ],
  /**
   * The in-Gmail dock (an option, lib/gmail/dock.ts). Source: InboxSDK's Gmail element getter, read
   * 2026-12 (its copy dated 2026-07), which docks in the same column; not yet checked on a live page.
   */
  companionColumn: [['div.aUx', "right-hand column holding Gmail's side panel and its icon rail (InboxSDK, read 2026-12)"]],
  companionIcons: [['.brC-aT5-aOt-Jw[role="complementary"]', 'the side panel\'s icon rail, aria-label "Side panel" (InboxSDK, read 2026-12)']],
  mainBody: [['.no > .nn.bkK', "Gmail's main content body container (InboxSDK, read 2026-12)"]],
  moleParent: [['div.dw .nH > .nH > .no', 'where Gmail puts compose windows and chat moles (InboxSDK, read 2026-12)']],
} as const satisfies Record<string, readonly (readonly [selector: string, source: string])[]>;

export type SelectorKey = keyof typeof DATED;

/** Each key's selectors with the date or source of the layout they match. */
export const SELECTOR_SOURCES: { readonly [K in SelectorKey]: readonly (readonly [selector: string, source: string])[] } = DATED;

/** Each key's selectors, newest layout first. */
export const SELECTORS = Object.fromEntries(Object.entries(DATED).map(([key, list]) => [key, list.map(([selector]) => selector)])) as unknown as {
  readonly [K in SelectorKey]: readonly string[];
};

/** Thread id attributes, in order of preference (SDK facts: `data-legacy-thread-id` hex, then `data-thread-perm-id`). */
export const THREAD_ID_ATTRIBUTES = ['data-legacy-thread-id', 'data-thread-perm-id'] as const;

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
