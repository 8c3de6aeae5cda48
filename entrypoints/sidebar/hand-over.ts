// The app taking over from the side panel's first paint (first-paint.ts, issue 13): it renders apart, off the page,
// and replaces the first paint in one step once it shows a contact (the same one, with its score) or a state of its
// own, so the panel never shows the app's "connecting" step, an empty frame or a jump. Keyboard focus follows.
import type { FirstPaint } from './first-paint';

/** How long the first paint's stored score waits for the app's (which comes with the details read after its profile). */
const SCORE_WAIT_MS = 1500;

/** The app's control for one of the first paint's (the same id, label or class). */
function counterpart(element: Element, host: HTMLElement): HTMLElement | null {
  const label = element.getAttribute('aria-label');
  const selector = element.id
    ? `#${CSS.escape(element.id)}`
    : label
      ? `${element.localName}[aria-label="${CSS.escape(label)}"]`
      : element.classList.length
        ? `${element.localName}.${[...element.classList].map((c) => CSS.escape(c)).join('.')}`
        : null;
  return selector ? host.querySelector<HTMLElement>(selector) : null;
}

/**
 * Puts `host` (the app's root, rendered while detached) in the first paint's place once the app shows a contact or a
 * state of its own. When it shows the same contact and the first paint shows a stored score, it waits for the app's
 * score too (up to SCORE_WAIT_MS), unless the first paint is `urgent`.
 */
export function handOver(first: FirstPaint, host: HTMLElement): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const swap = () => {
    observer.disconnect();
    clearTimeout(timer);
    first.stop();
    first.onUrgent = undefined;
    const active = document.activeElement;
    const focus = active && first.root.contains(active) ? counterpart(active, host) : null;
    host.id = first.root.id;
    first.root.replaceWith(host);
    focus?.focus();
    performance.mark('kizuna:takeover');
  };
  const check = () => {
    const profile = host.querySelector('section.profile');
    const other = host.querySelector('[data-status]:not([data-status="connecting"]), .not-created');
    if (!profile && !other) return;
    if (other || profile?.getAttribute('data-email') !== first.email || !first.score || first.urgent || host.querySelector('[data-testid="risk"]')) return swap();
    timer ??= setTimeout(swap, SCORE_WAIT_MS);
  };
  // Callbacks run at the end of the app's render task, before the browser paints it.
  const observer = new MutationObserver(check);
  observer.observe(host, { childList: true, subtree: true });
  first.onUrgent = check;
  check();
}
