import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createIframeUi } from 'wxt/utils/content-script-ui/iframe';

export const SIDEBAR_WIDTH = 320;
export const COLLAPSED_WIDTH = 40;

/**
 * Docks the sidebar (an extension page in an iframe) to the right of Gmail and makes room for it, so
 * it never covers the message text. Styles are set through CSSOM, which Gmail's CSP allows.
 */
export function mountSidebar(ctx: ContentScriptContext): { setCollapsed(collapsed: boolean): void; focus(): void } {
  const ui = createIframeUi(ctx, {
    page: '/sidebar.html',
    position: 'inline',
    anchor: 'body',
    append: 'last',
    onMount(wrapper, iframe) {
      wrapper.id = 'kizuna-sidebar';
      Object.assign(wrapper.style, { position: 'fixed', top: '0', right: '0', bottom: '0', zIndex: '1000', width: `${SIDEBAR_WIDTH}px` });
      Object.assign(iframe.style, { width: '100%', height: '100%', border: '0', display: 'block', colorScheme: 'normal' });
      iframe.title = browser.i18n.getMessage('sidebarFrameTitle') || 'Kizuna';
      iframe.setAttribute('allow', 'clipboard-write');
    },
  });
  ui.mount();
  const body = document.body;
  const previousMargin = body.style.getPropertyValue('margin-right');
  const setWidth = (width: number) => {
    ui.wrapper.style.width = `${width}px`;
    body.style.setProperty('margin-right', `${width}px`, 'important');
    // Gmail sizes its panes on resize; tell it the room changed.
    window.dispatchEvent(new Event('resize'));
  };
  setWidth(SIDEBAR_WIDTH);
  ctx.onInvalidated(() => body.style.setProperty('margin-right', previousMargin));
  return { setCollapsed: (collapsed) => setWidth(collapsed ? COLLAPSED_WIDTH : SIDEBAR_WIDTH), focus: () => ui.iframe.focus() };
}
