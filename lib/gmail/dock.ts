import { $all, $optional } from './selectors';

/** The in-Gmail dock's width (px). */
export const DOCK_WIDTH = 320;
/** Narrower than this, Gmail's message list and thread would be squeezed: the side panel is better. */
const MIN_MAIN_WIDTH = 480;
const MIN_COLUMN_HEIGHT = 300;

/** Why the dock stays out of Gmail (Kizuna then lives in the browser's side panel and says why). */
export type DockFailure = 'no-column' | 'no-main' | 'geometry' | 'covers-gmail';

export interface DockParts {
  column: HTMLElement;
  icons: HTMLElement;
  main: HTMLElement;
  moles?: HTMLElement;
}

type Rect = Pick<DOMRect, 'left' | 'right' | 'top' | 'bottom' | 'width' | 'height'>;
const overlaps = (a: Rect, b: Rect) => a.width > 0 && a.height > 0 && b.width > 0 && b.height > 0 && a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;

/**
 * The dock's self-test: Gmail's side-panel column with its icon rail, the main container beside it,
 * and their geometry (the column at the window's right edge, tall enough; the main container to its
 * left and wide enough to give up the dock's width).
 */
export function findDockParts(doc: Document): { ok: true; parts: DockParts } | { ok: false; reason: DockFailure } {
  const column = $optional('companionColumn', doc);
  const icons = column && $optional('companionIcons', column);
  if (!column || !icons) return { ok: false, reason: 'no-column' };
  const main = $optional('mainBody', doc);
  if (!main) return { ok: false, reason: 'no-main' };
  const viewport = doc.documentElement.clientWidth;
  const c = column.getBoundingClientRect();
  const m = main.getBoundingClientRect();
  const docked = column.querySelector('#kizuna-dock') !== null;
  if (c.height < MIN_COLUMN_HEIGHT || Math.abs(c.right - viewport) > 2 || m.right > c.left + 1 || m.width < MIN_MAIN_WIDTH + (docked ? 0 : DOCK_WIDTH)) {
    return { ok: false, reason: 'geometry' };
  }
  return { ok: true, parts: { column, icons, main, moles: $optional('moleParent', doc) } };
}

/**
 * Docks a frame in Gmail's side-panel column, left of the icon rail; makes Gmail's main container
 * give up the room and moves compose windows left of the dock, then tells Gmail to lay itself out
 * again. `check()` says whether anything of Gmail's is covered; `remove()` puts everything back.
 */
export function mountDock(doc: Document, parts: DockParts, src: string, title: string): { check(): DockFailure | null; remove(): void } {
  const host = doc.createElement('div');
  host.id = 'kizuna-dock';
  Object.assign(host.style, { width: `${DOCK_WIDTH}px`, flex: 'none', alignSelf: 'stretch', minHeight: `${MIN_COLUMN_HEIGHT}px` });
  const frame = doc.createElement('iframe');
  frame.src = src;
  frame.title = title;
  Object.assign(frame.style, { width: '100%', height: '100%', border: '0', display: 'block', colorScheme: 'normal' });
  host.append(frame);
  const { main, moles } = parts;
  const before = { mainWidth: main.style.getPropertyValue('width'), mainFlex: main.style.getPropertyValue('flex'), molesMargin: moles?.style.getPropertyValue('margin-right') ?? '' };
  const mainLeft = main.getBoundingClientRect().left;
  parts.column.insertBefore(host, parts.icons);
  // Gmail sizes its panes with script; a width it can see, then a resize, keeps its layout in step.
  const room = host.getBoundingClientRect().left - mainLeft;
  if (main.getBoundingClientRect().right > host.getBoundingClientRect().left + 1) {
    main.style.setProperty('flex', `0 0 ${room}px`);
    main.style.setProperty('width', `${room}px`);
  }
  moles?.style.setProperty('margin-right', `${DOCK_WIDTH}px`);
  const view = doc.defaultView;
  view?.dispatchEvent(new Event('resize'));

  return {
    check() {
      const dock = host.getBoundingClientRect();
      if (dock.right > doc.documentElement.clientWidth + 1 || dock.width < DOCK_WIDTH - 1) return 'geometry';
      if (main.getBoundingClientRect().right > dock.left + 1) return 'covers-gmail';
      const gmail = [parts.icons, ...$all('body', doc), ...$all('composeRoot', doc), ...$all('composeBody', doc)];
      return gmail.some((el) => overlaps(dock, el.getBoundingClientRect())) ? 'covers-gmail' : null;
    },
    remove() {
      host.remove();
      const restore = (el: HTMLElement, property: string, value: string) => (value ? el.style.setProperty(property, value) : el.style.removeProperty(property));
      restore(main, 'width', before.mainWidth);
      restore(main, 'flex', before.mainFlex);
      if (moles) restore(moles, 'margin-right', before.molesMargin);
      view?.dispatchEvent(new Event('resize'));
    },
  };
}
