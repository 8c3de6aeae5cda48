// The contacts list's first paint (issue 16): once the entry's raw read of the first page is in (boot.ts), its rows are
// put on the page with plain DOM (contacts/first-view.ts) while React, Dexie and the page's code still load. The app
// renders beside it, hidden (style.css: html[data-first-paint] #root), and takes its place in one step once it shows
// rows of its own, or anything else (takeOver): the page never shows "Loading…" between the two. The first paint is
// inert and busy, so neither the keyboard nor a screen reader meets it half-working; it holds no ids.
import { translate, uiLocale } from '@/lib/i18n';
import { userTimeZone } from '@/lib/churn/working-days';
import { BUILTIN_COLUMNS } from '@/lib/segments/columns';
import type { FirstPage } from '@/lib/workspace/first-page';
import { ROW_HEIGHT, savedColumns } from './contacts/cells';
import { parseRoute } from './route';
import { contactsFirstView } from './contacts/first-view';

/** The longest the app renders hidden before it takes over anyway (a state the hand-over does not know). */
const TAKE_OVER_MS = 10_000;

let painted: HTMLElement | null = null;
// Set once the app shows rows of its own (or another state): a first paint still on its way is dropped.
let done = false;

/**
 * Paints the first page's rows before #root, unless the app already shows its own, the page is empty (the app shows its first
 * run), the route is a segment's (its filter applies) or a column is a custom field's (its label is in the settings).
 */
export function paintFirstRows(page: FirstPage | null): void {
  const root = document.getElementById('root');
  const route = parseRoute(location.hash);
  if (done || !page || page.contacts.length === 0 || !root || ready(root) || route.page !== 'contacts' || route.segmentId !== undefined) return;
  const columns = savedColumns();
  if (!columns.every((key) => (BUILTIN_COLUMNS as readonly string[]).includes(key))) return;
  const locale = uiLocale();
  document.documentElement.lang = locale;
  document.title = translate('appTitle');
  if (matchMedia('(prefers-color-scheme: dark)').matches) document.documentElement.dataset.theme = 'dark';
  // The scroll box: the window's height less 360 px, at least 300 px (contacts.css); and the row half in view.
  const rowsInView = Math.ceil(Math.max(300, innerHeight - 360) / ROW_HEIGHT) + 1;
  const view = contactsFirstView(page, { t: translate, locale, now: Date.now(), timeZone: userTimeZone(), columns, rowsInView });
  view.setAttribute('inert', '');
  view.setAttribute('aria-busy', 'true');
  view.dataset.firstPaint = '';
  root.before(view);
  document.documentElement.dataset.firstPaint = '';
  painted = view;
  timer = setTimeout(swap, TAKE_OVER_MS);
}

let timer: ReturnType<typeof setTimeout> | undefined;

function swap(): void {
  done = true;
  clearTimeout(timer);
  if (!painted) return;
  painted.remove();
  painted = null;
  delete document.documentElement.dataset.firstPaint;
  performance.mark('kizuna:takeover');
}

/** Whether the app, rendering into `root`, shows something to take over with: rows, no rows, or a page of its own. */
function ready(root: HTMLElement): boolean {
  if (root.querySelector('#contacts-rows [role="row"], #contacts-rows .ws-empty')) return true;
  const page = root.querySelector('#page');
  // Anything but a "Loading…" line (the shell's fallback, the contacts page's wait) or the contacts list still without rows.
  return !!page?.firstElementChild && !page.querySelector(':scope > p.muted, :scope > [aria-busy="true"], :scope > .ws-layout');
}

/**
 * Called as the app mounts into `root`: while the first paint is on screen (painted before or after this), the app stays
 * hidden until it shows its own rows (or another state), then replaces the first paint before the browser paints again.
 */
export function takeOver(root: HTMLElement): void {
  // Callbacks run at the end of React's commit (a microtask), before the browser paints it.
  const observer = new MutationObserver(() => {
    if (!ready(root)) return;
    observer.disconnect();
    swap();
  });
  observer.observe(root, { childList: true, subtree: true });
}
