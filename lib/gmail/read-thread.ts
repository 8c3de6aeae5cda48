import type { Person, Snapshot, Theme, ThreadMessage } from '../protocol';
import { $all, $optional, SELECTORS, THREAD_ID_ATTRIBUTES } from './selectors';
import { parseGmailDate } from './parse-date';
import { readUserEmail } from './user-email';

const SNIPPET_LENGTH = 240;
const THREAD_HASH = /^#[^/]+(?:\/[^/]+)*\/([A-Za-z0-9_-]{10,})$/;

/** Reads the open thread from Gmail's page: a typed snapshot, or a typed reason it cannot. Never throws. */
export function readThread(doc: Document = document, hash = location.hash): Snapshot {
  const theme = readTheme(doc);
  const userEmail = safe(() => readUserEmail(doc), null);
  const none = (reason: Extract<Snapshot, { status: 'none' }>['reason']): Snapshot => ({ status: 'none', reason, userEmail, theme });
  try {
    const view = visibleThreadView(doc);
    if (!view) return none(THREAD_HASH.test(hash) ? 'layout-unknown' : 'no-thread');
    const messages = $all('message', view)
      .map(readMessage)
      .filter((m): m is ThreadMessage => m !== null);
    if (messages.length === 0) return none($all('message', view).length ? 'no-sender' : 'no-messages');
    return {
      status: 'thread',
      threadId: readThreadId(view, hash) ?? messages[0].messageId,
      subject: clip($optional('subject', view)?.textContent ?? $optional('subject', doc)?.textContent ?? '', 1000),
      userEmail,
      messages,
      theme,
    };
  } catch {
    return none('layout-unknown');
  }
}

function visibleThreadView(doc: Document): Element | undefined {
  for (const selector of SELECTORS.threadView) {
    for (const view of doc.querySelectorAll(selector)) {
      // Gmail keeps earlier views in the DOM and hides them; the open one has messages.
      if (!isHidden(view) && $optional('message', view)) return view;
    }
  }
  return undefined;
}

function isHidden(el: Element): boolean {
  for (let node: Element | null = el; node; node = node.parentElement) {
    if (node.hasAttribute('hidden') || (node as HTMLElement).style?.display === 'none') return true;
  }
  return false;
}

function readMessage(el: Element): ThreadMessage | null {
  const messageId = el.getAttribute('data-legacy-message-id') || el.getAttribute('data-message-id')?.replace(/^#/, '');
  const sender = $optional('sender', el);
  if (!messageId || !sender) return null;
  const from = person(sender);
  if (!from) return null;
  const cc = readCc(el);
  const ccEmails = new Set(cc.map((p) => p.email));
  const to = $all('recipients', el)
    .map(person)
    .filter(isPerson)
    .filter((p) => !ccEmails.has(p.email) && p.email !== from.email);
  const dateTitle = $optional('date', el)?.getAttribute('title') ?? '';
  return { messageId: clip(messageId, 200), from, to: dedupe(to), cc: dedupe(cc), at: parseGmailDate(dateTitle), snippet: readSnippet(el) };
}

// "cc:" in every UI language Gmail labels it so (English, Japanese: "Cc:").
const CC_LABEL = /^\s*cc\s*[:：]?\s*$/i;

/**
 * Cc recipients, from the header's details table when Gmail has rendered it; otherwise Gmail's header
 * shows To and Cc together and every recipient counts as To.
 */
function readCc(el: Element): Person[] {
  for (const row of $all('detailsRow', el)) {
    if (CC_LABEL.test($optional('detailsLabel', row)?.textContent ?? '')) return $all('detailsPeople', row).map(person).filter(isPerson);
  }
  return [];
}

// Gmail mutates its page constantly and the adapter re-reads on each burst: a message body that has
// not changed keeps its snippet instead of being cloned and cleaned again.
const snippets = new WeakMap<Element, { length: number; snippet: string }>();

function readSnippet(el: Element): string {
  const body = $optional('body', el);
  const snippet = body ? cachedBodySnippet(body) : '';
  return snippet || clip(normalise($optional('collapsedSnippet', el)?.textContent ?? ''), SNIPPET_LENGTH);
}

function cachedBodySnippet(body: Element): string {
  const length = body.textContent?.length ?? 0;
  const cached = snippets.get(body);
  if (cached?.length === length) return cached.snippet;
  const copy = body.cloneNode(true) as Element;
  copy.querySelectorAll('blockquote, .gmail_quote, style, script').forEach((q) => q.remove());
  // Lines are block elements in Gmail's bodies: keep a space where each one ends.
  copy.querySelectorAll('div, p, br, li, tr').forEach((block) => block.after(' '));
  const snippet = clip(normalise(copy.textContent ?? ''), SNIPPET_LENGTH);
  snippets.set(body, { length, snippet });
  return snippet;
}

function readThreadId(view: Element, hash: string): string | undefined {
  for (const attribute of THREAD_ID_ATTRIBUTES) {
    const holder = view.querySelector(`[${attribute}]`) ?? (view.hasAttribute(attribute) ? view : null);
    const value = holder?.getAttribute(attribute)?.replace(/^#?thread-f:/, 'thread-f:');
    if (value) return clip(value, 200);
  }
  return THREAD_HASH.exec(hash)?.[1];
}

function person(el: Element): Person | null {
  const email = (el.getAttribute('email') ?? '').trim().toLowerCase();
  if (!email.includes('@')) return null;
  const name = normalise(el.getAttribute('name') || el.textContent || '');
  return { email: clip(email, 320), name: clip(name.includes('@') && name.toLowerCase() === email ? '' : name, 500) };
}

function isPerson(p: Person | null): p is Person {
  return p !== null;
}

function dedupe(people: Person[]): Person[] {
  const seen = new Map<string, Person>();
  for (const p of people) if (!seen.has(p.email) || (!seen.get(p.email)!.name && p.name)) seen.set(p.email, p);
  return [...seen.values()];
}

/** Light or dark, from the luminance of Gmail's page background. */
export function readTheme(doc: Document): Theme {
  const view = doc.defaultView;
  if (!view) return 'light';
  for (const el of [doc.body, doc.documentElement]) {
    if (!el) continue;
    const rgb = /rgba?\((\d+),\s*(\d+),\s*(\d+)(?:,\s*([\d.]+))?/.exec(view.getComputedStyle(el).backgroundColor);
    if (!rgb || rgb[4] === '0') continue;
    const [r, g, b] = [rgb[1], rgb[2], rgb[3]].map(Number);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 128 ? 'dark' : 'light';
  }
  return 'light';
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function clip(text: string, max: number): string {
  return text.length > max ? text.slice(0, max) : text;
}

function safe<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}
