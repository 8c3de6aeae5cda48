import type { ContentScriptContext } from 'wxt/utils/content-script-context';

/**
 * Chrome only: a small, labelled Kizuna button at Gmail's right edge that opens the tab's side panel
 * (a click is the user gesture Chrome asks for). Hidden while a panel is connected. It sits in an open
 * shadow root so Gmail's styles leave it alone; styles go through CSSOM, which Gmail's CSP allows.
 */
export function mountOpenButton(ctx: ContentScriptContext, open: () => void): { setVisible(visible: boolean): void } {
  const host = document.createElement('div');
  host.id = 'kizuna-open';
  Object.assign(host.style, { position: 'fixed', right: '0', top: '50%', zIndex: '990', transform: 'translateY(-50%)' });
  const button = document.createElement('button');
  button.type = 'button';
  const label = browser.i18n.getMessage('openPanelButton') || 'Open Kizuna';
  button.setAttribute('aria-label', label);
  button.title = label;
  button.textContent = '絆';
  Object.assign(button.style, {
    width: '28px',
    height: '32px',
    padding: '0',
    border: '1px solid rgba(128,128,128,.4)',
    borderRight: '0',
    borderRadius: '8px 0 0 8px',
    background: '#1a73e8',
    color: '#fff',
    font: '14px/1 sans-serif',
    cursor: 'pointer',
  });
  button.addEventListener('click', open);
  host.attachShadow({ mode: 'open' }).append(button);
  document.body.append(host);
  ctx.onInvalidated(() => host.remove());
  return { setVisible: (visible) => void (host.style.display = visible ? '' : 'none') };
}
